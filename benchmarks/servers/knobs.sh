#!/usr/bin/env bash
# Side-by-side comparison of Ht2 server configurations (runtime knobs, server options) against anchor servers,
# rotated in one run: every round runs every variant and each anchor once, the order rotated by one per round.
#
#   benchmarks/servers/knobs.sh --body BYTES [--header-bytes N] -c C -m M --requests N [--rounds R]
#                               [--anchor nghttpd|kestrel|nghttpd,kestrel] [--aot] [--port-base P] [-t THREADS] VARIANT...
#
# A VARIANT is 'name=WORD WORD ...': words of the form NAME=VALUE are environment variables of that server process
# (DOTNET_ThreadPool_UnfairSemaphoreSpinLimit=0, DOTNET_gcServer=1, ...), the other words are extra arguments of
# the sample server (--data-bytes-per-write 65536, ...), but build:DIR runs DIR/Ht2.H2cServer.dll (another build of
# the sample, to compare code changes). 'base=' is the sample as built. Uses the builds in
# benchmarks/servers/out (run.sh builds them; --aot runs out/ht2-aot instead of out/ht2-jit). Prints per round
# req/s and the CPU µs per request of the server and of h2load, then per variant the median req/s and the median of the per-round
# ratios to the anchor.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)
OUT="$HERE/out"
START_TIMEOUT=60
NGHTTPD_WORKERS=1
# shellcheck source=servers.sh
source "$HERE/servers.sh"

BODY="" HEADER_BYTES=0 CLIENTS="" STREAMS="" THREADS=1 REQUESTS="" ROUNDS=3 ANCHOR=nghttpd AOT=0 PORT_BASE=18500
VARIANTS=()
while [ $# -gt 0 ]; do
  case "$1" in
    --body) BODY=$2; shift ;;
    --header-bytes) HEADER_BYTES=$2; shift ;;
    -c) CLIENTS=$2; shift ;;
    -m) STREAMS=$2; shift ;;
    -t) THREADS=$2; shift ;;
    --requests) REQUESTS=$2; shift ;;
    --rounds) ROUNDS=$2; shift ;;
    --anchor) ANCHOR=$2; shift ;;
    --aot) AOT=1 ;;
    --port-base) PORT_BASE=$2; shift ;;
    -h|--help) sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    -*) die "unknown option $1" ;;
    *) VARIANTS+=("$1") ;;
  esac
  shift
done
[ -n "$BODY" ] && [ -n "$CLIENTS" ] && [ -n "$STREAMS" ] && [ -n "$REQUESTS" ] || die "--body, -c, -m and --requests are required"
[ "${#VARIANTS[@]}" -gt 0 ] || die "name at least one variant ('base=' is the sample as built)"
[[ ",$ANCHOR," != *,nghttpd,* ]] || [ "$HEADER_BYTES" -eq 0 ] || die "nghttpd cannot add header fields: use --anchor kestrel"
require_tools
if [ "$AOT" -eq 1 ]; then SAMPLE=("$OUT/ht2-aot/Ht2.H2cServer"); else SAMPLE=(dotnet "$OUT/ht2-jit/Ht2.H2cServer.dll"); fi
[ -e "${SAMPLE[-1]}" ] || die "no build at ${SAMPLE[-1]}: run benchmarks/servers/run.sh once (or --no-build after it)"

