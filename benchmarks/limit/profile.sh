#!/usr/bin/env bash
# Where one strategy's user-space instructions go, by function, counted by callgrind on the Native AOT runner
# (docs/benchmarks.md, "MultiFrameWriter at the C limit: instructions per control frame").
#   valgrind 3.19 gives up on the DWARF 5 of the AOT build's separate debug file, so the symbol table is kept
#   without the DWARF (objcopy --strip-debug) and the binary's debug link is pointed at it: functions are named,
#   lines are not. With --asm SYMBOL, also that function's disassembly with the instructions counted at each address.
# Usage: benchmarks/limit/profile.sh [--asm SYMBOL] STRATEGY SHAPE FRAMES BATCHES
#   e.g. benchmarks/limit/profile.sh --asm Ht2_LimitRunner_Ht2_Benchmarks_MultiFrame_BatchStrategies__MultiFrameWriter \
#        MultiFrameWriter control 1000 1000
# The counts include the runner's 2000 warm-up batches: divide by BATCHES + 2000.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
symbol=
if [ "${1:-}" = --asm ]; then
  symbol=$2
  shift 2
fi
work=$(mktemp -d)
dotnet publish "$here/Ht2.LimitRunner.csproj" -c Release -r linux-x64 "-p:CustomBeforeMicrosoftCommonProps=$here/aot.props" \
  -o "$work/aot" -v q -nologo >/dev/null
runner=$work/aot/Ht2.LimitRunner
objcopy --strip-debug "$runner.dbg" "$work/aot/symbols.dbg"
rm "$runner.dbg"
objcopy --remove-section=.gnu_debuglink "$runner"
objcopy --add-gnu-debuglink="$work/aot/symbols.dbg" "$runner"

out=$work/callgrind.out
nice -n 19 valgrind --tool=callgrind --dump-instr=yes "--callgrind-out-file=$out" "$runner" --spin "$1" --shape "$2" \
  --frames "$3" --batches "$4" >/dev/null 2>&1
# Into a file first: under pipefail a head closing the pipe early would end the script (SIGPIPE).
callgrind_annotate --inclusive=no "$out" >"$work/annotate.txt"
awk '/^Ir/ { shown = 1 } shown && n++ < 25' "$work/annotate.txt"
[ -z "$symbol" ] && exit 0

# valgrind maps the position-independent binary at 0x108000; callgrind writes run-time addresses, objdump file ones.
read -r start size < <(nm -S "$work/aot/symbols.dbg" | awk -v s="$symbol" '$4 == s { print $1, $2 }')
objdump -d --no-show-raw-insn -M intel --start-address=$((16#$start)) --stop-address=$((16#$start + 16#$size)) "$runner" |
  python3 -c '
import re, sys
out, fn, base = sys.argv[1], sys.argv[2], 0x108000
wanted, cost, current, address, skip = set(), {}, None, 0, False
for line in open(out):
    named = re.match(r"c?fn=(\(\d+\))(?: (.*))?", line)
    if named:
        if named.group(2) and named.group(2).strip() == fn:
            wanted.add(named.group(1))
        if line.startswith("fn="):
            current = named.group(1)
        continue
    if line.startswith("calls="):
        skip = True  # the next cost line is the call inclusive cost, not this function own
        continue
    position = re.match(r"(0x[0-9a-f]+|[+-]\d+|\*) \S+ (\d+)", line)
    if position:
        p = position.group(1)
        address = int(p, 16) if p.startswith("0x") else address if p == "*" else address + int(p)
        if not skip and current in wanted:
            cost[address] = cost.get(address, 0) + int(position.group(2))
        skip = False
for line in sys.stdin:
    at = re.match(r"\s+([0-9a-f]+):", line)
    if at:
        print(f"{cost.get(int(at.group(1), 16) + base, 0):>12,} {line.rstrip()}")
' "$out" "$symbol"
