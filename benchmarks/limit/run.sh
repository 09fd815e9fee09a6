#!/usr/bin/env bash
# MultiFrameWriter and CopySend against the C limit program, timed the same way and interleaved round by round
# (docs/benchmarks.md, "MultiFrameWriter against the C limit, like for like").
# Usage: benchmarks/limit/run.sh [--rounds N] [--scale K] [--fresh-connections]
#   --fresh-connections: each managed strategy's passes of a round run on a new loopback connection (each C run has
#   its own, in its own process); without it one connection serves the whole run
#   LIMIT_C   the C limit source (default /work/shared/limit/writev_limit.c); built once with gcc -O2 like its run.sh
#   NICE      the niceness every benchmark process runs at (default 19: the machine is shared)
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
source=${LIMIT_C:-/work/shared/limit/writev_limit.c}
bin=$(mktemp -d)/writev_limit
gcc -O2 -o "$bin" "$source" -lpthread
dotnet build "$root/benchmarks/limit" -c Release -v q -nologo >/dev/null
exec nice -n "${NICE:-19}" dotnet "$root/benchmarks/limit/bin/Release/net10.0/Ht2.LimitRunner.dll" --c "$bin" "$@"
