#!/usr/bin/env python3
"""Turns Benchmarks/run's results into the results section of docs/performance.md.

    report.py RESULTS_DIR DOC WRITE   (WRITE: 1 rewrites DOC between its result markers)
"""

import json
import math
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
    ("loop, field condition false", "hit, condition false on two fields of a local", None, True),
    ("loop, log hit", "hit, log message", 1000, True),
    ("snapshot hit, 10 locals", "hit, snapshot of 10 locals (one nested 3 deep)", 10000, False),
    ("snapshot hit, 10 locals, queue full", "hit, snapshot, queue full (dropped)", 100, False),
]


def key(name):
    return re.sub(r"[^a-z0-9]", "", name.lower())


def load(results):
    """Each micro benchmark's p90 (wall clock, mallocs), by `key` of its name."""
    measured = {}
    for file in results.glob("*.p90.json"):  # <suite>.<benchmark>.p90.json
        name = file.name[:-len(".p90.json")].split(".", 1)[1]
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


def geometric_mean(values):
    return math.exp(sum(math.log(v) for v in values) / len(values))


def verdict(met, target):
    return f"{target}: met" if met else f"{target}: **missed**"


def swift_kernels(results):
    """The Swift macro benchmarks' table: each kernel plain and instrumented, and the hot line."""
    measured = json.loads((results / "swift-kernels.json").read_text())
    kernels = measured["kernels"]
    hot = kernels.pop("hot line")
    lines = ["| kernel (Swift) | plain µs | instrumented µs | ratio |", "|---|---|---|---|"]
    ratios = []
    for name in sorted(kernels, key=str.lower):
        plain, instrumented = kernels[name]["plain"], kernels[name]["instrumented"]
        ratios.append(instrumented / plain)
        lines.append(f"| {name} | {plain:.0f} | {instrumented:.0f} | {instrumented / plain:.3f} |")
    mean = geometric_mean(ratios)
    worst = max(ratios)
    lines += ["", f"Geometric mean of the ratios: **{mean:.3f}** "
              f"({verdict(mean <= 1.05, 'target ≤ 1.05')}; aim ≤ 1.02); the highest **{worst:.3f}** "
              f"({verdict(worst <= 1.10, 'no kernel above 1.10')})."]
    counted = json.loads((results / "kernel-instructions.json").read_text())
    lines += ["", "The same kernels in instructions per run (callgrind), which code layout does not move:", "",
              "| kernel (Swift) | plain instructions | instrumented | ratio |", "|---|---|---|---|"]
    counted_ratios = []
    for name in sorted(counted, key=str.lower):
        plain, instrumented = counted[name]["plain"], counted[name]["instrumented"]
        counted_ratios.append(instrumented / plain)
        lines.append(f"| {name} | {plain:,} | {instrumented:,} | {instrumented / plain:.3f} |")
    mean, worst = geometric_mean(counted_ratios), max(counted_ratios)
    lines += ["", f"Geometric mean of the instruction ratios: **{mean:.3f}** "
              f"({verdict(mean <= 1.05, 'target ≤ 1.05')}); the highest **{worst:.3f}** "
              f"({verdict(worst <= 1.10, 'no kernel above 1.10')})."]
    text = json.loads((results / "text-size.json").read_text())
    lines += ["", f"Machine code (`.text` of the kernels' objects): {text['plain']:,} bytes plain, "
              f"{text['instrumented']:,} instrumented, a ratio of **{text['instrumented'] / text['plain']:.2f}** "
              f"({verdict(text['instrumented'] <= 2 * text['plain'], 'target ≤ 2.0')})."]
    first = measured.get("first_snapshot_ms", -1)
    lines += ["", "Set → first snapshot: a thread loops in one frame (`Kernels/LongLoop.swift`, a call per round) "
              "with nothing set; then a tracepoint on the loop's line is written into the tracepoints file. "
              + (f"The first snapshot reaches the sink after **{first:.0f} ms** (median of 5; the agent polls the "
                 f"file every 50 ms and drains every 50 ms)." if first >= 0 else "**No snapshot came within 10 s.**")]
    lines += ["", f"Medians of {measured['rounds']} rounds, each kernel timed for {measured['seconds']} s per build "
              f"and round."]
    hot, interpreter = hot["tracepoint"], hot["no tracepoint"]
    lines += ["", f"A snapshot tracepoint on the interpreter's dispatch line (hit on every instruction; no fire "
              f"limit, the default fire period and quotas, snapshots to a JSON-lines file): {hot:.0f} µs "
              f"a run against {interpreter:.0f} µs with no tracepoint, a ratio of "
              f"**{hot / interpreter:.3f}** ({verdict(hot / interpreter <= 1.05, 'within a few percent')})."]
    return lines


