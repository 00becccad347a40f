#!/usr/bin/env python3
"""svcctl benchmark: wall time, throughput and peak memory of `svcctl lint`, next to the floor of
just parsing the same YAML on one thread.

    python3 scripts/bench.py            # builds release-lto, generates inputs, prints a Markdown table
    python3 scripts/bench.py --quick    # fewer runs, no 100k/150k inputs
    SVCCTL_BENCH_PROFILE=release python3 scripts/bench.py   # the profile `cargo install` builds

Inputs: ../shared/corpus/real-world (1,028 real files) and synthetic sets made by
`examples/synth.rs` (1k/10k/100k Services with their Deployments, and one 150k-Service file), and
objects with 25k and 100k entries in one list (`write_huge_lists`), whose times show the lint
stays linear in the length of a single list too.
Each timing is the best of N runs of the binary, process start included; building it is not
timed. The binary is the `release-lto` profile (fat LTO, one codegen unit: the fastest, and the
profile of every round in docs/benchmarks.md); SVCCTL_BENCH_PROFILE picks another. "parse-only floor" is granit-parser's bare event parse (the issue's yardstick);
"svcctl parse" is svcctl's own parse into spanned trees (fast path plus granit-parser where
needed). "speed-up" is lint on 1 thread over lint on all cores. "machine's ceiling" is the
throughput of one independent 1-thread lint per core, all started together, over one alone: what
the machine itself gives to work that shares nothing, so no thread count can beat it.
"""

import re
import os
import shutil
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TARGET = os.environ.get("CARGO_TARGET_DIR", os.path.join(ROOT, "target"))
PROFILE = os.environ.get("SVCCTL_BENCH_PROFILE", "release-lto")
BIN = os.path.join(TARGET, PROFILE, "svcctl")
EXAMPLES = os.path.join(TARGET, PROFILE, "examples")
CORPUS = os.path.normpath(os.path.join(ROOT, "..", "shared", "corpus", "real-world"))


# GNU time reports the peak RSS of svcctl itself. Without it, wait4's figure is used, which on
# Linux also counts the pages of this Python process at fork time.
GNU_TIME = "/usr/bin/time" if os.path.exists("/usr/bin/time") else None


def run(argv, env=None, rss=True):
    """(wall seconds, peak RSS in MB, the start of stdout) of one run. Output goes to a file and
    only its head is read back, so that this process stays small between runs. `rss=False` times
    svcctl alone, without GNU time's own start in the wall time."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        timed = [GNU_TIME, "-f", "%M", "--"] + argv if GNU_TIME and rss else argv
        start = time.perf_counter()
        proc = subprocess.Popen(timed, stdout=out, stderr=err, env=env)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        code = os.waitstatus_to_exitcode(status)
        if code not in (0, 1):
            sys.exit(f"{argv} exited {code}")
        peak = usage.ru_maxrss / 1024
        if GNU_TIME and rss:
            err.seek(0)
            lines = err.read().decode(errors="replace").strip().splitlines()
            peak = int(lines[-1]) / 1024 if lines and lines[-1].isdigit() else peak
        out.seek(0)
        return wall, peak, out.read(4096)


def best(argv, runs, env=None, rss=True):
    results = [run(argv, env, rss) for _ in range(runs)]
    wall = min(r[0] for r in results)
    rss = max(r[1] for r in results)
    return wall, rss, results[0][2]


def side_by_side(argv, env, copies):
    """Wall time of `copies` independent runs started together: what the machine gives to work
    that shares nothing, the ceiling of any speed-up from threads."""
    with tempfile.TemporaryFile() as sink:
        start = time.perf_counter()
        procs = [subprocess.Popen(argv, stdout=sink, stderr=sink, env=env) for _ in range(copies)]
        for proc in procs:
            proc.wait()
        return time.perf_counter() - start


def interleaved(argv, runs, cores):
    """Best wall time on one thread, on all cores, and of one 1-thread run per core side by side;
    the runs taken in turns so that all see the same machine (a shared VM's speed drifts from
    minute to minute)."""
    single = {**os.environ, "RAYON_NUM_THREADS": "1"}
    one, allc, copies, out = [], [], [], b""
    for _ in range(runs):
        one.append(run(argv, single, rss=False)[0])
        wall, _, out = run(argv, None, rss=False)
        allc.append(wall)
        copies.append(side_by_side(argv, single, cores))
    return min(one), min(allc), min(copies), out


def objects_in(head):
    """The summary's object count, read from the head of a JSON report."""
    match = re.search(rb'"objects":\s*(\d+)', head)
    return int(match.group(1)) if match else 0


def size(path):
    if os.path.isfile(path):
        return os.path.getsize(path)
    return sum(os.path.getsize(os.path.join(d, f)) for d, _, fs in os.walk(path) for f in fs)