WORK=$(mktemp -d "${TMPDIR:-/tmp}/ht2-knobs.XXXXXX")
declare -A PID=() PORT=()
NAMES=()
cleanup() {
  local name
  for name in "${!PID[@]}"; do
    kill -TERM "${PID[$name]}" 2>/dev/null || true
    wait "${PID[$name]}" 2>/dev/null || true
  done
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# Starts NAME on the next port with COMMAND... (environment words first) and waits until it answers with 2xx.
start() {
  local name=$1 port=$((PORT_BASE + ${#NAMES[@]})) deadline
  shift
  port_open "$port" && die "port $port is in use (--port-base)"
  env "$@" </dev/null >"$WORK/$name.log" 2>&1 &
  PID[$name]=$! PORT[$name]=$port
  NAMES+=("$name")
  deadline=$((SECONDS + START_TIMEOUT))
  until h2load -n 1 -c 1 "$(url "$name")" 2>/dev/null | grep ' 1 2xx' > /dev/null; do
    kill -0 "${PID[$name]}" 2>/dev/null || { tail -n 20 "$WORK/$name.log" >&2; die "$name exited"; }
    [ "$SECONDS" -lt "$deadline" ] || die "$name did not answer within ${START_TIMEOUT}s"
    sleep 0.2
  done
  h2load -D 2 -c 8 -m 16 "$(url "$name")" >/dev/null 2>&1 || true
}

url() {
  if [ "$1" = nghttpd ]; then echo "http://127.0.0.1:${PORT[$1]}/body-$BODY"; else echo "http://127.0.0.1:${PORT[$1]}/"; fi
}

header_args=()
[ "$HEADER_BYTES" -eq 0 ] || header_args=(--header-bytes "$HEADER_BYTES")
for variant in "${VARIANTS[@]}"; do
  name=${variant%%=*}
  environment=() arguments=() sample=("${SAMPLE[@]}")
  for word in ${variant#*=}; do
    if [[ $word == build:* ]]; then
      sample=(dotnet "${word#build:}/Ht2.H2cServer.dll")
    elif [[ $word =~ ^[A-Za-z_][A-Za-z0-9_]*= ]]; then
      environment+=("$word")
    else
      arguments+=("$word")
    fi
  done
  start "$name" "${environment[@]}" "${sample[@]}" --port $((PORT_BASE + ${#NAMES[@]})) --body-bytes "$BODY" \
    "${header_args[@]}" "${arguments[@]}"
done
for anchor in ${ANCHOR//,/ }; do
  case "$anchor" in
    nghttpd)
      mkdir -p "$WORK/www"
      pattern_file "$BODY" "$WORK/www/body-$BODY"
      start nghttpd "$(nghttpd_bin)" --no-tls -a 127.0.0.1 -n 1 -d "$WORK/www" $((PORT_BASE + ${#NAMES[@]})) ;;
    kestrel)
      start kestrel dotnet "$OUT/kestrel/KestrelServer.dll" --port $((PORT_BASE + ${#NAMES[@]})) --body-bytes "$BODY" "${header_args[@]}" ;;
    *) die "unknown anchor $anchor (nghttpd, kestrel, or both: nghttpd,kestrel)" ;;
  esac
done

note "body $BODY B, headers +$HEADER_BYTES B, -c $CLIENTS -m $STREAMS -t $THREADS, -n $REQUESTS, $ROUNDS rounds; anchor $ANCHOR"
: >"$WORK/records"
for ((round = 1; round <= ROUNDS; round++)); do
  for ((k = 0; k < ${#NAMES[@]}; k++)); do
    name=${NAMES[$(( (k + round - 1) % ${#NAMES[@]} ))]}
    before=$(cpu_ticks "${PID[$name]}")
    # h2load's own CPU: the shell that ran it reports its reaped children's utime + stime (fields 16 and 17).
    output=$(sh -c 'timeout -k 5 600 h2load "$@" 2>&1; echo "client-ticks $(cut -d" " -f16,17 /proc/$$/stat)"' h2load \
      -n "$REQUESTS" -c "$CLIENTS" -m "$STREAMS" -t "$THREADS" "$(url "$name")") || true
    after=$(cpu_ticks "${PID[$name]}")
    read -r client_user client_system < <(sed -n 's/^client-ticks //p' <<<"$output")
    rps=$(sed -n 's/^finished in .*, \([0-9.]*\) req\/s.*/\1/p' <<<"$output")
    failed=$(sed -n 's/^requests: .* \([0-9]*\) failed.*/\1/p' <<<"$output")
    [ -n "$rps" ] || { echo "$output" | tail -n 5 >&2; die "$name: no h2load summary"; }
    awk -v r="$round" -v n="$name" -v rps="$rps" -v server=$((after - before)) -v client=$((client_user + client_system)) \
      -v hz="$(getconf CLK_TCK)" -v requests="$REQUESTS" -v failed="$failed" \
      'BEGIN { printf "%s %s %s %.2f %.2f %s\n", r, n, rps, server * 1e6 / hz / requests, client * 1e6 / hz / requests, failed }' \
      | tee -a "$WORK/records" >&2
  done
done

python3 - "$ANCHOR" "$WORK/records" <<'EOF'
import statistics, sys
anchors, path = sys.argv[1].split(","), sys.argv[2]
rows = [line.split() for line in open(path)]
rps, cpu, client, failed = {}, {}, {}, {}
for r, name, value, micros, client_micros, fail in rows:
    rps.setdefault(name, {})[r] = float(value)
    cpu.setdefault(name, []).append(float(micros))
    client.setdefault(name, []).append(float(client_micros))
    failed[name] = failed.get(name, 0) + int(fail)
heads = " | ".join(f"÷ {a} (median of rounds) | per-round ratios" for a in anchors)
print(f"| variant | median req/s | {heads} | server CPU µs/request | h2load CPU µs/request | failed |")
print("|---|---:|" + "---:|---|" * len(anchors) + "---:|---:|---:|")
for name in rps:
    cells = []
    for anchor in anchors:
        ratios = [rps[name][r] / rps[anchor][r] for r in rps[name]]
        cells.append(f"{statistics.median(ratios):.2f}× | {', '.join(f'{x:.2f}' for x in ratios)}")
    print(f"| {name} | {statistics.median(rps[name].values()):,.0f} | {' | '.join(cells)} | "
          f"{statistics.median(cpu[name]):.2f} | {statistics.median(client[name]):.2f} | {failed[name]} |")
EOF
