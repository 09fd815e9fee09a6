#!/usr/bin/env bash
# fuzz/minimise.sh [target...]
# Replaces fuzz/corpus/<target> with the afl-cmin minimum of what it holds plus the queues of the campaign in
# $FUZZ_CAMPAIGN/<target> (default fuzz/out/campaign; every AFL++ instance's queue when there is one): the
# smallest set of inputs that reaches every edge either reached.
set -euo pipefail
cd "$(dirname "$0")"
[ -f out/bin/Ht2.Fuzz.dll ] || ./build.sh
export AFL_SKIP_BIN_CHECK=1 AFL_NO_AFFINITY=1
dotnet=$(command -v dotnet)
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(frames hpack hpack-diff session roundtrip)
for target in "${targets[@]}"; do
  pool=out/min-pool/$target
  rm -rf "$pool" "out/min/$target" && mkdir -p "$pool"
  cp corpus/"$target"/* "$pool"/
  # Queue entries get short names without the ':' and ',' AFL++ uses.
  for f in "${FUZZ_CAMPAIGN:-out/campaign}/$target"/*/queue/id:*; do
    [ -f "$f" ] && cp "$f" "$pool/q-$(sha1sum "$f" | cut -c1-12)"
  done
  nice -n 19 afl-cmin -i "$pool" -o "out/min/$target" -m none -t 10000 -- "$dotnet" out/bin/Ht2.Fuzz.dll "$target" >/dev/null
  rm -rf corpus/"$target" && cp -r "out/min/$target" corpus/"$target"
  echo "$target: $(ls "$pool" | wc -l) inputs -> $(ls corpus/"$target" | wc -l), $(du -sh corpus/"$target" | cut -f1)"
done
