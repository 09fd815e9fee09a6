#!/usr/bin/env bash
# h2load over TLS (ALPN h2) against the Ht2 sample server (--tls), nghttpd (TLS) and Kestrel (HTTPS), and h2c
# against the Ht2 sample server on its socket transport and on its pipe transport; 1 KiB bodies, -c 8 -m 16 and
# -c 32 -m 100, in rotation (each round runs every server once, the order shifted by one per round). Prints
# req/s per run and the median per server and row. All servers share one self-signed key/certificate (openssl).
# Before the rounds of a row, every server of the group is warmed up for WARMUP seconds of that row's load
# (discarded): the .NET servers reach their tiered-JIT steady state, and no server's first round, typically
# 2-4x slower, decides a median.
#
#   benchmarks/servers/tls.sh [ROUNDS (3)] [SECONDS per run (3)] [WARMUP seconds per server and row (10)]
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)
ROUNDS=${1:-3} SECONDS_PER_RUN=${2:-3} WARMUP=${3:-10}
WORK=$(mktemp -d)
OUT="$HERE/out/tls"
PIDS=()
cleanup() { for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done; rm -rf "$WORK"; }
trap cleanup EXIT

openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 2 -subj /CN=localhost \
  -keyout "$WORK/key.pem" -out "$WORK/cert.pem" >/dev/null 2>&1
printf 'x%.0s' $(seq 1024) >"$WORK/1k"
dotnet build "$REPO/samples/Ht2.H2cServer" -c Release -o "$OUT/ht2" >/dev/null
dotnet build "$HERE/KestrelServer/KestrelServer.csproj" -c Release -o "$OUT/kestrel" >/dev/null

start() { # name port command...
  local name=$1 port=$2; shift 2
  "$@" >"$WORK/$name.log" 2>&1 &
  PIDS+=($!)
  for _ in $(seq 100); do
    if curl -sk --http2-prior-knowledge -o /dev/null "http://127.0.0.1:$port/1k" 2>/dev/null \
       || curl -sk --http2 -o /dev/null "https://127.0.0.1:$port/1k" 2>/dev/null; then return; fi
    sleep 0.2
  done
  echo "$name did not start" >&2; cat "$WORK/$name.log" >&2; exit 1
}
NGHTTPD=$(command -v nghttpd || echo /usr/sbin/nghttpd)
start ht2-tls 18501 dotnet "$OUT/ht2/Ht2.H2cServer.dll" --port 18501 --tls --cert "$WORK/cert.pem" --key "$WORK/key.pem"
start nghttpd-tls 18502 "$NGHTTPD" --address=127.0.0.1 -d "$WORK" 18502 "$WORK/key.pem" "$WORK/cert.pem"
start kestrel-https 18503 dotnet "$OUT/kestrel/KestrelServer.dll" --port 18503 --cert "$WORK/cert.pem" --key "$WORK/key.pem"
start ht2-socket 18504 dotnet "$OUT/ht2/Ht2.H2cServer.dll" --port 18504
start ht2-pipe 18505 dotnet "$OUT/ht2/Ht2.H2cServer.dll" --port 18505 --pipe
declare -A URL=([ht2-tls]=https://127.0.0.1:18501/1k [nghttpd-tls]=https://127.0.0.1:18502/1k
  [kestrel-https]=https://127.0.0.1:18503/1k [ht2-socket]=http://127.0.0.1:18504/1k [ht2-pipe]=http://127.0.0.1:18505/1k)
GROUPS_TLS=(ht2-tls nghttpd-tls kestrel-https)
GROUPS_H2C=(ht2-socket ht2-pipe)

# h2load runs in request-count mode (-n) only. In timing mode (-D), a client whose TLS handshake completes after
# the duration has ended opens its HTTP/2 session after h2load stopped the others, is never stopped, and sends
# requests until killed: h2load never exits although the server answers every request (h2c connections are made
# by the kernel's accept queue, so only TLS shows it). Each run is therefore sized from a shorter counted run
# (also its warm-up): about SECONDS of requests at that run's rate, at least 10 waves of c × m.
h2load_n() { # server clients streams requests → h2load output; fails unless every request succeeded
  local out
  out=$(timeout 60 h2load -n "$4" -c "$2" -m "$3" "${URL[$1]}" 2>&1) || true
  grep -q "requests: $4 total, $4 started, $4 done, $4 succeeded" <<<"$out" \
    || { echo "h2load failed against $1: $out" >&2; exit 1; }
  echo "$out"
}

run() { # server clients streams [seconds] → req/s
  local waves=$(($2 * $3 * 10)) seconds=${4:-$SECONDS_PER_RUN} rate requests
  rate=$(h2load_n "$1" "$2" "$3" "$waves" | awk '/^finished in/ {printf "%d", $4}')
  requests=$((rate * seconds > waves ? rate * seconds : waves))
  h2load_n "$1" "$2" "$3" "$requests" | awk '/^finished in/ {print $4}'
}

for row in "8 16" "32 100"; do
  read -r clients streams <<<"$row"
  for group in TLS H2C; do
    declare -n servers="GROUPS_$group"
    declare -A results=()
    for server in "${servers[@]}"; do run "$server" "$clients" "$streams" "$WARMUP" >/dev/null; done
    for round in $(seq 0 $((ROUNDS - 1))); do
      n=${#servers[@]}
      for i in $(seq 0 $((n - 1))); do
        server=${servers[$(((i + round) % n))]}
        results[$server]+="$(run "$server" "$clients" "$streams") "
      done
    done
    for server in "${servers[@]}"; do
      median=$(tr ' ' '\n' <<<"${results[$server]}" | grep . | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
      echo "-c $clients -m $streams  $server  median $median req/s  (runs: ${results[$server]})"
    done
    unset -n servers
  done
done
