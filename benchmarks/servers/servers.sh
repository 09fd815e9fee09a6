# Sourced by run.sh: how to build, start, find and stop each server under test. Nothing else starts or stops one.
#
# Servers (the names used in options, records and tables):
#   ht2-jit   samples/Ht2.H2cServer, dotnet build -c Release, run as a dll
#   ht2-aot   the same project, Native AOT (dotnet publish -c Release -r linux-x64)
#   nghttpd   nghttpd --no-tls (nghttp2, C), serving a file of the body size
#   kestrel   benchmarks/servers/KestrelServer (ASP.NET Core Kestrel, HTTP/2 only)
#
# Expects from the caller: REPO, HERE, OUT (build output), WORK (scratch), START_TIMEOUT (s), NGHTTPD_WORKERS.

ALL_SERVERS=(ht2-jit ht2-aot nghttpd kestrel)
declare -A SERVER_PID=() SERVER_PORT=() SERVER_LOG=()
READY_SERVERS=()
AOT_FAILED=0

die() {
  echo "run.sh: error: $*" >&2
  exit 1
}

note() {
  echo "== $*" >&2
}

require_tools() {
  local tool
  for tool in dotnet h2load python3 timeout; do
    command -v "$tool" >/dev/null 2>&1 || die "$tool not found (h2load: run .ci/deps)"
  done
  command -v nghttpd >/dev/null 2>&1 || [ -x /usr/sbin/nghttpd ] || die "nghttpd not found (run .ci/deps)"
}

nghttpd_bin() {
  command -v nghttpd 2>/dev/null || echo /usr/sbin/nghttpd
}

# The highest x86-64 microarchitecture level (x86-64-v4, -v3 or -v2) whose instruction sets this CPU has, or nothing:
# the Native AOT build targets it (IlcInstructionSet), as the JIT targets the CPU it runs on. Without it ILC targets
# its portable default, which has no AVX2, so the vectorised span searches and copies of the AOT build run on 16-byte
# vectors where the JIT uses 32 or 64. The binary then requires that level: it is built and run on this machine only.
aot_instruction_set() {
  if ! cpu_has_flags cx16 lahf_lm popcnt sse4_1 sse4_2 ssse3; then
    echo ""
  elif ! cpu_has_flags avx avx2 bmi1 bmi2 f16c fma abm movbe; then
    echo x86-64-v2
  elif ! cpu_has_flags avx512f avx512bw avx512cd avx512dq avx512vl; then
    echo x86-64-v3
  else
    echo x86-64-v4
  fi
}

# Whether the first CPU of /proc/cpuinfo lists every flag in "$@".
cpu_has_flags() {
  local flags flag
  flags=" $(grep -m1 '^flags' /proc/cpuinfo 2>/dev/null | cut -d: -f2) "
  for flag in "$@"; do
    [[ $flags == *" $flag "* ]] || return 1
  done
}

# Builds what the servers in "$@" need into $OUT and sets READY_SERVERS to those that are ready. A failed Native
# AOT publish is reported and ht2-aot left out; any other failed build is fatal.
build_servers() {
  local server log
  READY_SERVERS=()
  for server in "$@"; do
    log="$WORK/build-$server.log"
    case "$server" in
      ht2-jit)
        note "building ht2-jit (dotnet build -c Release)"
        dotnet build "$REPO/samples/Ht2.H2cServer/Ht2.H2cServer.csproj" -c Release -o "$OUT/ht2-jit" >"$log" 2>&1 \
          || { tail -n 30 "$log" >&2; die "ht2-jit build failed (log above)"; } ;;
      ht2-aot)
        local isa
        isa=$(aot_instruction_set)
        note "publishing ht2-aot (dotnet publish -c Release -r linux-x64, Native AOT, instruction set ${isa:-the ILC default})"
        rm -f "$OUT/ht2-aot/Ht2.H2cServer"
        if ! dotnet publish "$REPO/samples/Ht2.H2cServer/Ht2.H2cServer.csproj" -c Release -r linux-x64 \
            "-p:CustomBeforeMicrosoftCommonProps=$HERE/aot.props" ${isa:+"-p:IlcInstructionSet=$isa"} -o "$OUT/ht2-aot" >"$log" 2>&1 \
            || [ ! -x "$OUT/ht2-aot/Ht2.H2cServer" ]; then
          grep -E ': (error|warning) ' "$log" | sort -u | tail -n 20 >&2
          cp "$log" "$OUT/build-ht2-aot.log"
          note "ht2-aot: Native AOT publish FAILED (errors above, log $OUT/build-ht2-aot.log); going on without it"
          AOT_FAILED=1
          continue
        fi ;;
      kestrel)
        note "building kestrel (benchmarks/servers/KestrelServer, dotnet build -c Release)"
        dotnet build "$HERE/KestrelServer/KestrelServer.csproj" -c Release -o "$OUT/kestrel" >"$log" 2>&1 \
          || { tail -n 30 "$log" >&2; die "kestrel build failed (log above)"; } ;;
      nghttpd) ;;
      *) die "unknown server $server" ;;
    esac
    READY_SERVERS+=("$server")
  done
}

