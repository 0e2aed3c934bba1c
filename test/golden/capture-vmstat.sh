#!/usr/bin/env bash
# Capture the golden output of the REAL procps-ng `vmstat` for each fixture under test/fixtures/vmstat/.
# Needs root and util-linux unshare: a private mount namespace bind-mounts the fixture's proc/{stat,vmstat,
# meminfo,uptime,diskstats,slabinfo} over the real ones, so vmstat reads the fixture and nothing else on the
# machine changes. vmstat tells disks from partitions by /sys/block/NAME, which is not bind-mounted: each
# fixture's sys/block holds this machine's disks (the names its diskstats calls disks). Streaming modes
# (`1 2`) read the same unchanged files twice, so their later lines show zero deltas. Each golden is stored
# with the clock (epoch seconds) just before and after the run, for -t; TZ=UTC. Run from anywhere:
#   sudo test/golden/capture-vmstat.sh
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
fixtures="$here/../fixtures/vmstat"
vmstat --version | grep -q 'procps-ng 4.0.2' || { echo "need procps-ng 4.0.2 vmstat" >&2; exit 1; }
export TZ=UTC
modes=("" "-a" "-w" "-a -w" "-S M" "-S k" "-S m" "-S b" "-S K" "-s" "-s -S M" "-s -S b" "-f" "-d" "-d -w" "-D"
       "-p vda" "-p /dev/vda1" "-p vda2" "-m" "1 2" "-n 1 2" "-y 1 1" "-a -w 1 2" "-t" "-w -t" "-S m 1 0")
for dir in "$fixtures"/*/; do
  scenario="$(basename "$dir")"
  out="$here/vmstat/$scenario"
  mkdir -p "$out"
  binds=""
  for f in stat vmstat meminfo uptime diskstats slabinfo; do
    binds="$binds mount --bind '$dir/proc/$f' /proc/$f &&"
  done
  for m in "${modes[@]}"; do
    name="vmstat${m:+_${m// /_}}"
    name="${name//\//%}"
    while :; do
      before=$(date +%s)
      # shellcheck disable=SC2086
      unshare -m sh -c "$binds vmstat $m" > "$out/$name.txt" 2> "$out/$name.err" || true
      after=$(date +%s)
      # A one-shot is retaken when the second changed during it; a stream sleeps, so it always spans seconds.
      case "$m" in *1*) break ;; esac
      [ "$before" = "$after" ] && break
    done
    echo "$before $after" > "$out/$name.now"
  done
done