C_BUILDS = [("deep", "Deep, every line"), ("xray", "XRay sleds, unpatched"),
            ("sancov", "SanitizerCoverage trace-pc-guard"), ("coverage", "source coverage")]


def c_kernels(results):
    """The C macro benchmarks' table: each build's time relative to the plain one."""
    measured = json.loads((results / "c-kernels.json").read_text())
    kernels = measured["kernels"]
    lines = ["| kernel (C, -O2) | plain µs | " + " | ".join(what for _, what in C_BUILDS) + " |",
             "|---|---|" + "---|" * len(C_BUILDS)]
    for kernel, times in kernels.items():
        lines.append(f"| {kernel} | {times['plain'] / 1000:.0f} | "
                     + " | ".join(f"{times[build] / times['plain']:.3f}" for build, _ in C_BUILDS) + " |")
    means = {build: geometric_mean([t[build] / t["plain"] for t in kernels.values()]) for build, _ in C_BUILDS}
    lines.append("| geometric mean | | " + " | ".join(f"**{means[build]:.3f}**" for build, _ in C_BUILDS) + " |")
    text = measured["text_bytes"]
    lines += ["", f"Medians of {measured['rounds']} rounds; {measured['probes']} probes in kernels.c. Deep's overhead "
              f"{verdict(means['deep'] <= 1.05, 'target ≤ 1.05')}; "
              f"{verdict(means['deep'] <= means['xray'] * 1.03, 'within 3% of XRay')}. Code size (`.text` of "
              f"kernels.o): {text['plain']:,} bytes plain, {text['deep']:,} instrumented, "
              f"**{text['deep'] / text['plain']:.2f}×** {verdict(text['deep'] <= 2 * text['plain'], 'target ≤ 2.0')}."]
    loop = measured["probe_loop_ns_per_step"]
    hit = loop["condition false"] - loop["nothing set"]
    lines += ["", f"A C probe hit whose condition is false (`step < 0` on `probe_loop`'s line, every step a hit; "
              f"medians): **{hit:.0f} ns** {verdict(hit <= 50, 'target ≤ 50 ns')}, the step "
              f"{loop['nothing set']:.2f} ns with nothing set."]
    return lines


def instrumenter(results):
    timing = json.loads((results / "instrumenter.json").read_text())
    files = json.loads((results / "swift-syntax.json").read_text())["files"]
    probes = sum(len(f["lines"]) for f in files)
    executable = sum(f["executable_lines"] for f in files)
    return [f"deep-instrument (release) over swift-syntax's `Sources`: {len(files)} files, {timing['lines']} lines in "
            f"{timing['wall_seconds']} s wall clock ({timing['user_seconds']} s user), "
            f"**{timing['lines'] / timing['wall_seconds']:,.0f} lines/s**, peak RSS "
            f"{timing['max_rss_kb'] / 1024:.0f} MB; {probes} probes on {executable} executable lines "
            f"({100 * probes / executable:.1f}%)."]


def build_time(results):
    report = json.loads((results / "corpus.json").read_text())[0]
    release = report["release"]
    ratio = release["rebuild_seconds_instrumented"] / release["rebuild_seconds_plain"]
    return [f"Build time of {report['package']} (release, tests included; scripts/corpus-check): its own code rebuilt "
            f"in {release['rebuild_seconds_plain']} s plain and {release['rebuild_seconds_instrumented']} s "
            f"instrumented, a ratio of **{ratio:.2f}**; a clean build {release['build_seconds_plain']} s plain, "
            f"{release['build_seconds_instrumented']} s instrumented (which also builds Deep and its dependencies)."]


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
        judged = "" if target is None else verdict(ns <= target, f"≤ {target} ns")
        lines.append(f"| {what} | {ns:.2f} | {judged} | {allocations:g} |")
    lines += ["", f"Instructions a disabled probe adds (callgrind, {callgrind['steps']} loop steps): "
              f"**{instructions:.2f}** per probe ({verdict(instructions <= 4, 'target ≤ 4')}); the plain loop step is "
              f"{callgrind['plain'] / callgrind['steps']:.2f} instructions.", "",
              f"Instructions per hit (callgrind, {callgrind['hits']} hits; all threads, so a hit's share of the "
              f"agent's work is in): condition false {callgrind['condition'] / callgrind['hits']:,.0f}, "
              f"on two fields {callgrind['fields'] / callgrind['hits']:,.0f}, "
              f"log message {callgrind['log'] / callgrind['hits']:,.0f}.", "",
              "The condition on two fields is `order.customer.name == \"Ada\" && order.items.count >= 50` "
              "over a structure with a nested structure and an array (the first comparison holds).", "",
              f"The plain loop of {PROBES_PER_RUN} steps takes {plain_wall} ns (p90).", ""]
    lines += swift_kernels(results) + [""] + c_kernels(results) + [""] + instrumenter(results) + [""]
    lines += build_time(results) + ["", END]
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
