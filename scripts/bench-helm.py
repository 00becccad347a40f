#!/usr/bin/env python3
"""Wall time of `svcctl lint` over folders, best and median of N runs, process start included:
the real-world corpus (plain YAML: what the template path must not slow down) and a Helm chart
corpus read raw (scripts/helm-corpus.sh).

    python3 scripts/bench-helm.py [--bin target/release/svcctl] [--runs 10] [DIR ...]

Default folders: ../shared/corpus/real-world and /tmp/svcctl-helm-corpus (when present). Build
the binary first (`cargo build --release`); compare two binaries by running this with each.
"""

import os
import statistics
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def main():
    args = sys.argv[1:]
    binary = os.path.join(ROOT, "target", "release", "svcctl")
    runs = 10
    dirs = []
    while args:
        arg = args.pop(0)
        if arg == "--bin":
            binary = args.pop(0)
        elif arg == "--runs":
            runs = int(args.pop(0))
        else:
            dirs.append(arg)
    if not dirs:
        dirs = [os.path.normpath(os.path.join(ROOT, "..", "shared", "corpus", "real-world"))]
        if os.path.isdir("/tmp/svcctl-helm-corpus"):
            dirs.append("/tmp/svcctl-helm-corpus")
    print(f"binary: {binary}")
    print("| input | files | best | median |")
    print("|---|---|---|---|")
    for d in dirs:
        times = []
        summary = ""
        for _ in range(runs):
            start = time.perf_counter()
            out = subprocess.run(
                [binary, "lint", "--no-config", "--format", "concise", d],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
                text=True,
            )
            times.append(time.perf_counter() - start)
            summary = out.stderr.strip().splitlines()[-1] if out.stderr.strip() else ""
        files = summary.split(" in ")[-1].split(" files")[0] if " in " in summary else "?"
        print(f"| {d} | {files} | {min(times) * 1000:.0f} ms | {statistics.median(times) * 1000:.0f} ms |")


if __name__ == "__main__":
    main()
