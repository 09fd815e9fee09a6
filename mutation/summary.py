#!/usr/bin/env python3
"""Summarises a Stryker mutation-report.json: counts per status, the clean score, and the mutants that lived.

    mutation/summary.py <mutation-report.json> [--list]

Clean score = Killed / (Killed + Survived + Timeout + NoCoverage): a timeout is not a clean kill (the test did not
fail by itself), and a mutant no test reaches counts against the area. CompileError and Ignored are not mutants
that ran. --list prints every Survived, Timeout and NoCoverage mutant as file:line  mutator  original -> replacement.
"""
import json
import sys
from collections import Counter

report = json.load(open(sys.argv[1]))
listing = "--list" in sys.argv
counts = Counter()
lived = []
for path, data in sorted(report["files"].items()):
    source = data["source"].splitlines()
    short = path.split("src/Ht2.Runtime/")[-1]
    for m in data["mutants"]:
        status = m["status"]
        counts[status] += 1
        if status in ("Survived", "Timeout", "NoCoverage"):
            start, end = m["location"]["start"], m["location"]["end"]
            line = source[start["line"] - 1] if start["line"] <= len(source) else ""
            original = line[start["column"] - 1:] if start["line"] == end["line"] else line[start["column"] - 1:]
            if start["line"] == end["line"]:
                original = line[start["column"] - 1:end["column"] - 1]
            lived.append((status, f"{short}:{start['line']}", m["mutatorName"], original.strip(), m.get("replacement", "").strip()))

tested = counts["Killed"] + counts["Survived"] + counts["Timeout"] + counts["NoCoverage"]
clean = 100.0 * counts["Killed"] / tested if tested else 0.0
print(f"created {sum(counts.values())}, tested {tested}: killed {counts['Killed']}, survived {counts['Survived']}, "
      f"timeout {counts['Timeout']}, no coverage {counts['NoCoverage']}, compile error {counts['CompileError']}, "
      f"ignored {counts['Ignored']}; clean score {clean:.1f} %")
if listing:
    for status, where, mutator, original, replacement in lived:
        print(f"{status:10} {where:45} {mutator:28} {original[:60]!r} -> {replacement[:60]!r}")
