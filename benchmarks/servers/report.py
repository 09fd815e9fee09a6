#!/usr/bin/python3
"""Turns h2load output into records and records into the result tables of benchmarks/servers/run.sh.

  report.py record --row ID --label TEXT --server NAME --round R --requests N --ticks N --clk-tck HZ --rc RC < h2load-output
      prints one JSON record (stdout) and a progress line (stderr)
  report.py size --seconds S --clients C --minimum N < h2load-output-of-a-timed-run
      prints the request count (-n) that lasts about S seconds at the rate of that run: at least N and C, a multiple of C
  report.py skip --row ID --label TEXT --server NAME --why TEXT
      prints a record for a server that cannot run a row (shown as n/a)
  report.py render --records FILE --meta FILE --out FILE.md
      prints the Markdown report and writes it to FILE.md
"""

import argparse
import json
import re
import statistics
import sys

SERVERS = ["ht2-jit", "ht2-aot", "nghttpd", "kestrel"]
TITLES = {"ht2-jit": "Ht2 JIT", "ht2-aot": "Ht2 AOT", "nghttpd": "nghttpd", "kestrel": "Kestrel"}
HT2 = ["ht2-jit", "ht2-aot"]
ANCHORS = ["nghttpd", "kestrel"]

# h2load prints rates with a binary unit prefix (1 MB = 2^20 bytes); the tables use MB/s in the same unit.
UNIT_TO_MB = {"B": 1 / 2**20, "KB": 1 / 2**10, "MB": 1.0, "GB": 2.0**10}


def parse_h2load(text):
    """The figures of one h2load run, or None when its summary is missing (crashed, killed, no connection)."""
    finished = re.search(r"finished in [\d.]+m?s, ([\d.]+) req/s, ([\d.]+)(B|KB|MB|GB)/s", text)
    requests = re.search(
        r"requests: (\d+) total, (\d+) started, (\d+) done, (\d+) succeeded, (\d+) failed, (\d+) errored, (\d+) timeout",
        text)
    status = re.search(r"status codes: (\d+) 2xx, (\d+) 3xx, (\d+) 4xx, (\d+) 5xx", text)
    if not (finished and requests and status):
        return None
    total, _, done, succeeded, failed, errored, timeout = (int(v) for v in requests.groups())
    return {
        "rps": float(finished.group(1)),
        "mbps": float(finished.group(2)) * UNIT_TO_MB[finished.group(3)],
        "done": done,
        "succeeded": succeeded,
        "failed": failed,
        "errored": errored,
        "timeout": timeout,
        "non2xx": sum(int(v) for v in status.groups()[1:]),
    }


def record(args):
    text = sys.stdin.read()
    rec = {"row": args.row, "label": args.label, "server": args.server, "round": args.round, "rc": args.rc,
           "requests": args.requests}
    figures = parse_h2load(text)
    if figures is None:
        rec["error"] = f"no h2load summary (exit {args.rc})"
        print(f"  round {args.round} {args.server:8} ERROR: {rec['error']}", file=sys.stderr)
    else:
        rec.update(figures)
        seconds = args.ticks / args.clk_tck
        rec["cpu_per_10k"] = seconds / figures["done"] * 10_000 if figures["done"] else None
        cpu = f"{rec['cpu_per_10k']:.2f}" if rec["cpu_per_10k"] is not None else "-"
        print(f"  round {args.round} {args.server:8} -n {args.requests:<8} {figures['rps']:>10,.0f} req/s {figures['mbps']:>9.1f} MB/s  "
              f"failed {figures['failed']} errored {figures['errored']} non-2xx {figures['non2xx']}  "
              f"cpu {cpu} s/10k req", file=sys.stderr)
    print(json.dumps(rec))


