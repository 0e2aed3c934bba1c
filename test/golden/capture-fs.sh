#!/usr/bin/env bash
# Capture golden output for the filesystem commands on test/fixtures/fs-basic.
# - mounts-*: from the REAL util-linux findmnt reading the fixture's mountinfo (findmnt -F FILE), so sysmon
#   must print the same bytes (JSON: the same document).
# - df-*, lsblk-*: df and lsblk cannot read a fixture tree (statfs and sysfs are the live kernel's), so these
#   are sysmon's own output, checked by hand against coreutils/util-linux rules when captured; the live tests
#   (test/live/filesystems-live.test.ts) compare the same code with the real tools on this machine.
set -euo pipefail
cd "$(dirname "$0")/../.."
fx=test/fixtures/fs-basic
out=test/golden/fs
mi=$fx/proc/self/mountinfo
unset NODE_EXTRA_CA_CERTS
findmnt -F "$mi" >"$out/mounts-tree.txt"
findmnt -F "$mi" -l >"$out/mounts-list.txt"
findmnt -F "$mi" -t tmpfs >"$out/mounts-t-tmpfs.txt"
findmnt -F "$mi" -t nocgroup2,proc,tmpfs >"$out/mounts-t-negated.txt"
findmnt -F "$mi" -S tmpfs >"$out/mounts-S-tmpfs.txt"
findmnt -F "$mi" -S /dev/mapper/vg-root >"$out/mounts-S-bind.txt"
findmnt -F "$mi" -n >"$out/mounts-noheadings.txt"
findmnt -F "$mi" -J >"$out/mounts-json.json"
findmnt -F "$mi" -l -J >"$out/mounts-list-json.json"
findmnt -F "$mi" -o id,parent,maj:min,target,fsroot,propagation >"$out/mounts-o-ids.txt"
findmnt -F "$mi" -l -o source,target,vfs-options,fs-options >"$out/mounts-o-options.txt"
findmnt -F "$mi" -J -o target,fstype,maj:min >"$out/mounts-o-json.json"
s() { SYSMON_ROOT=$fx node bin/sysmon "$@" 2>&1 || true; }
s df --statfs-timeout 100 >"$out/df-default.txt"
s df -hT --statfs-timeout 100 >"$out/df-hT.txt"
s df -H --statfs-timeout 100 >"$out/df-H.txt"
s df -i --statfs-timeout 100 >"$out/df-i.txt"
s df -a --statfs-timeout 100 >"$out/df-a.txt"
s df -l -x tmpfs --total -h >"$out/df-local-total.txt"
s df -t tmpfs -B 1M >"$out/df-t-tmpfs-B1M.txt"
s df --output=source,target,pcent,size --sort=-pcent -l >"$out/df-output-sort.txt"
s df -h '/home/user/My Docs/notes/todo.txt' /srv/www/site /nonexistent /etc/hostname >"$out/df-paths.txt"
s lsblk >"$out/lsblk-default.txt"
s lsblk -f >"$out/lsblk-f.txt"
s lsblk -a -p -b >"$out/lsblk-a-p-b.txt"
s lsblk -J >"$out/lsblk-json.json"
s mounts --df --statfs-timeout 100 >"$out/mounts-df.txt"
