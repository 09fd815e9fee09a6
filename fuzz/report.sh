#!/usr/bin/env bash
# fuzz/report.sh [campaign folder]: one markdown row per target from AFL++'s fuzzer_stats of each campaign
# (default fuzz/out/campaign/<target>), the table docs/fuzzing.md records.
set -euo pipefail
cd "$(dirname "$0")"
root=${1:-out/campaign}
echo "| Target | Executions | Fuzzing time | Corpus (queue) | Edges | Stability | Crashes | Hangs |"
echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
for target in frames hpack hpack-diff session roundtrip; do
  stats=$root/$target/default/fuzzer_stats
  [ -f "$stats" ] || { echo "| \`$target\` | not run | | | | | | |"; continue; }
  get() { awk -v k="$1" '$1 == k {print $3}' "$stats"; }
  printf '| `%s` | %s | %d min | %s | %s | %s | %s | %s |\n' "$target" "$(get execs_done | sed ':a;s/\B[0-9]\{3\}\>/,&/;ta')" \
    $(( $(get run_time) / 60 )) "$(get corpus_count)" "$(get edges_found)" "$(get stability)" "$(get saved_crashes)" "$(get saved_hangs)"
done