# --no-build: uses the builds of an earlier run in $OUT and sets READY_SERVERS like build_servers.
built_servers() {
  local server
  READY_SERVERS=()
  for server in "$@"; do
    case "$server" in
      ht2-jit) [ -f "$OUT/ht2-jit/Ht2.H2cServer.dll" ] || die "no $OUT/ht2-jit build: run without --no-build" ;;
      ht2-aot) [ -x "$OUT/ht2-aot/Ht2.H2cServer" ] || { note "ht2-aot: no AOT build in $OUT, left out"; AOT_FAILED=1; continue; } ;;
      kestrel) [ -f "$OUT/kestrel/KestrelServer.dll" ] || die "no $OUT/kestrel build: run without --no-build" ;;
      nghttpd) ;;
      *) die "unknown server $server" ;;
    esac
    READY_SERVERS+=("$server")
  done
}

# Whether a server can send the response a row asks for: nghttpd has no way to add response header fields.
server_supports() {
  local server=$1 header_bytes=$2
  [ "$server" != nghttpd ] || [ "$header_bytes" -eq 0 ]
}

# The URL h2load requests from a server for a given body size.
server_url() {
  local server=$1 body=$2
  if [ "$server" = nghttpd ]; then
    echo "http://127.0.0.1:${SERVER_PORT[$server]}/body-$body"
  else
    echo "http://127.0.0.1:${SERVER_PORT[$server]}/"
  fi
}

port_open() {
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

# Starts one server on 127.0.0.1:PORT and waits (at most START_TIMEOUT s) until it accepts connections.
server_start() {
  local server=$1 port=$2 body=$3 header_bytes=$4 log pid deadline
  port_open "$port" && die "port $port is already in use: something else listens there (use --port-base)"
  log="$WORK/$server-$port-b$body-h$header_bytes.log"
  local -a command
  case "$server" in
    ht2-jit) command=(dotnet "$OUT/ht2-jit/Ht2.H2cServer.dll" --port "$port" --body-bytes "$body") ;;
    ht2-aot) command=("$OUT/ht2-aot/Ht2.H2cServer" --port "$port" --body-bytes "$body") ;;
    kestrel) command=(dotnet "$OUT/kestrel/KestrelServer.dll" --port "$port" --body-bytes "$body") ;;
    nghttpd)
      write_body_file "$body"
      command=("$(nghttpd_bin)" --no-tls -a 127.0.0.1 -n "$NGHTTPD_WORKERS" -d "$WORK/www" "$port") ;;
  esac
  if [ "$header_bytes" -gt 0 ]; then
    command+=(--header-bytes "$header_bytes")
  fi

  "${command[@]}" </dev/null >"$log" 2>&1 &
  pid=$!
  SERVER_PID[$server]=$pid
  SERVER_PORT[$server]=$port
  SERVER_LOG[$server]=$log

  deadline=$((SECONDS + START_TIMEOUT))
  until port_open "$port"; do
    if ! kill -0 "$pid" 2>/dev/null; then
      tail -n 20 "$log" >&2
      die "$server exited before listening on port $port (log above: $log)"
    fi
    [ "$SECONDS" -lt "$deadline" ] || { tail -n 20 "$log" >&2; die "$server did not listen on port $port within ${START_TIMEOUT}s"; }
    sleep 0.1
  done
}

# Dies loudly when a server has gone away (crashed mid-run).
server_check_alive() {
  local server=$1
  kill -0 "${SERVER_PID[$server]}" 2>/dev/null && return 0
  tail -n 20 "${SERVER_LOG[$server]}" >&2
  die "$server (pid ${SERVER_PID[$server]}) is no longer running (log above)"
}

# utime + stime of a process and all its threads, in clock ticks (fields 14 and 15 of /proc/PID/stat).
cpu_ticks() {
  local stat rest
  stat=$(<"/proc/$1/stat") || return 1
  rest=${stat##*) }
  # shellcheck disable=SC2086 # word splitting is the point: the fields after the command name
  set -- $rest
  echo $(( ${12} + ${13} ))
}

# SIGTERM, then SIGKILL after 10 s; bounded either way.
server_stop() {
  local server=$1 pid=${SERVER_PID[$1]:-} waited=0
  [ -n "$pid" ] || return 0
  unset "SERVER_PID[$server]"
  kill -TERM "$pid" 2>/dev/null || return 0
  while kill -0 "$pid" 2>/dev/null && [ "$waited" -lt 100 ]; do
    sleep 0.1
    waited=$((waited + 1))
  done
  if kill -0 "$pid" 2>/dev/null; then
    note "$server (pid $pid) ignored SIGTERM for 10 s: SIGKILL"
    kill -KILL "$pid" 2>/dev/null || true
  fi
  wait "$pid" 2>/dev/null || true
}

stop_all_servers() {
  local server
  for server in "${!SERVER_PID[@]}"; do
    server_stop "$server"
  done
}

# Writes N bytes where byte i is (i mod 251), the pattern of samples/Ht2.H2cServer's BodyPattern, unless FILE exists.
pattern_file() {
  [ -f "$2" ] || python3 -c 'import sys; sys.stdout.buffer.write(bytes(i % 251 for i in range(int(sys.argv[1]))))' "$1" >"$2"
}

# The file nghttpd serves for a body size: the same bytes as the other servers' bodies.
write_body_file() {
  mkdir -p "$WORK/www"
  pattern_file "$1" "$WORK/www/body-$1"
}

# A request body of N bytes for h2load -d; prints its path.
upload_file() {
  pattern_file "$1" "$WORK/upload-$1"
  echo "$WORK/upload-$1"
}
