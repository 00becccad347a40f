#!/usr/bin/env python3
"""svcctl benchmark: wall time, throughput and peak memory of `svcctl lint`, next to the floor of
just parsing the same YAML on one thread.

    python3 scripts/bench.py            # builds release, generates inputs, prints a Markdown table
    python3 scripts/bench.py --quick    # fewer runs, no 100k/150k inputs

Inputs: ../shared/corpus/real-world (1,028 real files) and synthetic sets made by
`examples/synth.rs` (1k/10k/100k Services with their Deployments, and one 150k-Service file).
Each timing is the best of N runs of the release binary, process start included; building it is
not timed. "parse-only floor" is granit-parser's bare event parse (the issue's yardstick);
"svcctl parse" is svcctl's own parse into spanned trees (fast path plus granit-parser where
needed). "speed-up" is lint on 1 thread over lint on all cores.
"""

import json
import os
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TARGET = os.environ.get("CARGO_TARGET_DIR", os.path.join(ROOT, "target"))
BIN = os.path.join(TARGET, "release", "svcctl")
EXAMPLES = os.path.join(TARGET, "release", "examples")
CORPUS = os.path.normpath(os.path.join(ROOT, "..", "shared", "corpus", "real-world"))


def run(argv, env=None):
    """(wall seconds, peak RSS in MB, stdout) of one run."""
    start = time.perf_counter()
    proc = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env)
    out = proc.stdout.read()
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    code = os.waitstatus_to_exitcode(status)
    if code not in (0, 1):
        sys.exit(f"{argv} exited {code}")
    return wall, usage.ru_maxrss / 1024, out


def best(argv, runs, env=None):
    results = [run(argv, env) for _ in range(runs)]
    wall = min(r[0] for r in results)
    rss = max(r[1] for r in results)
    return wall, rss, results[0][2]


def size(path):
    if os.path.isfile(path):
        return os.path.getsize(path)
    return sum(os.path.getsize(os.path.join(d, f)) for d, _, fs in os.walk(path) for f in fs)


def main():
    quick = "--quick" in sys.argv
    runs = 3 if quick else 5
    subprocess.run(["cargo", "build", "--release", "--locked", "--bin", "svcctl",
                    "--example", "synth", "--example", "parse_floor"], cwd=ROOT, check=True)
    work = tempfile.mkdtemp(prefix="svcctl-bench-")
    sets = [("real-world corpus", CORPUS)]
    sizes = [(1_000, "1k", 100, []), (10_000, "10k", 100, [])] + ([] if quick else [
        (100_000, "100k", 100, []), (150_000, "150k-services-one-file", 1, ["--services-only"])])
    for count, name, files, extra in sizes:
        path = os.path.join(work, name)
        subprocess.run([os.path.join(EXAMPLES, "synth"), str(count), path, str(files)] + extra, check=True,
                       stderr=subprocess.DEVNULL)
        sets.append((f"synthetic {name}", path))

    cores = os.cpu_count() or 1
    print(f"machine: {cores} cores; best of {runs} runs; process start included; build time not measured\n")
    print("| input | MB | objects | parse-only floor, 1 thread | svcctl parse, 1 thread | lint, 1 thread "
          f"| lint, all cores | speed-up 1→{cores} threads | objects/s | MB/s | MB/s, 1 thread | peak RSS |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for label, path in sets:
        mb = size(path) / 1e6
        floor, _, _ = best([os.path.join(EXAMPLES, "parse_floor"), path], runs)
        tree, _, _ = best([os.path.join(EXAMPLES, "parse_floor"), "--tree", path], runs)
        one, _, _ = best([BIN, "lint", "--no-config", "-q", "--format", "json", path], runs,
                         env={**os.environ, "RAYON_NUM_THREADS": "1"})
        allc, rss, out = best([BIN, "lint", "--no-config", "-q", "--format", "json", path], runs)
        objects = json.loads(out)["summary"]["objects"]
        print(f"| {label} | {mb:.1f} | {objects:,} | {floor*1000:.0f} ms | {tree*1000:.0f} ms | {one*1000:.0f} ms "
              f"| {allc*1000:.0f} ms | {one/allc:.2f}× | {objects/allc:,.0f} | {mb/allc:.1f} | {mb/one:.1f} "
              f"| {rss:.0f} MB |")

    small = os.path.join(ROOT, "fixtures", "cli", "clean.yaml")
    wall, _, _ = best([BIN, "lint", "--no-config", "-q", small], 20)
    print(f"\none small file (pre-commit's typical call): {wall*1000:.1f} ms wall")


if __name__ == "__main__":
    main()
