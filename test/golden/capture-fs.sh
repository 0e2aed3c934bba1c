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
findmnt -F "$mi" -r >"$out/mounts-raw.txt"
findmnt -F "$mi" -P >"$out/mounts-pairs.txt"
findmnt -F "$mi" -r -n -o target,maj:min,fsroot,id -t tmpfs,vfat >"$out/mounts-raw-o.txt"
findmnt -F "$mi" -P -o target,source,propagation,opt-fields,parent >"$out/mounts-pairs-o.txt"
findmnt -F "$mi" -J -o target,id,parent,maj:min,propagation,opt-fields,vfs-options >"$out/mounts-json-o-types.json"
findmnt -F "$mi" -l -O ro >"$out/mounts-O-ro.txt"
findmnt -F "$mi" -l -O +noatime,rw >"$out/mounts-O-plus.txt"
findmnt -F "$mi" -l -O nosuid -o target >"$out/mounts-O-negated.txt"
findmnt -F "$mi" --mountpoint /mnt/over >"$out/mounts-M-over.txt"
findmnt -F "$mi" /boot >"$out/mounts-spec-boot.txt"
findmnt -F "$mi" /dev/sda1 /mnt/efi >"$out/mounts-spec-two.txt"
findmnt -F "$mi" -n -o SOURCE / >"$out/mounts-spec-source.txt"
findmnt -F "$mi" -U -o id,parent,target,source >"$out/mounts-uniq.txt"
findmnt -F "$mi" -d backward -l >"$out/mounts-backward.txt"
findmnt -F "$mi" --tree -t tmpfs,vfat,ext4 -o target,id >"$out/mounts-tree-t.txt"
findmnt -F "$mi" --tree -r -o target,fstype >"$out/mounts-tree-raw.txt"
findmnt -F "$mi" --shadowed -o id,parent,target,source >"$out/mounts-shadowed.txt"
findmnt -F "$mi" --vfs-all -l -o target,vfs-options >"$out/mounts-vfs-all.txt"
# The fixture's fstab, read by the real findmnt as sysmon mounts -s reads it under the root (the SIZE-free
# columns only: findmnt would statfs this machine's directories).
ft=$fx/etc/fstab
findmnt -F "$ft" >"$out/fstab.txt"
findmnt -F "$ft" --vfs-all -o target,vfs-options >"$out/fstab-vfs-all.txt"
findmnt -F "$ft" -J >"$out/fstab.json"
findmnt -F "$ft" -o target,source,freq,passno,label,uuid,partuuid,vfs-options,fs-options,id,maj:min >"$out/fstab-o.txt"
findmnt -F "$ft" -P -t xfs,vfat,swap >"$out/fstab-pairs.txt"
findmnt -F "$ft" -J -o target,freq,passno,uuid,id >"$out/fstab-json-o.json"
findmnt -F "$ft" /boot >"$out/fstab-spec.txt"
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
s lsblk --json >"$out/lsblk-json.json"
s lsblk -J >"$out/lsblk-J.json"
s lsblk -J -b -o name,size,fsuse%,fsavail,mountpoints,pkname -f >"$out/lsblk-J-b-f.json"
s lsblk -l -o name,kname,pkname,path,type,start >"$out/lsblk-l-o.txt"
s lsblk -r -o name,maj:min,mountpoints >"$out/lsblk-raw.txt"
s lsblk -P -o name,size,label,mountpoints >"$out/lsblk-pairs.txt"
s lsblk -d -o name,size,rota,sched,model >"$out/lsblk-d.txt"
s lsblk -x size -o name,size,type >"$out/lsblk-x-size.txt"
s lsblk /dev/sda /dev/nosuch >"$out/lsblk-device-args.txt"
s lsblk -E TYPE -o NAME,TYPE,RO,SIZE >"$out/lsblk-E-type.txt"
s lsblk -l -E RO -o NAME,KNAME,TYPE >"$out/lsblk-l-E-ro.txt"
s lsblk -x SIZE -T -o NAME,SIZE >"$out/lsblk-x-T.txt"
s lsblk --tree=SIZE -o NAME,SIZE,TYPE >"$out/lsblk-tree-size.txt"
s lsblk -o SIZE,NAME,MOUNTPOINTS >"$out/lsblk-o-size-name.txt"
s mounts --df --statfs-timeout 100 >"$out/mounts-df.txt"