def size(args):
    figures = parse_h2load(sys.stdin.read())
    rate = figures["rps"] if figures else 0.0
    wanted = max(args.minimum, int(rate * args.seconds), args.clients)
    print(-(-wanted // args.clients) * args.clients)


def skip(args):
    print(json.dumps({"row": args.row, "label": args.label, "server": args.server, "skipped": args.why}))


def load(path):
    """Rows in first-seen order: row id -> (label, server -> list of records)."""
    rows = {}
    with open(path) as f:
        for line in f:
            if line.strip():
                rec = json.loads(line)
                label, by_server = rows.setdefault(rec["row"], (rec["label"], {}))
                by_server.setdefault(rec["server"], []).append(rec)
    return rows


def median_of(recs, key):
    values = [r[key] for r in recs if r.get(key) is not None]
    return statistics.median(values) if values else None


def cell(recs, key, fmt):
    if not recs:
        return ""
    if any("skipped" in r for r in recs):
        return "n/a"
    value = median_of(recs, key)
    return "—" if value is None else fmt(value)


def ratio(by_server, ht2, anchor):
    mine, theirs = median_of(by_server.get(ht2, []), "rps"), median_of(by_server.get(anchor, []), "rps")
    return f"{mine / theirs:.2f}×" if mine and theirs else "—"


def errors_cell(recs):
    if not recs:
        return ""
    if any("skipped" in r for r in recs):
        return "n/a"
    failed = sum(r.get("failed", 0) for r in recs)
    errored = sum(r.get("errored", 0) for r in recs)
    non2xx = sum(r.get("non2xx", 0) for r in recs)
    broken = sum(1 for r in recs if "error" in r)
    failed += sum(r["requests"] - r["done"] for r in recs if "done" in r and r["done"] < r["requests"])
    text = f"{failed} / {errored} / {non2xx}"
    return text + (f" ({broken} run{'s' if broken > 1 else ''} without summary)" if broken else "")


def table(header, lines, text_columns=1):
    """A Markdown table: the first text_columns columns left-aligned, the numbers right-aligned."""
    aligns = ["---"] * text_columns + ["---:"] * (len(header) - text_columns)
    out = ["| " + " | ".join(header) + " |", "|" + "|".join(aligns) + "|"]
    out += ["| " + " | ".join(line) + " |" for line in lines]
    return "\n".join(out)


def render(args):
    meta = {}
    with open(args.meta) as f:
        for line in f:
            key, _, value = line.rstrip("\n").partition("=")
            meta[key] = value.replace("|", "\\|")  # the values go into table cells
    rows = load(args.records)
    servers = [s for s in SERVERS if s in meta.get("servers", "").split()]
    pairs = [(h, a) for h in HT2 for a in ANCHORS if h in servers and a in servers]
    names = [TITLES[s] for s in servers]
    rounds = meta.get("rounds", "?")
    rounds = f"{rounds} round" if rounds == "1" else f"{rounds} rounds"

    def grid(key, fmt):
        return [[label] + [cell(by.get(s, []), key, fmt) for s in servers] for label, by in rows.values()]

    rps_lines = [line + [ratio(by, h, a) for h, a in pairs]
                 for line, (_, by) in zip(grid("rps", lambda v: f"{v:,.0f}"), rows.values())]
    raw_lines = []
    for label, by in rows.values():
        for s in servers:
            values = [f"{r['rps']:,.0f}" if "rps" in r else "—" for r in by.get(s, []) if "skipped" not in r]
            if values:
                raw_lines.append([label, TITLES[s], ", ".join(values)])

    parts = [
        f"## Server benchmark: h2load against Ht2 (JIT, AOT), nghttpd and Kestrel ({meta.get('date', '')})",
        "",
        meta.get("banner", ""),
        "",
        "| | |",
        "| --- | --- |",
        f"| Command | `{meta.get('command', '')}` |",
        f"| Machine | {meta.get('nproc', '?')} cores, {meta.get('cpu', '?')}; kernel {meta.get('kernel', '?')} |",
        f"| Tools | .NET SDK {meta.get('dotnet', '?')}; {meta.get('h2load', '?')}; {meta.get('nghttpd', '?')} |",
        f"| Run | {meta.get('date', '')} – {meta.get('end', '')}; load average {meta.get('load_start', '?')} at the "
        f"start, {meta.get('load_end', '?')} at the end |",
        f"| Method | {meta.get('method', '')} |",
        f"| Servers | {meta.get('server_notes', '')} |",
        "",
        f"### Requests per second (median of {rounds}) and Ht2's ratio to each anchor",
        "",
        table(["Row"] + names + [f"{TITLES[h]} ÷ {TITLES[a]}" for h, a in pairs], rps_lines),
        "",
        f"### MB/s received by h2load (median of {rounds}; 1 MB = 2^20 B; POST rows also send 64 KiB per request)",
        "",
        table(["Row"] + names, grid("mbps", lambda v: f"{v:,.1f}")),
        "",
        f"### Server CPU seconds per 10k requests (utime + stime of the server process; median of {rounds})",
        "",
        table(["Row"] + names, grid("cpu_per_10k", lambda v: f"{v:.2f}")),
        "",
        "### Failed / errored / non-2xx requests (sum over all rounds; h2load's failed count includes errored and timed-out "
        "requests, plus any the run did not finish)",
        "",
        table(["Row"] + names, [[label] + [errors_cell(by.get(s, [])) for s in servers] for label, by in rows.values()]),
        "",
        "### Every round (req/s, in the order run)",
        "",
        table(["Row", "Server", "req/s per round"], raw_lines, text_columns=2),
        "",
    ]
    text = "\n".join(parts)
    with open(args.out, "w") as f:
        f.write(text)
    print(text)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True)
    rec = commands.add_parser("record")
    sk = commands.add_parser("skip")
    for p in (rec, sk):
        p.add_argument("--row", required=True)
        p.add_argument("--label", required=True)
        p.add_argument("--server", required=True)
    rec.add_argument("--round", type=int, required=True)
    rec.add_argument("--requests", type=int, required=True)
    rec.add_argument("--ticks", type=int, required=True)
    rec.add_argument("--clk-tck", type=int, required=True)
    rec.add_argument("--rc", type=int, required=True)
    sk.add_argument("--why", required=True)
    sz = commands.add_parser("size")
    sz.add_argument("--seconds", type=float, required=True)
    sz.add_argument("--clients", type=int, required=True)
    sz.add_argument("--minimum", type=int, required=True)
    ren = commands.add_parser("render")
    ren.add_argument("--records", required=True)
    ren.add_argument("--meta", required=True)
    ren.add_argument("--out", required=True)
    args = parser.parse_args()
    {"record": record, "size": size, "skip": skip, "render": render}[args.command](args)


if __name__ == "__main__":
    main()
