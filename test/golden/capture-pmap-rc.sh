#!/usr/bin/env bash
# Capture the golden output of the REAL procps-ng `pmap -C RCFILE` over the process of test/fixtures/pmap (see
# capture-pmap.sh): a sleep is started, the fixture's stat, cmdline, maps and smaps are bind-mounted over its
# files in a private mount namespace, and pmap reads each rc file of test/fixtures/pmap-rc/ (plain, -q, -p).
# The sleep's pid in pmap's first line becomes the fixture's. Needs root and util-linux unshare:
#   sudo test/golden/capture-pmap-rc.sh
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
fixture="$here/../fixtures/pmap"
rcs="$here/../fixtures/pmap-rc"
out="$here/pmap-rc"
pmap --version | grep -q 'procps-ng 4.0.2' || { echo "need procps-ng 4.0.2 pmap" >&2; exit 1; }
fpid="$(cat "$here/pmap/pid")"
sleep 600 &
spid=$!
trap 'kill "$spid" 2>/dev/null || true' EXIT
binds=""
for f in stat cmdline maps smaps; do binds="$binds mount --bind '$fixture/proc/$fpid/$f' /proc/$spid/$f &&"; done
rm -rf "$out"
mkdir -p "$out"
for rc in "$rcs"/*.rc; do
  for m in "" "-q" "-p"; do
    name="$(basename "$rc" .rc)${m:+_${m}}"
    # shellcheck disable=SC2086
    unshare -m sh -c "$binds pmap -C '$rc' $m $spid" > "$out/$name.txt" 2> "$out/$name.err" || true
    sed -i "s/^$spid:/$fpid:/" "$out/$name.txt"
  done
done
