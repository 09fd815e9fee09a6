#!/usr/bin/env bash
# h2load against the Ht2 sample server (JIT and Native AOT), nghttpd and Kestrel, all h2c on 127.0.0.1, in
# rotation over a grid of rows; prints the medians and writes them as Markdown (see docs/benchmarks.md).
#
#   benchmarks/servers/run.sh [--quick] [--rounds N] [--rows GLOB,...] [--servers NAME,...] [--seconds S]
#                             [--warmup S] [--row-warmup S] [--out FILE] [--note TEXT] [--no-build] [--port-base P]
#                             [--nghttpd-workers N] [--h2load-threads N] [--start-timeout S] [--list]
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)
OUT="$HERE/out"
# shellcheck source=servers.sh
source "$HERE/servers.sh"

usage() {
  sed -n '2,7p' "$0" | sed 's/^# \{0,1\}//'
  cat <<'EOF'

  --quick            smoke run: 1 round, 0.5 s per run, 0.3 s warm-up, no minimum request count (checks that
                     every server and row works; its figures mean little)
  --rounds N         rounds per row; each round runs every server once, the order rotated by one per round (3)
  --rows GLOB,...    only rows whose id matches one of the globs, e.g. 'get-1k-*,post-*' (see --list)
  --servers LIST     a subset of ht2-jit,ht2-aot,nghttpd,kestrel (all)
  --seconds S        aimed length of one measured run: its h2load -n is sized from a timed run of S/4 (3)
  --warmup S         h2load -c 8 -m 16 run against each server after it starts, not measured (2)
  --row-warmup S     h2load run at each row's own -c/-m against each server before the row is sized, not
                     measured (2): a JIT server (Ht2 JIT, Kestrel) then runs tier-1 code profiled on the row's
                     own request pattern, not on the -c 8 -m 16 warm-up's
  --out FILE         Markdown result (benchmarks/servers/results/<UTC date and time>.md)
  --note TEXT        a line printed above the tables (e.g. what else ran on the machine)
  --no-build         use the builds of an earlier run in benchmarks/servers/out
  --port-base P      servers listen on P..P+3 (18400: below Linux's ephemeral range, 32768-60999)
  --nghttpd-workers N  nghttpd -n (1, nghttpd's default)
  --h2load-threads N   h2load -t, at most the row's client count (the number of cores: on rows with several
                     clients one h2load thread is the bound before the fastest servers are, see docs/benchmarks.md)
  --start-timeout S  how long a server may take to answer a first request before the run fails (60)
EOF
}

# The grid. Columns: id, label, response body bytes, extra response header bytes, request body bytes, -c, -m.
ROWS=()
add_rows() {
  local prefix=$1 text=$2 body=$3 header_bytes=$4 upload=$5 concurrency clients streams
  for concurrency in "1 1" "8 16" "32 100" "100 10"; do
    read -r clients streams <<<"$concurrency"
    ROWS+=("$prefix-c$clients|$text, -c $clients -m $streams|$body|$header_bytes|$upload|$clients|$streams")
  done
}
add_rows get-0 "GET 0 B" 0 0 0
add_rows get-1k "GET 1 KiB" 1024 0 0
add_rows get-64k "GET 64 KiB" 65536 0 0
add_rows get-1m "GET 1 MiB" 1048576 0 0
add_rows post-64k "POST 64 KiB → 0 B" 0 0 65536
add_rows hdr-8k "GET 1 KiB + 8 KiB headers" 1024 8192 0

ROUNDS=3 SECONDS_PER_RUN=3 WARMUP=2 ROW_WARMUP=2 MIN_WAVES=2 ROW_GLOBS="*" SERVER_LIST="${ALL_SERVERS[*]}" NOTE="" BUILD=1 QUICK=0
PORT_BASE=18400 NGHTTPD_WORKERS=1 H2LOAD_THREADS=$(nproc) START_TIMEOUT=60 RESULT=""
# The command as typed again: arguments with spaces or quotes single-quoted.
COMMAND_LINE=benchmarks/servers/run.sh
for arg in "$@"; do
  if [[ $arg =~ ^[][A-Za-z0-9_./,=*:+-]+$ ]]; then COMMAND_LINE+=" $arg"; else COMMAND_LINE+=" '${arg//\'/\'\\\'\'}'"; fi
done
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) QUICK=1 ROUNDS=1 SECONDS_PER_RUN=0.5 WARMUP=0.3 ROW_WARMUP=0.3 MIN_WAVES=0 ;;
    --rounds) ROUNDS=$2; shift ;;
    --rows) ROW_GLOBS=$2; shift ;;
    --servers) SERVER_LIST=${2//,/ }; shift ;;
    --seconds) SECONDS_PER_RUN=$2; shift ;;
    --warmup) WARMUP=$2; shift ;;
    --row-warmup) ROW_WARMUP=$2; shift ;;
    --out) RESULT=$2; shift ;;
    --note) NOTE=$2; shift ;;
    --no-build) BUILD=0 ;;
    --port-base) PORT_BASE=$2; shift ;;
    --nghttpd-workers) NGHTTPD_WORKERS=$2; shift ;;
    --h2load-threads) H2LOAD_THREADS=$2; shift ;;
    --start-timeout) START_TIMEOUT=$2; shift ;;
    --list) printf '%s\n' "${ROWS[@]}" | awk -F'|' '{ printf "%-14s %s\n", $1, $2 }'; exit 0 ;;
    -h|--help) usage; exit 0 ;;
    *) usage >&2; die "unknown option $1" ;;
  esac
  shift
