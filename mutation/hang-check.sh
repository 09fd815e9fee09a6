#!/usr/bin/env bash
# The "broken build" experiment: plants a mutation that makes the code under test hang, then runs the test suite
# the usual way and shows that it fails, naming the tests, in bounded time instead of hanging.
#
#   mutation/hang-check.sh [none|wait|spin|end|reread] [test project, default tests/Ht2.Tests]
#
# none: no mutation, the baseline (same snapshot, build and run).
# wait: SendWindows never grants credit (every DATA send waits forever on the window: blocked threads, pending
#       awaits). spin: VectoredIO.Advance never moves past an entry (every vectored write loops forever on the
#       calling thread, re-sending the same bytes; over an empty entry it loops without a system call).
# end: the session never sets END_STREAM on a DATA frame (no response body ever ends for the peer).
# reread: the session's socket read loop never consumes what it processed (every read processes all earlier
#       bytes again). The mutation is applied to a snapshot under $MUTATION_WORK (default /tmp/ht2-mutation),
#       never to the repository.
set -uo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
kind="${1:-wait}"
project="${2:-tests/Ht2.Tests}"
work="${MUTATION_WORK:-/tmp/ht2-mutation}/hang-$kind"
"$root/mutation/snapshot.sh" "$work"
cd "$work"
case "$kind" in
  none) file= ;;
  wait) file=src/Ht2.Runtime/Connection/SendWindows.cs; from='if (available <= 0)'; to='if (available <= long.MaxValue)' ;;
  spin) file=src/Ht2.Runtime/IO/VectoredIO.WriteAll.cs; from='            index++;'; to='            index += 0;' ;;
  end) file=src/Ht2.Runtime/Session/Ht2Session.Data.cs; from='Flags = slice.EndStream ? FrameFlags.EndStream : FrameFlags.None,'; to='Flags = FrameFlags.None,' ;;
  reread) file=src/Ht2.Runtime/Session/Ht2Session.Driver.cs; from='input.Consume(ProcessInput(input.Span));'; to='_ = ProcessInput(input.Span);' ;;
  *) echo "unknown kind '$kind'" >&2; exit 2 ;;
esac
if [ -n "$file" ]; then
  grep -qF "$from" "$file" || { echo "the code to mutate ('$from' in $file) is gone: update this script" >&2; exit 2; }
  python3 - "$file" "$from" "$to" <<'PY'
import sys
path, old, new = sys.argv[1:]
text = open(path).read()
open(path, 'w').write(text.replace(old, new, 1))
PY
  echo "planted in $file: '$from' -> '$to'"
else
  echo "nothing planted: the healthy suite, built and run the same way (the normal time to compare with)"
fi
start=$(date +%s)
# The test processes append the wait that tripped their breaker here (tests/Shared/WaitBreaker.cs).
export HT2_WAIT_BREAKER_LOG="$work/breaker.log"
# The test processes of this run share a trip (tests/Shared/SharedTrip.cs): named per run, so that a healthy run
# started by the same script after a broken one never sees the broken one's trip.
export HT2_WAIT_BREAKER_RUN="hang-check-$kind-$$-$start"
rm -f "$HT2_WAIT_BREAKER_LOG"
# The whole log goes to the file; the console shows only the failures and the summary. No head in the pipe: a
# reader that quits early would end dotnet test with SIGPIPE and pass that off as the suite failing.
nice -n 10 dotnet test "$project" -c Release 2>&1 | tee "$work/test.log" | grep --line-buffered -E '^\s+Failed |Passed!|Failed!|aborted|hang|Total tests'
status=${PIPESTATUS[0]}
echo "exit status $status after $(( $(date +%s) - start )) s (build included)"
echo "failed: $(grep -cE '^\s+Failed ' "$work/test.log") tests; log: $work/test.log"
# A test the hang guard stopped is the one the blame sequence file shows as not completed.
find "$work" -path '*TestResults*' -name 'Sequence_*.xml' -exec grep -h 'Completed="False"' {} + 2>/dev/null \
  | sed -E 's/.*DisplayName="([^"]*)".*/killed by the hang guard: \1/'
# Each line: the test assembly, then "tripped: <the wait that ran out first>" (in another test process of the run, if
# it says so), or "sweeper: thread <id>: ...": a thread-pool thread the sweeper moved to the idle class after the trip
# (or back, once it waited).
if [ -s "$HT2_WAIT_BREAKER_LOG" ]; then sed 's/^/wait breaker in /' "$HT2_WAIT_BREAKER_LOG"; else echo "wait breaker: never tripped"; fi
if [ -n "$file" ]; then [ "$status" -ne 0 ]; else [ "$status" -eq 0 ]; fi
