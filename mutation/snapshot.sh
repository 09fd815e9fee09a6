#!/usr/bin/env bash
# Copies the working tree (tracked and untracked files, not ignored ones: no bin/obj) to an empty directory $1,
# so that a run that builds or rewrites files there never disturbs the repository.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
dest="${1:?usage: mutation/snapshot.sh <directory>}"
rm -rf "$dest"
mkdir -p "$dest"
(cd "$root" && git ls-files -co --exclude-standard | while IFS= read -r f; do [ -e "$f" ] && printf '%s\0' "$f"; done \
  | tar --null -T - -cf -) | tar -xf - -C "$dest"