done

milliseconds() {
  awk -v s="$1" 'BEGIN { if (s !~ /^[0-9]*\.?[0-9]+$/) exit 1; printf "%d", s * 1000 }' || die "not a number of seconds: $1"
}
RUN_MS=$(milliseconds "$SECONDS_PER_RUN")
WARMUP_MS=$(milliseconds "$WARMUP")
ROW_WARMUP_MS=$(milliseconds "$ROW_WARMUP")
SIZING_MS=$((RUN_MS / 4 > 200 ? RUN_MS / 4 : 200))
# Bounds on every h2load run, so a stalled server cannot hang the run: a timed run gets ten times its length plus a
# minute; a measured run (-n) five minutes more, since its minimum count (MIN_WAVES × c × m of 1 MiB bodies) can
# take a minute on a slow server. A run that hits its bound has no summary and shows up in the failed table.
LONGEST_MS=$(( RUN_MS > WARMUP_MS ? RUN_MS : WARMUP_MS ))
LONGEST_MS=$(( LONGEST_MS > ROW_WARMUP_MS ? LONGEST_MS : ROW_WARMUP_MS ))
H2LOAD_LIMIT=$(( LONGEST_MS * 10 / 1000 + 60 ))
MEASURE_LIMIT=$((H2LOAD_LIMIT + 300))

SELECTED=()
IFS=, read -ra globs <<<"$ROW_GLOBS"
for row in "${ROWS[@]}"; do
  for glob in "${globs[@]}"; do
    # shellcheck disable=SC2053 # the right side is a glob on purpose
    if [[ ${row%%|*} == $glob ]]; then SELECTED+=("$row"); break; fi
  done
done
[ "${#SELECTED[@]}" -gt 0 ] || die "no row matches --rows '$ROW_GLOBS' (see --list)"

require_tools
WORK=$(mktemp -d "${TMPDIR:-/tmp}/ht2-servers.XXXXXX")
RECORDS="$WORK/records.jsonl"
META="$WORK/meta.txt"
: >"$RECORDS"
RESULT=${RESULT:-$HERE/results/$(date -u +%Y-%m-%d_%H%M).md}

