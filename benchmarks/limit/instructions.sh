#!/usr/bin/env bash
# User-space instructions per batch (all threads of the process, the reader included), counted by valgrind: the
# load-independent figure beside the wall-clock comparison of run.sh (docs/benchmarks.md, "MultiFrameWriter against
# the C limit, like for like"). Kernel instructions are not counted; every strategy makes the same one send per batch.
#   managed: MultiFrameWriter (one Add per frame), CopySend and, on the ack rows, AddFrames (one call): a Native AOT build of Ht2.LimitRunner (valgrind makes the JIT fall back to unoptimized code), run with
#            --spin for two batch counts; the difference of the two totals over the difference of the batch counts
#   C:       writev_limit.c (gcc -O2) under callgrind, dumped at every clock_gettime, so its copy and hybrid
#            strategies are counted on their own, divided by ITERATIONS
# Usage: benchmarks/limit/instructions.sh      (needs gcc, valgrind; LIMIT_C as in run.sh)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
source=${LIMIT_C:-/work/shared/limit/writev_limit.c}
work=$(mktemp -d)
gcc -O2 -o "$work/writev_limit" "$source" -lpthread
dotnet publish "$here/Ht2.LimitRunner.csproj" -c Release -r linux-x64 "-p:CustomBeforeMicrosoftCommonProps=$here/aot.props" \
  -o "$work/aot" -v q -nologo >/dev/null
# valgrind 3.19 cannot read the DWARF 5 of the separate debug file: without it the count is the same, only unnamed.
rm -f "$work/aot/"*.dbg
runner=$work/aot/Ht2.LimitRunner

refs() { sed -n 's/.*I *refs: *//p' | tr -d ','; }

managed() { # strategy shape frames batches1 batches2
  local a b
  a=$(nice -n 19 valgrind --tool=cachegrind --cache-sim=no --cachegrind-out-file=/dev/null "$runner" --spin "$1" --shape "$2" --frames "$3" --batches "$4" 2>&1 | refs)
  b=$(nice -n 19 valgrind --tool=cachegrind --cache-sim=no --cachegrind-out-file=/dev/null "$runner" --spin "$1" --shape "$2" --frames "$3" --batches "$5" 2>&1 | refs)
  echo $(( (b - a) / ($5 - $4) ))
}

c_limit() { # frames payload iterations -> "copy hybrid"
  local out=$work/cg.$1.$2
  nice -n 19 valgrind --tool=callgrind "--dump-before=clock_gettime*" "--callgrind-out-file=$out" "$work/writev_limit" "$1" "$2" "$3" >/dev/null 2>&1
  # Dumps: .1 start-up, .2 seq, .3 copy, .4 writev, .5 hybrid (each from one clock reading to the next).
  local copy hybrid
  copy=$(sed -n 's/^totals: *//p' "$out.3")
  hybrid=$(sed -n 's/^totals: *//p' "$out.5")
  echo "$(( copy / $3 )) $(( hybrid / $3 ))"
}

printf '%-14s %-10s %10s %10s %10s %10s %10s %8s %8s %10s\n' row "C row" MFW CopySend AddFrames "C copy" "C hybrid" "MFW÷C" "MFW÷Copy" "AddFr.÷C"
for spec in "ack 50 0 10000 30000 4000" "control 50 7 10000 30000 4000" "ack 1000 0 1000 3000 200" "control 1000 7 1000 3000 200"; do
  set -- $spec
  mfw=$(managed MultiFrameWriter "$1" "$2" "$4" "$5")
  copysend=$(managed CopySend "$1" "$2" "$4" "$5")
  addframes=0
  [ "$1" = ack ] && addframes=$(managed AddFrames "$1" "$2" "$4" "$5")
  read -r ccopy chybrid < <(c_limit "$2" "$3" "$6")
  fastest=$(( ccopy < chybrid ? ccopy : chybrid ))
  printf '%-14s %-10s %10d %10d %10d %10d %10d %8.2f %8.2f %10.2f\n' "$1 $2" "$2 $3" "$mfw" "$copysend" "$addframes" "$ccopy" \
    "$chybrid" "$(echo "$mfw / $fastest" | bc -l)" "$(echo "$mfw / $copysend" | bc -l)" "$(echo "$addframes / $fastest" | bc -l)"
done
