#!/usr/bin/env bash
# Capture the golden output of the REAL procps-ng `free` for each fixture's proc/meminfo.
# Needs root and util-linux unshare: a private mount namespace bind-mounts the fixture over /proc/meminfo,
# so free reads the fixture and nothing else on the machine changes. Run from anywhere:
#   sudo test/golden/capture-free.sh
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
fixtures="$here/../fixtures"
# One mode a line; the file name is the arguments with spaces as '_' (empty = plain `free`).
modes=("" "-h" "-w" "-t -l -v" "--si -h" "-g" "--giga" "-b" "-m" "-k --si" "--si" "--kilo" "--mega" "--tera"
       "--peta" "--tebi" "--pebi" "-h -w -t -l -v" "--si -h -w -t -l -v" "-b -t -l -v" "-m -w")
free --version | grep -q 'procps-ng 4.0.2' || { echo "need procps-ng 4.0.2 free" >&2; exit 1; }
for dir in "$fixtures"/*/; do
  scenario="$(basename "$dir")"
  [ -f "$dir/proc/meminfo" ] || continue
  out="$here/free/$scenario"
  mkdir -p "$out"
  for m in "${modes[@]}"; do
    name="free${m:+_${m// /_}}"
    # shellcheck disable=SC2086
    unshare -m sh -c "mount --bind '$dir/proc/meminfo' /proc/meminfo && free $m" > "$out/$name.txt"
  done
done
