#!/usr/bin/env bash
# Builds the fuzz targets into fuzz/out/bin and instruments Ht2.Runtime.dll for AFL++ with SharpFuzz (the
# sharpfuzz tool pinned in fuzz/dotnet-tools.json). Only Ht2.Runtime is instrumented: coverage of the BCL
# and of the harness would be noise.
set -euo pipefail
cd "$(dirname "$0")"
bin=out/bin
rm -rf "$bin"
dotnet tool restore >/dev/null
dotnet build Ht2.Fuzz -c Release -o "$bin" -p:TreatWarningsAsErrors=true 2>&1 | tail -n 3
dotnet tool run sharpfuzz "$bin/Ht2.Runtime.dll"
echo "instrumented: $bin/Ht2.Runtime.dll"
