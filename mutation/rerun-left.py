#!/usr/bin/env python3
"""Prints the --mutate patterns that rerun only the mutants a (combined) report did not kill.

    mutation/rerun-left.py <report.json> [--files A.cs,B.cs] [--skip LIST]

--files keeps only those files (names as in the report, e.g. Session/Ht2Session.Data.cs). --skip names a file whose
lines "file:line Mutator" (report coordinates, as `summary.py --list` prints them) are mutants known to live on (a
helper's hand check found no test for them): they keep their earlier status, which only understates the kills.

For each file whose source in the report equals the file in src/Ht2.Runtime today, every Survived, Timeout and
NoCoverage mutant becomes a text span (Stryker.NET's `file.cs{first..last}` filter, character indices) around the
mutated code; every code line that changed since the report (mutation/sourcemap.py) is added whole, since its
mutants have no result yet. Pass
the output to mutation/run.sh, then merge the rerun into the report with `mutation/combine.py --per-mutant`.
"""
import json
import os
import sys

from sourcemap import line_map, moved

def option(name):
    return sys.argv[sys.argv.index(name) + 1] if name in sys.argv else None


report = json.load(open(sys.argv[1]))
only = set(option("--files").split(",")) if option("--files") else None
skip = {tuple(line.split()[:2]) for line in open(option("--skip"))} if option("--skip") else set()
root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "src", "Ht2.Runtime")
patterns = []
for path, data in sorted(report["files"].items()):
    short = path.split("src/Ht2.Runtime/")[-1]
    if all(m["status"] == "Ignored" and "mutate filter" in m.get("statusReason", "") for m in data["mutants"]):
        continue  # a file the report did not test
    if only is not None and short not in only:
        continue
    left = [m for m in data["mutants"] if m["status"] in ("Survived", "Timeout", "NoCoverage")
            and (f"{short}:{m['location']['start']['line']}", m["mutatorName"].split()[0]) not in skip]
    current = open(os.path.join(root, short)).read()
    mapping, changed = line_map(data["source"], current)
    if not left and not changed:
        continue
    left = [m for m in (moved(m, mapping) for m in left) if m is not None]
    starts = [0]
    for line in current.splitlines(keepends=True):
        starts.append(starts[-1] + len(line))

    def offset(position):
        # Report columns count from 1; one character of slack each side keeps the mutated node inside the span.
        return starts[position["line"] - 1] + position["column"] - 1

    spans = {(max(0, offset(m["location"]["start"]) - 1), offset(m["location"]["end"]) + 1) for m in left}
    spans |= {(starts[line - 1], starts[line] - 1) for line in changed}
    spans = sorted(spans)
    merged = []
    for first, last in spans:
        if merged and first <= merged[-1][1] + 1:
            merged[-1] = (merged[-1][0], max(merged[-1][1], last))
        else:
            merged.append((first, last))
    patterns.append(f"**/{short}" + "".join(f"{{{a}..{b}}}" for a, b in merged))
print(" ".join(f"--mutate '{p}'" for p in patterns))