cleanup() {
  local status=$?
  stop_all_servers
  if [ "$status" -eq 0 ]; then
    rm -rf "$WORK"
  else
    echo "run.sh: failed (exit $status); logs and h2load output kept in $WORK" >&2
  fi
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

START_DATE=$(date -u '+%Y-%m-%d %H:%M UTC')
LOAD_START=$(cut -d' ' -f1-3 /proc/loadavg)
# shellcheck disable=SC2086 # the list is space-separated names
if [ "$BUILD" -eq 1 ]; then build_servers $SERVER_LIST; else built_servers $SERVER_LIST; fi
ACTIVE=("${READY_SERVERS[@]}")
[ "${#ACTIVE[@]}" -gt 0 ] || die "no server to measure"

port_of() {
  local i
  for i in "${!ALL_SERVERS[@]}"; do
    [ "${ALL_SERVERS[$i]}" != "$1" ] || { echo $((PORT_BASE + i)); return; }
  done
}

# Runs h2load (extra arguments first) against a server for a body, request body and -c/-m, bounded by LIMIT
# seconds, its output in FILE; returns h2load's exit status. --foreground keeps h2load in this script's process
# group, so a Ctrl+C reaches it, the script stops, and the EXIT trap stops the servers.
run_h2load() {
  local limit=$1 output=$2 server=$3 body=$4 upload=$5 clients=$6 streams=$7
  shift 7
  local -a args=("$@" -c "$clients" -m "$streams" -t $((H2LOAD_THREADS < clients ? H2LOAD_THREADS : clients)))
  [ "$upload" -eq 0 ] || args+=(-d "$(upload_file "$upload")")
  timeout --foreground -k 5 "$limit" h2load "${args[@]}" "$(server_url "$server" "$body")" >"$output" 2>&1
}

# The request count of a row for one server: a timed run (h2load -D, also the row's warm-up) gives the rate, and
# -n lasts about --seconds at that rate. A timed run alone would only count the requests that complete inside its
# window, which for large bodies at high concurrency is few or none; every measured run therefore has a fixed
# count of at least MIN_WAVES times the streams in flight (c × m), so the pipeline fills and drains MIN_WAVES times.
request_count() {
  local server=$1 body=$2 upload=$3 clients=$4 streams=$5 output="$WORK/sizing-$1.txt"
  run_h2load "$H2LOAD_LIMIT" "$output" "$server" "$body" "$upload" "$clients" "$streams" -D "${SIZING_MS}ms" || true
  python3 "$HERE/report.py" size --seconds "$SECONDS_PER_RUN" --clients "$clients" \
    --minimum $((MIN_WAVES * clients * streams)) <"$output"
}

# One measured h2load run of REQUESTS requests; appends its record (figures, server CPU ticks) to $RECORDS.
measure() {
  local id=$1 label=$2 server=$3 round=$4 body=$5 upload=$6 clients=$7 streams=$8 requests=$9 before after rc=0
  local output="$WORK/h2load-$id-$server-$round.txt"
  server_check_alive "$server"
  before=$(cpu_ticks "${SERVER_PID[$server]}")
  run_h2load "$MEASURE_LIMIT" "$output" "$server" "$body" "$upload" "$clients" "$streams" -n "$requests" || rc=$?
  server_check_alive "$server"
  after=$(cpu_ticks "${SERVER_PID[$server]}")
  python3 "$HERE/report.py" record --row "$id" --label "$label" --server "$server" --round "$round" \
    --requests "$requests" --ticks $((after - before)) --clk-tck "$(getconf CLK_TCK)" --rc "$rc" <"$output" >>"$RECORDS"
}

# First one request must come back 2xx: the server is up and answers. A connection that succeeds before the
# server listens (a TCP self-connect of the port probe) or a refused first try is retried until --start-timeout;
# then the run fails loudly. Then load that is not measured: JIT tiering, connection handling, page cache settle.
warm_up() {
  local server=$1 body=$2 upload=$3 output="$WORK/warmup-$1.txt" deadline=$((SECONDS + START_TIMEOUT))
  until run_h2load 10 "$output" "$server" "$body" "$upload" 1 1 -n 1 \
      && [[ $(<"$output") =~ [[:space:]]([0-9]+)\ 2xx ]] && [ "${BASH_REMATCH[1]}" -eq 1 ]; do
    server_check_alive "$server"
    if [ "$SECONDS" -ge "$deadline" ]; then
      tail -n 15 "$output" >&2
      die "$server did not answer a first request with 2xx within ${START_TIMEOUT}s (h2load output above)"
    fi
    sleep 0.2
  done
  run_h2load "$H2LOAD_LIMIT" "$output" "$server" "$body" "$upload" 8 16 -D "${WARMUP_MS}ms" \
    || note "$server: warm-up h2load exit $?"
}

# Load at the row's own -c/-m, not measured, before the row is sized. The JIT servers tier their code up on what they
# run: after the -c 8 -m 16 warm-up alone, the paths a -c 1 -m 1 request takes (a read per request, an await
# between requests) were still at tier 0 or instrumented when the first round started (docs/benchmarks.md).
row_warm_up() {
  local server=$1 body=$2 upload=$3 clients=$4 streams=$5
  [ "$ROW_WARMUP_MS" -gt 0 ] || return 0
  run_h2load "$H2LOAD_LIMIT" "$WORK/row-warmup-$server.txt" "$server" "$body" "$upload" "$clients" "$streams" \
    -D "${ROW_WARMUP_MS}ms" || note "$server: row warm-up h2load exit $?"
}

# One row against the running servers: size each server's request count, then ROUNDS rounds in rotated order.
run_row() {
  local id=$1 label=$2 body=$3 header_bytes=$4 upload=$5 clients=$6 streams=$7 server round k
  local -A requests=()
  note "$id: $label"
  for server in "${ACTIVE[@]}"; do
    if server_supports "$server" "$header_bytes"; then
      row_warm_up "$server" "$body" "$upload" "$clients" "$streams"
      requests[$server]=$(request_count "$server" "$body" "$upload" "$clients" "$streams")
    else
      python3 "$HERE/report.py" skip --row "$id" --label "$label" --server "$server" \
        --why "cannot add response header fields" >>"$RECORDS"
    fi
  done
  for ((round = 1; round <= ROUNDS; round++)); do
    for ((k = 0; k < ${#ACTIVE[@]}; k++)); do
      server=${ACTIVE[$(( (k + round - 1) % ${#ACTIVE[@]} ))]}
      [ -n "${requests[$server]:-}" ] || continue
      measure "$id" "$label" "$server" "$round" "$body" "$upload" "$clients" "$streams" "${requests[$server]}"
    done
  done
}

note "${#SELECTED[@]} rows × ${#ACTIVE[@]} servers (${ACTIVE[*]}) × $ROUNDS rounds, ${SECONDS_PER_RUN} s each"
done_configs=" "
for row in "${SELECTED[@]}"; do
  IFS='|' read -r _ _ body header_bytes upload _ _ <<<"$row"
  config="$body/$header_bytes/$upload"
  [[ $done_configs == *" $config "* ]] && continue
  done_configs+="$config "

  note "servers for body $body B, extra headers $header_bytes B, request body $upload B"
  for server in "${ACTIVE[@]}"; do
    if server_supports "$server" "$header_bytes"; then
      server_start "$server" "$(port_of "$server")" "$body" "$header_bytes"
      warm_up "$server" "$body" "$upload"
    fi
  done

  for row_of_config in "${SELECTED[@]}"; do
    IFS='|' read -r id label row_body row_header_bytes row_upload clients streams <<<"$row_of_config"
    [ "$row_body/$row_header_bytes/$row_upload" = "$config" ] || continue
    run_row "$id" "$label" "$body" "$header_bytes" "$upload" "$clients" "$streams"
  done
  stop_all_servers
done

server_notes="Ht2 JIT: samples/Ht2.H2cServer, dotnet build -c Release, run as a dll"
if [[ " ${ACTIVE[*]} " == *" ht2-aot "* ]]; then
  aot_isa=$(aot_instruction_set)
  server_notes+="; Ht2 AOT: the same, dotnet publish -c Release -r linux-x64 with PublishAot, OptimizationPreference=Speed"
  server_notes+=" and IlcInstructionSet=${aot_isa:-(the ILC default)} (the highest level this CPU has; benchmarks/servers/aot.props)"
elif [ "$AOT_FAILED" -eq 1 ]; then
  server_notes+="; Ht2 AOT: **Native AOT publish failed**, not measured"
fi
server_notes+="; nghttpd --no-tls -n $NGHTTPD_WORKERS, default windows, serving a file of the body size (it cannot add"
server_notes+=" response header fields: n/a on header rows); Kestrel: benchmarks/servers/KestrelServer, HTTP/2 only,"
server_notes+=" logging off, dotnet build -c Release. Every response body is the same bytes (i mod 251)."
banner=$NOTE
[ "$QUICK" -eq 0 ] || banner="**Smoke run (--quick): one round of 0.5 s per server, not a measurement.** $NOTE"
{
  echo "date=$START_DATE"
  echo "end=$(date -u '+%H:%M UTC')"
  echo "command=$COMMAND_LINE"
  echo "nproc=$(nproc)"
  echo "cpu=$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)"
  echo "kernel=$(uname -r)"
  echo "dotnet=$(dotnet --version)"
  echo "h2load=$(h2load --version | head -n 1)"
  echo "nghttpd=$("$(nghttpd_bin)" --version | head -n 1)"
  echo "load_start=$LOAD_START"
  echo "load_end=$(cut -d' ' -f1-3 /proc/loadavg)"
  echo "rounds=$ROUNDS"
  echo "servers=${ACTIVE[*]}"
  echo "method=h2load -n N -t min($H2LOAD_THREADS, c), N sized per row and server to last about ${SECONDS_PER_RUN} s (from a timed h2load -D run of $((SIZING_MS))ms at the row's -c/-m, which is also the row's warm-up), at least ${MIN_WAVES} × c × m; servers restarted for each body/header/request-body configuration, checked with one request and warmed up ${WARMUP} s (-c 8 -m 16), then ${ROW_WARMUP} s at each row's -c/-m before it is sized; round r runs every server once, the order rotated by one per round; CPU from /proc/PID/stat before and after each run"
  echo "server_notes=$server_notes"
  echo "banner=$banner"
} >"$META"
mkdir -p "$(dirname "$RESULT")"
python3 "$HERE/report.py" render --records "$RECORDS" --meta "$META" --out "$RESULT"
note "written to $RESULT"
