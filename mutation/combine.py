#!/usr/bin/env python3
"""Combines a whole-area Stryker report with per-file reruns into one report that summary.py can count.

    mutation/combine.py <combined.json> <area-report.json> <rerun-report.json>...

Each rerun replaces, file by file, the mutants of the files it tested (a file with at least one mutant that the
rerun's mutate filter did not remove); later reruns win over earlier ones. The other files keep the area report's
mutants. Only the mutants the rerun tested are replaced (matched by location, mutator and replacement); the
earlier results of lines that did not change since (mutation/sourcemap.py: equal lines, comments free to change)
are kept, moved to today's line numbers, and those of changed code lines are dropped: a rerun narrowed by
mutation/rerun-left.py to the mutants left alive and the changed lines keeps the earlier kills of the rest. Prints which report each file's mutants come from; then run
`mutation/summary.py <combined.json> --list` for the figure.
"""
import json
import sys

from sourcemap import line_map, moved


def short(path):
    return path.split("src/Ht2.Runtime/")[-1]


def filtered(mutant):
    return mutant["status"] == "Ignored" and "mutate filter" in mutant.get("statusReason", "")


def key(mutant):
    start, end = mutant["location"]["start"], mutant["location"]["end"]
    return (start["line"], start["column"], end["line"], end["column"], mutant["mutatorName"], mutant.get("replacement"))


def tested_files(report):
    files = {}
    for path, data in report["files"].items():
        if any(not filtered(m) for m in data["mutants"]):
            files[short(path)] = data
    return files


if len(sys.argv) < 3:
    sys.exit(__doc__)

output, base_path, reruns = sys.argv[1], sys.argv[2], sys.argv[3:]
combined = json.load(open(base_path))
combined["files"] = {short(path): data for path, data in combined["files"].items()}
source = {name: base_path for name in combined["files"]}
for rerun_path in reruns:
    for name, data in tested_files(json.load(open(rerun_path))).items():
        earlier = combined["files"].get(name)
        if earlier is not None:
            mapping, _ = line_map(earlier["source"], data["source"])
            tested = {key(m): m for m in data["mutants"] if not filtered(m)}
            kept = [m for m in (moved(m, mapping) for m in earlier["mutants"]) if m is not None and key(m) not in tested]
            data = dict(data, mutants=kept + list(tested.values()))
            source[name] = f"{source[name]} + {rerun_path} ({len(tested)} mutants)"
        else:
            source[name] = rerun_path
        combined["files"][name] = data

json.dump(combined, open(output, "w"))
for name in sorted(source):
    if any(not filtered(m) for m in combined["files"][name]["mutants"]):
        print(f"{name:50} {source[name]}")
