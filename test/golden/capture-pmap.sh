#!/usr/bin/env bash
# Capture the golden output of the REAL procps-ng `pmap` for a process whose maps have the hard cases: a
# shared file mapping whose name holds spaces, a deleted file, an anonymous mapping, the heap and the stack.
# Needs root and util-linux unshare. The process is started here (python3), its stat, cmdline, maps and smaps
# are copied into test/fixtures/pmap/proc/PID/ and bind-mounted back over the live files in a private mount
# namespace while the real pmap runs, so the golden and the fixture are the same bytes. Run from anywhere:
#   sudo test/golden/capture-pmap.sh
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
fixture="$here/../fixtures/pmap"
out="$here/pmap"
pmap --version | grep -q 'procps-ng 4.0.2' || { echo "need procps-ng 4.0.2 pmap" >&2; exit 1; }
tmp="$(mktemp -d)"
trap 'kill "$pid" 2>/dev/null || true; rm -rf "$tmp"' EXIT
# The system python (not one from a user's home) and the directory in the environment, not in argv: the
# fixture's command line and paths then hold nothing of the machine it was taken on but /usr.
PMAP_DIR="$tmp" /usr/bin/python3 - <<'PY' &
import mmap, os, sys, time
d = os.environ['PMAP_DIR']
a = open(os.path.join(d, 'data with spaces.bin'), 'w+b'); a.write(b'x' * 65536); a.flush()
m1 = mmap.mmap(a.fileno(), 65536, mmap.MAP_SHARED)
b = open(os.path.join(d, 'gone.bin'), 'w+b'); b.write(b'y' * 8192); b.flush()
m2 = mmap.mmap(b.fileno(), 8192, mmap.MAP_PRIVATE)
os.unlink(os.path.join(d, 'gone.bin'))
m3 = mmap.mmap(-1, 1 << 20)
m3[:4096] = b'z' * 4096
open(os.path.join(d, 'ready'), 'w').close()
time.sleep(600)
PY
pid=$!
while [ ! -e "$tmp/ready" ]; do sleep 0.1; done
rm -rf "$fixture" "$out"
mkdir -p "$fixture/proc/$pid" "$out"
cp /proc/stat "$fixture/proc/stat"
for f in stat cmdline maps smaps; do cat "/proc/$pid/$f" > "$fixture/proc/$pid/$f"; done
# The temporary directory's name changes every run: keep it out of the fixture and the golden.
sed -i "s|$tmp|/tmp/pmap-fixture|g" "$fixture/proc/$pid/maps" "$fixture/proc/$pid/smaps"
binds=""
for f in stat cmdline maps smaps; do binds="$binds mount --bind '$fixture/proc/$pid/$f' /proc/$pid/$f &&"; done
modes=("" "-x" "-X" "-XX" "-d" "-q" "-p" "-x -q" "-X -q" "-XX -q" "-d -q" "-x -p" "-d -p" "-X -p"
       "-A 7f0000000000" "-A 0,7f0000000000" "-x -A 7f0000000000,7fffffffffff")
for m in "${modes[@]}"; do
  name="pmap${m:+_${m// /_}}"
  # shellcheck disable=SC2086
  unshare -m sh -c "$binds pmap $m $pid" > "$out/$name.txt"
done
echo "$pid" > "$out/pid"
