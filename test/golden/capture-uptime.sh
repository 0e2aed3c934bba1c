#!/usr/bin/env bash
# Capture the golden output of the REAL procps-ng `uptime` for each fixture under test/fixtures/uptime/.
# Needs root and util-linux unshare: a private mount namespace bind-mounts the fixture's proc/uptime and
# proc/loadavg over the real ones and puts its var/run/utmp (or none) on a private tmpfs at /run, so uptime
# reads the fixture and nothing else on the machine changes. The clock is part of the output: each golden is
# stored with the clock (epoch seconds, ns) just before and after the run (retaken when the second changed
# during the run); the test runs sysmon with SYSMON_NOW set to either end. TZ=UTC for both. Run from anywhere:
#   sudo test/golden/capture-uptime.sh
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
fixtures="$here/../fixtures/uptime"
uptime --version | grep -q 'procps-ng 4.0.2' || { echo "need procps-ng 4.0.2 uptime" >&2; exit 1; }
export TZ=UTC
for dir in "$fixtures"/*/; do
  scenario="$(basename "$dir")"
  out="$here/uptime/$scenario"
  mkdir -p "$out"
  for m in "" "-p" "-s" "--pretty" "--since"; do
    name="uptime${m:+_${m// /_}}"
    while :; do
      before=$(date +%s.%N)
      unshare -m sh -c "mount --bind '$dir/proc/uptime' /proc/uptime && mount --bind '$dir/proc/loadavg' /proc/loadavg &&
        mount -t tmpfs none /run && { [ ! -f '$dir/var/run/utmp' ] || cp '$dir/var/run/utmp' /run/utmp; } && uptime $m" \
        > "$out/$name.txt"
      after=$(date +%s.%N)
      [ "${before%.*}" = "${after%.*}" ] && break
    done
    # -s rounds boot time to the nearest second from the sub-second clock: both ends of the run are kept.
    echo "$before $after" > "$out/$name.now"
  done
done
