#!/usr/bin/env python3
"""Turns Benchmarks/run's results into the results section of docs/performance.md.

    report.py RESULTS_DIR DOC WRITE   (WRITE: 1 rewrites DOC between its result markers)
"""

import json
import platform
import re
import subprocess
import sys
from pathlib import Path

PROBES_PER_RUN = 1000  # ProbeCost.swift's probesPerRun
BEGIN, END = "<!-- results: written by Benchmarks/run -->", "<!-- end of results -->"

# Per probe: (benchmark, what it measures, target in ns or None, subtract the plain loop).
ROWS = [
    ("loop, probes disabled", "disabled probe", None, True),
    ("loop, tracepoint elsewhere in the file", "disabled, another line of the file enabled", None, True),
    ("loop, condition false", "hit, condition false", 50, True),
    ("loop, log hit", "hit, log message", 1000, True),
    ("snapshot hit, 10 locals", "hit, snapshot of 10 locals (one nested 3 deep)", 10000, False),
    ("snapshot hit, 10 locals, queue full", "hit, snapshot, queue full (dropped)", 10000, False),
]


def key(name):
    return re.sub(r"[^a-z0-9]", "", name.lower())


def load(results):
    measured = {}
    for file in results.glob("*.p90.json"):
        name = file.name[len("ProbeCost."):-len(".p90.json")]
        values = json.loads(file.read_text())
        wall = next((v for k, v in values.items() if "wall" in k.lower()), None)
        mallocs = next((v for k, v in values.items() if "malloc" in k.lower()), None)
        measured[key(name)] = (wall, mallocs)
    return measured


def machine():
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor())
    swift = subprocess.run(["swift", "--version"], capture_output=True, text=True).stdout.splitlines()[0]
    return f"{cpu}, {platform.system()} {platform.release()}, {swift}"


def section(results):
    measured = load(results)
    plain_wall, _ = measured[key("loop, plain")]
    callgrind = json.loads((results / "callgrind.json").read_text())
    instructions = (callgrind["instrumented"] - callgrind["plain"]) / callgrind["steps"]
    lines = [BEGIN, "", f"Machine: {machine()}.", "",
             "| probe | p90 ns per probe | target | heap allocations per probe |", "|---|---|---|---|"]
    for name, what, target, per_loop in ROWS:
        wall, mallocs = measured[key(name)]
        if per_loop:
            ns = (wall - plain_wall) / PROBES_PER_RUN
            allocations = mallocs / PROBES_PER_RUN
        else:
            ns, allocations = wall, mallocs
        verdict = "" if target is None else (f"≤ {target} ns: met" if ns <= target else f"≤ {target} ns: **missed**")
        lines.append(f"| {what} | {ns:.2f} | {verdict} | {allocations:g} |")
    verdict = "met" if instructions <= 4 else "**missed**"
    lines += ["", f"Instructions a disabled probe adds (callgrind, {callgrind['steps']} loop steps): "
              f"**{instructions:.2f}** per probe (target ≤ 4: {verdict}); the plain loop step is "
              f"{callgrind['plain'] / callgrind['steps']:.2f} instructions.", "",
              f"The plain loop of {PROBES_PER_RUN} steps takes {plain_wall} ns (p90).", "", END]
    return "\n".join(lines)


def main():
    results, doc, write = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3] == "1"
    text = section(results)
    print(text)
    if write:
        current = doc.read_text()
        start, end = current.index(BEGIN), current.index(END) + len(END)
        doc.write_text(current[:start] + text + current[end:])


if __name__ == "__main__":
    main()
