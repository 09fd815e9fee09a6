#!/usr/bin/env bash
# fuzz/run.sh <target> <seconds> [findings folder]
# One AFL++ campaign over the instrumented build (fuzz/build.sh runs first when fuzz/out/bin is missing), seeded
# from fuzz/corpus/<target>. Runs under nice -n 19 (FUZZ_NICE=n sets another niceness). Exit status 1 when AFL++ saved a crash or a hang.
# Targets: frames, hpack, session, roundtrip, hpack-diff (docs/fuzzing.md).
set -euo pipefail
cd "$(dirname "$0")"
target=${1:?target}
seconds=${2:?seconds}
findings=${3:-out/findings/$target}
[ -f out/bin/Ht2.Fuzz.dll ] || ./build.sh

export AFL_SKIP_BIN_CHECK=1 AFL_SKIP_CPUFREQ=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 AFL_NO_UI=1
export AFL_NO_AFFINITY=1 AFL_FAST_CAL=1 DOTNET_TieredPGO=0 DOTNET_TieredCompilation=0
input=$PWD/corpus/$target
# An existing findings folder resumes the campaign it holds (its queue; the corpus folder is read only at the start).
[ -f "$findings/default/fuzzer_stats" ] && input=-
mkdir -p "$findings"
# The campaign runs its own copy of the build, so a rebuild meanwhile does not pull it from under AFL++.
[ -f "$findings/bin/Ht2.Fuzz.dll" ] || cp -r out/bin "$findings/bin"
# FUZZ_EXECS=n also stops the campaign after about n executions.
limit=(-V "$seconds")
[ -n "${FUZZ_EXECS:-}" ] && limit+=(-E "$FUZZ_EXECS")
# On a loaded machine AFL++'s dry run of the first input sometimes sees an empty coverage map from the .NET
# process ("No instrumentation detected") although the same input is covered on the next start; two retries, and
# only for that message, so a real failure still fails.
for attempt in 1 2 3; do
  if nice -n "${FUZZ_NICE:-19}" afl-fuzz -i "$input" -o "$findings" -t 10000 -m none "${limit[@]}" -- dotnet "$findings/bin/Ht2.Fuzz.dll" "$target" \
       > "$findings/afl.log" 2>&1; then
    break
  fi
  if [ "$attempt" -lt 3 ] && grep -q 'No instrumentation detected' "$findings/afl.log" && [ ! -f "$findings/default/fuzzer_stats" ]; then
    echo "$target: AFL++ saw no coverage in its dry run; starting it once more"
    rm -rf "$findings/default"
    continue
  fi
  tail -n 30 "$findings/afl.log"; exit 1
done

stats=$findings/default/fuzzer_stats
grep -E '^(execs_done|execs_per_sec|corpus_count|edges_found|total_edges|saved_crashes|saved_hangs|unique_crashes|unique_hangs) ' "$stats" \
  | sed "s/^/$target: /"
crashes=$(find "$findings/default/crashes" "$findings/default/hangs" -type f ! -name README.txt 2>/dev/null | wc -l)
if [ "$crashes" -ne 0 ]; then
  echo "$target: $crashes crash/hang inputs in $findings/default (replay: dotnet $findings/bin/Ht2.Fuzz.dll $target <file>)"
  exit 1
fi
