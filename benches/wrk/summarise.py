#!/usr/bin/env python3
"""Reads wrk's outputs for benches/wrk/run.sh: one JSON line per measurement
(`line DIR LABEL CPU_TICKS`), then a table of medians by server (`table FILE`)."""
import glob
import json
import os
import re
import statistics
import sys

UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}


def ms(text):
    m = re.match(r"([\d.]+)(us|ms|s|m)$", text)
    return float(m.group(1)) * UNITS[m.group(2)] if m else None


def parse(path):
    out = {"rps": 0.0, "total": 0, "p99": None, "non2xx": 0}
    if not os.path.exists(path):
        return out
    for line in open(path):
        f = line.split()
        if line.startswith("Requests/sec:"):
            out["rps"] = float(f[1])
        elif "requests in" in line:
            out["total"] = int(f[0])
        elif len(f) == 2 and f[0] == "99%":
            out["p99"] = ms(f[1])
        elif line.strip().startswith("Non-2xx"):
            out["non2xx"] = int(f[-1])
    return out


def line(d, label, ticks):
    writers = [parse(p) for p in sorted(glob.glob(os.path.join(d, f"w-{label}-*.txt")))]
    total = sum(w["total"] for w in writers)
    hz = os.sysconf("SC_CLK_TCK")
    row = {
        "label": label,
        "rps": sum(w["rps"] for w in writers),
        "p99_ms": max((w["p99"] or 0) for w in writers),
        "non2xx": sum(w["non2xx"] for w in writers),
        "cpu_ms": (int(ticks) * 1000.0 / hz / total) if total else None,
        "stock_p99_ms": parse(os.path.join(d, f"r-stock-{label}.txt"))["p99"],
        "needs_p99_ms": parse(os.path.join(d, f"r-needs-{label}.txt"))["p99"],
        # A page answered with anything but 200 (a redirect to /login) is no read.
        "reads_non2xx": sum(
            parse(os.path.join(d, f"r-{page}-{label}.txt"))["non2xx"] for page in ("stock", "needs")
        ),
    }
    print(json.dumps(row))


def table(path):
    rows = [json.loads(l) for l in open(path) if l.strip()]
    groups = {}
    for r in rows:
        groups.setdefault(r["label"].rsplit("-", 1)[0], []).append(r)

    def med(rs, k):
        vals = [r[k] for r in rs if r[k] is not None]
        return statistics.median(vals) if vals else None

    def fmt(v, digits=1):
        return "–" if v is None else f"{v:,.{digits}f}"

    print("| server | rounds | intakes/s | p99 ms | CPU ms/intake | refused | /stock p99 ms | /needs p99 ms |")
    print("|---|---|---|---|---|---|---|---|")
    for name, rs in groups.items():
        print(
            f"| {name} | {len(rs)} | {fmt(med(rs, 'rps'), 0)} | {fmt(med(rs, 'p99_ms'))} "
            f"| {fmt(med(rs, 'cpu_ms'), 3)} | {sum(r['non2xx'] for r in rs)} "
            f"| {fmt(med(rs, 'stock_p99_ms'))} | {fmt(med(rs, 'needs_p99_ms'))} |"
        )
    print("\nrounds:")
    for r in rows:
        print(json.dumps(r))


if __name__ == "__main__":
    if sys.argv[1] == "line":
        line(sys.argv[2], sys.argv[3], sys.argv[4])
    else:
        table(sys.argv[2])
