#!/usr/bin/env python3
"""Prints the --mutate patterns that rerun only the mutants a (combined) report did not kill.

    mutation/rerun-left.py <report.json> [<area folder, default Session>]

For each file whose source in the report equals the file in src/Ht2.Runtime today, every Survived, Timeout and
NoCoverage mutant becomes a text span (Stryker.NET's `file.cs{first..last}` filter, character indices) around the
mutated code. A file that changed since the report by more than added comment lines is printed whole:
its old results do not hold. Pass
the output to mutation/run.sh, then merge the rerun into the report with `mutation/combine.py --per-mutant`.
"""
import json
import os
import sys

from sourcemap import comment_only_line_map, moved

report = json.load(open(sys.argv[1]))
root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "src", "Ht2.Runtime")
patterns = []
for path, data in sorted(report["files"].items()):
    short = path.split("src/Ht2.Runtime/")[-1]
    left = [m for m in data["mutants"] if m["status"] in ("Survived", "Timeout", "NoCoverage")]
    if not left:
        continue
    current = open(os.path.join(root, short)).read()
    mapping = comment_only_line_map(data["source"], current)
    if mapping is None:
        patterns.append(f"**/{short}")
        continue
    left = [moved(m, mapping) for m in left]
    starts = [0]
    for line in current.splitlines(keepends=True):
        starts.append(starts[-1] + len(line))

    def offset(position):
        # Report columns count from 1; one character of slack each side keeps the mutated node inside the span.
        return starts[position["line"] - 1] + position["column"] - 1

    spans = sorted({(max(0, offset(m["location"]["start"]) - 1), offset(m["location"]["end"]) + 1) for m in left})
    merged = []
    for first, last in spans:
        if merged and first <= merged[-1][1] + 1:
            merged[-1] = (merged[-1][0], max(merged[-1][1], last))
        else:
            merged.append((first, last))
    patterns.append(f"**/{short}" + "".join(f"{{{a}..{b}}}" for a, b in merged))
print(" ".join(f"--mutate '{p}'" for p in patterns))
