#!/usr/bin/env bash
# Mutation testing of one area of src/Ht2.Runtime with Stryker.NET (the tool pinned in .config/dotnet-tools.json).
#
#   mutation/run.sh <area> [--quick] [--file <name.cs>] [extra stryker options...]
#
# Areas: Reading, IO, HPACK, Writing, Connection, Session, Transport, Frames.
# Full mode mutates every file of the area and runs every covering test of tests/Ht2.Tests (Session also runs
# tests/Ht2.Conformance.Tests, which drive the session through the H2cServer sample).
# --quick runs only the area's own test folder (tests/Ht2.Tests/<folder>) against the mutants: minutes instead
#   of tens of minutes, but a mutant killed only by another folder's tests shows as surviving.
# --file limits the mutants to one file of the area (e.g. --file SendWindows.cs).
# Reports land in mutation/out/<area>/<timestamp>/reports (mutation-report.html, .json); the summary line
# "Final mutation score" is the killed+timeout score; docs/testing.md counts timeouts separately.
# Stryker builds and swaps the mutated assembly into the test projects' bin folders, so each run works on a
# snapshot of the working tree (tracked and untracked, not ignored files) under $MUTATION_WORK (default
# /tmp/ht2-mutation/<area>-tree): editing and building in the repository during a run cannot disturb it, and runs of
# different areas can overlap.
# The run is niced: the machine is shared, and Stryker uses `concurrency` test hosts (see the config).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
area="${1:?usage: mutation/run.sh <area> [--quick] [--file <name.cs>] [stryker options]}"
shift

config="$root/tests/Ht2.Tests/stryker-config.json"
case "$area" in
  Reading)    globs=("**/Reading/*.cs" "**/Framing/*.cs");  tests="Ht2.Tests.Reading" ;;
  IO)         globs=("**/IO/*.cs" "!**/IO/LibcSyscalls.cs" "!**/IO/AssemblyMarshalling.cs"); tests="Ht2.Tests.IO" ;;
  HPACK)      globs=("**/Hpack/*.cs");                      tests="Ht2.Tests.Hpack" ;;
  Writing)    globs=("**/Writing/*.cs");                    tests="Ht2.Tests.Writing" ;;
  Connection) globs=("**/Connection/*.cs");                 tests="Ht2.Tests.Connection" ;;
  Session)    globs=("**/Session/**/*.cs");                 tests="Ht2.Tests.Session"
              config="$root/tests/Ht2.Conformance.Tests/stryker-config.json" ;;
  Transport)  globs=("**/Transport/*.cs");                  tests="Ht2.Tests.IO" ;;
  Frames)     globs=("**/Frames/*.cs");                     tests="Ht2.Tests.Frames" ;;
  *) echo "unknown area '$area'" >&2; exit 2 ;;
esac

args=()
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) args+=(--test-case-filter "FullyQualifiedName~$tests."); shift ;;
    --file)  globs=("**/${2:?--file needs a file name}"); shift 2 ;;
    *)       args+=("$1"); shift ;;
  esac
done

mutate=()
for g in "${globs[@]}"; do mutate+=(--mutate "$g"); done

out="$root/mutation/out/$area/$(date -u +%Y%m%dT%H%M%SZ)"
mkdir -p "$out"
# The snapshot folder must not be named like an area folder: Stryker matches the globs against full paths, and a
# snapshot under .../Session/ would make "**/Session/**/*.cs" match every file of the runtime.
work="${MUTATION_WORK:-/tmp/ht2-mutation}/$area-tree"
"$root/mutation/snapshot.sh" "$work"
git -C "$root" rev-parse HEAD > "$out/commit"
git -C "$root" status --short > "$out/uncommitted"
cd "$work/src/Ht2.Runtime"
dotnet tool restore >/dev/null
exec nice -n 19 dotnet dotnet-stryker --config-file "${config/#$root/$work}" --output "$out" --log-to-file "${mutate[@]}" "${args[@]}"
