#!/usr/bin/env python3
"""Instructions per request from a callgrind dump of a Native AOT server (instructions.sh runs it).

usage: instructions.py CALLGRIND_OUT DBG_FILE REQUESTS TOP LOAD_BASE_HEX

Managed code lives in the binary's __managedcode section, which valgrind does not symbolise: its functions appear as
bare addresses, absolute (object unknown: minus LOAD_BASE, where the binary was mapped) or relative to the binary.
Both are looked up in the symbol table of the .dbg file.
"""
import bisect
import re
import subprocess
import sys

# Functions that wait rather than work: spinning or blocking in the thread pool and the runtime's locks. Their count
# depends on timing (how long a worker waited for the next request), not on the request.
WAITING = re.compile(r"SpinWait|SpinWaiter|Thread__Yield|LowLevelLifoSemaphore|lowres_ticks|clock_gettime|"
                     r"YieldProcessor|GetLowResolutionTimestamp|sched_yield|WaitSubsystem|LowLevelMonitor|"
                     r"pthread_cond|futex")


def main():
    dump, dbg, requests, top, load_base = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5], 16)
    symbols = sorted((int(address, 16), name) for address, kind, name in
                     (line.split(None, 2) for line in subprocess.run(["nm", "-n", dbg], capture_output=True, text=True,
                                                                      check=True).stdout.splitlines()
                      if len(line.split(None, 2)) == 3)
                     if kind in "tTwW")
    starts = [address for address, _ in symbols]

    def symbolise(raw, object_name):
        match = re.fullmatch(r"0x([0-9a-f]+)", raw)
        if not match:
            return raw
        address = int(match.group(1), 16)
        if object_name in ("", "???"):
            address -= load_base
        i = bisect.bisect_right(starts, address) - 1
        return symbols[i][1] if i >= 0 else raw

    names, objects = {}, {}

    def compressed(field, table):
        # callgrind writes "(id) name" the first time and "(id)" after.
        match = re.fullmatch(r"\((\d+)\)(?: (.*))?", field)
        if not match:
            return field
        if match.group(2) is not None:
            table[match.group(1)] = match.group(2)
        return table.get(match.group(1), field)

    self_cost, calls = {}, {}
    function = callee = None
    current_object = callee_object = ""
    call_count = 0
    with open(dump, encoding="utf-8", errors="replace") as lines:
        for line in lines:
            line = line.rstrip("\n")
            if line.startswith("ob="):
                current_object = callee_object = compressed(line[3:], objects)
            elif line.startswith("cob="):
                callee_object = compressed(line[4:], objects)
            elif line.startswith("fn="):
                function = symbolise(compressed(line[3:], names), current_object)
                callee_object = current_object
            elif line.startswith("cfn="):
                callee = symbolise(compressed(line[4:], names), callee_object)
            elif line.startswith("calls="):
                call_count = int(line[6:].split()[0])
            elif line[:1].isdigit() or line[:1] in "+-*":
                parts = line.split()
                if len(parts) < 2:
                    continue
                if callee is not None:
                    calls[callee] = calls.get(callee, 0) + call_count
                    callee, callee_object = None, current_object
                else:
                    self_cost[function] = self_cost.get(function, 0) + int(parts[1])

    total = sum(self_cost.values())
    waiting = sum(cost for name, cost in self_cost.items() if WAITING.search(name))
    print(f"{total / requests:,.0f} instructions per request ({total:,} over {requests:,} requests); "
          f"{waiting / requests:,.0f} of them in spin/wait functions, {(total - waiting) / requests:,.0f} without")
    print(f"{'Ir/request':>10} {'share':>6} {'calls/req':>9}  function (self cost)")
    for name, cost in sorted(self_cost.items(), key=lambda item: -item[1])[:top]:
        print(f"{cost / requests:10,.0f} {100 * cost / total:5.1f}% {calls.get(name, 0) / requests:9.1f}  {name[:140]}")


if __name__ == "__main__":
    main()
