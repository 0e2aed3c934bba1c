import { udevTagLink } from '../../parsers/udev-db.js';
import { deviceOfLink } from '../../source/paths.js';

/**
 * The device a `LABEL=`/`UUID=`/`PARTLABEL=`/`PARTUUID=` tag names, from udev's /dev/disk/by-* links (sysmon
 * does not probe the disks for tags, so a tag without a link has no device): null when there is none.
 */
export function deviceOfTag(root: string, tag: string): string | null {
  const link = udevTagLink(tag);
  return link === null ? null : deviceOfLink(root, link);
}
