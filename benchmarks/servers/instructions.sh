#!/usr/bin/env bash
# User-space instructions per request of a Native AOT Ht2 server under h2load, counted by valgrind's callgrind: a
# figure the machine's load does not move (this VM exposes no hardware counters to perf stat), with the functions
# that execute them, symbolised from the binary's .dbg file.
#
#   benchmarks/servers/instructions.sh [--binary FILE] [--body BYTES] [--header-bytes N] [-c C] [-m M]
#                                      [--requests N] [--warmup N] [--top K] [--port P]
#
# Defaults: benchmarks/servers/out/ht2-aot/Ht2.H2cServer (run.sh builds it), 1024-byte body, 0 extra header bytes,
# -c 8 -m 16, 10,000 measured requests after 3,000 warm-up requests, top 25 functions, port 18690. The server runs
# under callgrind (about 50 times slower), so it is started afresh; the counters are zeroed after the warm-up and
# dumped after the measured run. Counts cover every thread of the server, spin-waits included (they depend on
# timing: -c 1 runs spin more; the report gives them apart). valgrind 3.19 does not execute AVX-512: build the binary
# for x86-64-v3 or lower (-p:IlcInstructionSet=x86-64-v3) to measure it here.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
BINARY="$HERE/out/ht2-aot/Ht2.H2cServer" BODY=1024 HEADER_BYTES=0 CLIENTS=8 STREAMS=16 REQUESTS=10000 WARMUP=3000
TOP=25 PORT=18690
while [ $# -gt 0 ]; do
  case "$1" in
    --binary) BINARY=$2; shift ;;
    --body) BODY=$2; shift ;;
    --header-bytes) HEADER_BYTES=$2; shift ;;
    -c) CLIENTS=$2; shift ;;
    -m) STREAMS=$2; shift ;;
    --requests) REQUESTS=$2; shift ;;
    --warmup) WARMUP=$2; shift ;;
    --top) TOP=$2; shift ;;
    --port) PORT=$2; shift ;;
    -h|--help) sed -n '2,15p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "instructions.sh: unknown option $1" >&2; exit 2 ;;
  esac
  shift
done
for tool in valgrind callgrind_control callgrind_annotate h2load python3 nm; do
  command -v "$tool" >/dev/null 2>&1 || { echo "instructions.sh: $tool not found (valgrind: apt-get install valgrind)" >&2; exit 1; }
done
[ -x "$BINARY" ] || { echo "instructions.sh: no binary at $BINARY" >&2; exit 1; }

WORK=$(mktemp -d "${TMPDIR:-/tmp}/ht2-instructions.XXXXXX")
VALGRIND_PID=""
cleanup() {
  if [ -n "$VALGRIND_PID" ] && kill -0 "$VALGRIND_PID" 2>/dev/null; then
    kill -TERM "$VALGRIND_PID" 2>/dev/null || true
    wait "$VALGRIND_PID" 2>/dev/null || true
  fi
  rm -rf "$WORK"
}
trap cleanup EXIT

# valgrind 3.19 cannot read the DWARF 5 of the .dbg file next to the binary, so it runs a copy without it; the
# symbols come from the .dbg afterwards.
cp "$BINARY" "$WORK/server"
arguments=(--port "$PORT" --body-bytes "$BODY")
[ "$HEADER_BYTES" -eq 0 ] || arguments+=(--header-bytes "$HEADER_BYTES")
valgrind --tool=callgrind --callgrind-out-file="$WORK/callgrind.out" "$WORK/server" "${arguments[@]}" \
  >"$WORK/server.log" 2>&1 &
VALGRIND_PID=$!
for _ in $(seq 600); do
  (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null && break
  kill -0 "$VALGRIND_PID" 2>/dev/null || { cat "$WORK/server.log" >&2; exit 1; }
  sleep 0.2
done
url="http://127.0.0.1:$PORT/"
h2load -n "$WARMUP" -c "$CLIENTS" -m "$STREAMS" "$url" >/dev/null
callgrind_control --zero "$VALGRIND_PID" >/dev/null 2>&1
summary=$(h2load -n "$REQUESTS" -c "$CLIENTS" -m "$STREAMS" "$url" | grep -E '^requests:')
callgrind_control --dump "$VALGRIND_PID" >/dev/null 2>&1
# Where the binary is mapped (valgrind places a position-independent executable itself): managed code addresses
# are reported absolute.
load_base=$(awk -v file="$WORK/server" '$6 == file && $3 == "00000000" { split($1, range, "-"); print range[1]; exit }' \
  "/proc/$VALGRIND_PID/maps")
echo "h2load $summary"
python3 "$HERE/instructions.py" "$WORK/callgrind.out.1" "$BINARY.dbg" "$REQUESTS" "$TOP" "${load_base:-108000}"
