#!/usr/bin/env python3
"""Combines a whole-area Stryker report with per-file reruns into one report that summary.py can count.

    mutation/combine.py <combined.json> <area-report.json> <rerun-report.json>...

Each rerun replaces, file by file, the mutants of the files it tested (a file with at least one mutant that the
rerun's mutate filter did not remove); later reruns win over earlier ones. The other files keep the area report's
mutants. Prints which report each file's mutants come from; then run
`mutation/summary.py <combined.json> --list` for the figure.
"""
import json
import sys


def short(path):
    return path.split("src/Ht2.Runtime/")[-1]


def tested_files(report):
    files = {}
    for path, data in report["files"].items():
        if any(m["status"] != "Ignored" or "mutate filter" not in m.get("statusReason", "") for m in data["mutants"]):
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
        combined["files"][name] = data
        source[name] = rerun_path

json.dump(combined, open(output, "w"))
for name in sorted(source):
    if any(m["status"] != "Ignored" or "mutate filter" not in m.get("statusReason", "") for m in combined["files"][name]["mutants"]):
        print(f"{name:50} {source[name]}")
