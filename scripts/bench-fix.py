#!/usr/bin/env python3
"""svcctl fix benchmark: wall time of `svcctl fix` over the real-world corpus, next to `svcctl lint`
over the same files.

    python3 scripts/bench-fix.py                 # the release profile (what `cargo install` builds)
    SVCCTL_BENCH_PROFILE=release-lto python3 scripts/bench-fix.py

The binary is built first (not timed). The corpus (../shared/corpus/real-world) is copied to a
temporary folder once per timed run, so that `fix` always starts from the same unfixed files;
the copy is not timed. Rows: `lint` (the baseline), `fix --diff` (the fix loop, nothing written),
`fix` (safe fixes written) and `fix --unsafe-fixes`. Each is the best of N runs, process start
included, with `--kustomize off` so that every file is fixed as a plain manifest.
"""

import os
import shutil
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TARGET = os.environ.get("CARGO_TARGET_DIR", os.path.join(ROOT, "target"))
PROFILE = os.environ.get("SVCCTL_BENCH_PROFILE", "release")
BIN = os.path.join(TARGET, PROFILE, "svcctl")
CORPUS = os.path.normpath(os.path.join(ROOT, "..", "shared", "corpus", "real-world"))
RUNS = int(os.environ.get("SVCCTL_BENCH_RUNS", "5"))


def timed(args, cwd):
    start = time.perf_counter()
    proc = subprocess.run([BIN] + args, cwd=cwd, stdout=subprocess.DEVNULL,
                          stderr=subprocess.PIPE)
    wall = time.perf_counter() - start
    if proc.returncode not in (0, 1):
        sys.exit(f"svcctl {' '.join(args)} exited {proc.returncode}: {proc.stderr.decode()[-500:]}")
    return wall, proc.stderr.decode(errors="replace")


def main():
    if not os.path.isdir(CORPUS):
        sys.exit(f"the corpus is not at {CORPUS}")
    # SVCCTL_BENCH_SKIP_BUILD=1 times the binary already built.
    if not os.environ.get("SVCCTL_BENCH_SKIP_BUILD"):
        subprocess.run(["cargo", "build", "--locked", "--profile", PROFILE, "--bin", "svcctl"],
                       cwd=ROOT, check=True)
    files = sum(1 for _, _, names in os.walk(CORPUS) for n in names
                if n.endswith((".yaml", ".yml", ".json")))
    common = ["--no-config", "--kustomize", "off", "--color", "never"]
    rows = [
        ("lint", ["lint"] + common),
        ("fix --diff", ["fix", "--diff"] + common),
        ("fix", ["fix"] + common),
        ("fix --unsafe-fixes", ["fix", "--unsafe-fixes"] + common),
    ]
    print(f"| {files} corpus files ({PROFILE}) | best of {RUNS} | fixed |")
    print("|---|---|---|")
    for label, args in rows:
        best, summary = None, ""
        for _ in range(RUNS):
            with tempfile.TemporaryDirectory() as tmp:
                copy = os.path.join(tmp, "corpus")
                shutil.copytree(CORPUS, copy)
                wall, err = timed(args + ["corpus"], tmp)
            if best is None or wall < best:
                best, summary = wall, err
        fixed = next((l.split(":")[1].strip() for l in summary.splitlines()
                      if l.startswith("svcctl: fixed") or l.startswith("svcctl: would fix")), "-")
        print(f"| `svcctl {label}` | {best * 1000:.0f} ms | {fixed} |")


if __name__ == "__main__":
    main()