def write_huge_lists(path, n):
    """Objects with `n` entries in one list each, against another as long: ports with nodePorts,
    selector labels against template labels, labels and annotations, named targetPorts against
    container ports, Ingress paths to a many-port Service. Rules that compared every entry with
    every other (or listed a whole list in every message) made these quadratic; a linear lint
    takes about 4x as long for 4x the entries."""
    os.makedirs(path, exist_ok=True)
    files = {
        "ports.yaml": "apiVersion: v1\nkind: Service\nmetadata:\n  name: ports\nspec:\n  type: NodePort\n"
        "  selector:\n    app: ports\n  ports:\n"
        + "".join(f"    - port: {i % 65535 + 1}\n      nodePort: {100_000 + i}\n" for i in range(n)),
        "selector.yaml": "apiVersion: v1\nkind: Service\nmetadata:\n  name: selector\nspec:\n  selector:\n"
        + "".join(f"    k{i}: value-{i}\n" for i in range(n))
        + "  ports:\n    - port: 80\n---\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: near\n"
        "spec:\n  selector:\n    matchLabels:\n      k0: value-0\n  template:\n    metadata:\n      labels:\n"
        + "".join(f"        k{i}: {'valeu-7' if i == 7 else f'value-{i}'}\n" for i in range(n))
        + "    spec:\n      containers:\n        - name: c\n          image: x\n",
        "meta.yaml": "apiVersion: v1\nkind: Service\nmetadata:\n  name: meta\n  labels:\n    Bad Label: x\n"
        + "".join(f"    l{i}: v\n" for i in range(n))
        + "  annotations:\n    bad key!: x\n"
        + "".join(f"    example.com/annotation-{i}: value\n" for i in range(n))
        + "spec:\n  selector:\n    app: meta\n  ports:\n    - port: 80\n",
        "named.yaml": "apiVersion: v1\nkind: Service\nmetadata:\n  name: named\nspec:\n  selector:\n    app: named\n"
        "  ports:\n"
        + "".join(f"    - name: p{i}\n      port: {i % 65535 + 1}\n      targetPort: t{i}\n" for i in range(n))
        + "---\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: named\nspec:\n  selector:\n"
        "    matchLabels:\n      app: named\n  template:\n    metadata:\n      labels:\n        app: named\n"
        "    spec:\n      containers:\n        - name: c\n          image: x\n          ports:\n"
        + "".join(f"            - name: c{i}\n              containerPort: {i % 65535 + 1}\n" for i in range(n)),
        "ingress.yaml": "apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: paths\nspec:\n"
        "  rules:\n    - http:\n        paths:\n"
        + "".join(f"          - path: /p{i}\n            pathType: Prefix\n            backend:\n"
                  f"              service:\n                name: wide\n                port:\n"
                  f"                  name: missing-{i}\n" for i in range(n))
        + "---\napiVersion: v1\nkind: Service\nmetadata:\n  name: wide\nspec:\n  selector:\n    app: wide\n"
        "  ports:\n" + "".join(f"    - name: q{i}\n      port: {i + 1}\n" for i in range(min(n, 65535))),
    }
    for name, text in files.items():
        with open(os.path.join(path, name), "w") as f:
            f.write(text)


def main():
    quick = "--quick" in sys.argv
    runs = 3 if quick else 5
    subprocess.run(["cargo", "build", "--profile", PROFILE, "--locked", "--bin", "svcctl",
                    "--example", "synth", "--example", "parse_floor"], cwd=ROOT, check=True)
    # The generated sets are over 100 MB: they go when the run ends, however it ends.
    work = tempfile.mkdtemp(prefix="svcctl-bench-")
    try:
        measure(work, runs, quick)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def measure(work, runs, quick):
    sets = [("real-world corpus", CORPUS)]
    sizes = [(1_000, "1k", 100, []), (10_000, "10k", 100, [])] + ([] if quick else [
        (100_000, "100k", 100, []), (150_000, "150k-services-one-file", 1, ["--services-only"])])
    for count, name, files, extra in sizes:
        path = os.path.join(work, name)
        subprocess.run([os.path.join(EXAMPLES, "synth"), str(count), path, str(files)] + extra, check=True,
                       stderr=subprocess.DEVNULL)
        sets.append((f"synthetic {name}", path))
    for n in [25_000] + ([] if quick else [100_000]):
        path = os.path.join(work, f"huge-lists-{n}")
        write_huge_lists(path, n)
        sets.append((f"one object, huge lists ({n // 1000}k entries)", path))

    cores = os.cpu_count() or 1
    print(f"machine: {cores} cores; best of {runs} runs; process start included; build time not measured\n")
    print("| input | MB | objects | parse-only floor, 1 thread | svcctl parse, 1 thread | lint, 1 thread "
          f"| lint, all cores | speed-up 1→{cores} threads | machine's ceiling | objects/s | MB/s | MB/s, 1 thread | peak RSS |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for label, path in sets:
        mb = size(path) / 1e6
        floor, _, _ = best([os.path.join(EXAMPLES, "parse_floor"), path], runs, rss=False)
        tree, _, _ = best([os.path.join(EXAMPLES, "parse_floor"), "--tree", path], runs, rss=False)
        lint = [BIN, "lint", "--no-config", "-q", "--format", "json", path]
        one, allc, copies, out = interleaved(lint, runs, cores)
        _, rss, _ = best(lint, 2)
        objects = objects_in(out)
        print(f"| {label} | {mb:.1f} | {objects:,} | {floor*1000:.0f} ms | {tree*1000:.0f} ms | {one*1000:.0f} ms "
              f"| {allc*1000:.0f} ms | {one/allc:.2f}× | {cores*one/copies:.2f}× | {objects/allc:,.0f} | {mb/allc:.1f} | {mb/one:.1f} "
              f"| {rss:.0f} MB |")

    small = os.path.join(ROOT, "fixtures", "cli", "clean.yaml")
    wall, _, _ = best([BIN, "lint", "--no-config", "-q", small], 20, rss=False)
    print(f"\none small file (pre-commit's typical call): {wall*1000:.1f} ms wall")


if __name__ == "__main__":
    main()
