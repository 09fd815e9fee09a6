#!/usr/bin/env bash
# fuzz/report.sh [campaign folder]: one markdown row per target from AFL++'s fuzzer_stats of each campaign
# (default fuzz/out/campaign/<target>), the table docs/fuzzing.md records. A campaign run by several AFL++
# instances (-M/-S: one folder per instance) counts the executions, fuzzing time, crashes and hangs of all of
# them; corpus, edges and stability are the largest instance's.
set -euo pipefail
cd "$(dirname "$0")"
root=${1:-out/campaign}
echo "| Target | Executions | Fuzzing time | Instances | Corpus (queue) | Edges | Stability | Crashes | Hangs |"
echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
for target in frames hpack hpack-diff session roundtrip; do
  files=("$root/$target"/*/fuzzer_stats)
  [ -f "${files[0]}" ] || { echo "| \`$target\` | not run | | | | | | | |"; continue; }
  awk -v target="$target" '
    $1 == "execs_done" { execs += $3 } $1 == "run_time" { time += $3 }
    $1 == "saved_crashes" { crashes += $3 } $1 == "saved_hangs" { hangs += $3 }
    $1 == "corpus_count" && $3 > corpus { corpus = $3 } $1 == "edges_found" && $3 > edges { edges = $3 }
    $1 == "stability" { s = $3; sub("%", "", s); if (s + 0 > stability + 0) stability = s }
    FNR == 1 { instances++ }
    END {
      printf "| `%s` | %s | %d min | %d | %d | %d | %s%% | %d | %d |\n", target, group(execs), time / 60, instances, corpus, edges, stability, crashes, hangs
    }
    function group(n,  digits, out) {
      digits = sprintf("%d", n)
      while (length(digits) > 3) { out = "," substr(digits, length(digits) - 2) out; digits = substr(digits, 1, length(digits) - 3) }
      return digits out
    }' "${files[@]}"
done
