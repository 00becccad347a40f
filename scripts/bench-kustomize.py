#!/usr/bin/env python3
"""Kustomize benchmark (issue 22): `svcctl lint` over a generated repository of 100 overlays on
10 bases, against `kubectl kustomize` building just one of those overlays, both timed in this
one run. svcctl builds every overlay in-process; the target is a ratio below 1.

    cargo build --release && scripts/bench-kustomize.py [--repeat N]

SVCCTL_BIN names another binary (default target/release/svcctl). The repository is generated
in a temporary folder and removed afterwards.
"""

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TARGET = os.environ.get("CARGO_TARGET_DIR", os.path.join(ROOT, "target"))
BIN = os.path.abspath(os.environ.get("SVCCTL_BIN", os.path.join(TARGET, "release", "svcctl")))

BASE_SERVICE = """apiVersion: v1
kind: Service
metadata:
  name: app{b}
  labels:
    app: app{b}
spec:
  selector:
    app: app{b}
  ports:
  - name: http
    port: 80
    targetPort: http
  - name: metrics
    port: 9090
"""

BASE_DEPLOYMENT = """apiVersion: apps/v1
kind: Deployment
metadata:
  name: app{b}
spec:
  replicas: 2
  selector:
    matchLabels:
      app: app{b}
  template:
    metadata:
      labels:
        app: app{b}
    spec:
      containers:
      - name: app
        image: registry.example.com/app{b}:1.0.0
        ports:
        - name: http
          containerPort: 8080
        envFrom:
        - configMapRef:
            name: app{b}-config
"""

BASE_KUSTOMIZATION = """resources:
- service.yaml
- deployment.yaml
configMapGenerator:
- name: app{b}-config
  literals:
  - LEVEL=info
"""

OVERLAY_KUSTOMIZATION = """namespace: env{o}
namePrefix: env{o}-
commonLabels:
  env: env{o}
resources:
- ../../bases/app{b}
images:
- name: registry.example.com/app{b}
  newTag: "1.{o}.0"
replicas:
- name: app{b}
  count: 3
patches:
- path: service.yaml
- target:
    kind: Deployment
  patch: |-
    - op: add
      path: /spec/template/metadata/annotations
      value:
        overlay: env{o}
"""

OVERLAY_PATCH = """apiVersion: v1
kind: Service
metadata:
  name: app{b}
spec:
  type: NodePort
  ports:
  - port: 80
    nodePort: {node_port}
"""


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        f.write(text)


def generate(root, bases=10, overlays=100):
    for b in range(bases):
        d = os.path.join(root, "bases", f"app{b}")
        write(os.path.join(d, "service.yaml"), BASE_SERVICE.format(b=b))
        write(os.path.join(d, "deployment.yaml"), BASE_DEPLOYMENT.format(b=b))
        write(os.path.join(d, "kustomization.yaml"), BASE_KUSTOMIZATION.format(b=b))
    for o in range(overlays):
        b = o % bases
        d = os.path.join(root, "overlays", f"env{o}")
        write(os.path.join(d, "kustomization.yaml"), OVERLAY_KUSTOMIZATION.format(b=b, o=o))
        write(os.path.join(d, "service.yaml"), OVERLAY_PATCH.format(b=b, node_port=30000 + o))


def timed(argv, cwd):
    start = time.perf_counter()
    done = subprocess.run(argv, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    return time.perf_counter() - start, done


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5, help="runs of each; the median counts")
    args = parser.parse_args()
    if not os.path.exists(BIN):
        sys.exit(f"no svcctl binary at {BIN}: run `cargo build --release` or set SVCCTL_BIN")
    if shutil.which("kubectl") is None:
        sys.exit("kubectl is not installed: the comparison needs `kubectl kustomize`")
    root = tempfile.mkdtemp(prefix="svcctl-kustomize-bench-")
    try:
        generate(root)
        lint_times, kubectl_times = [], []
        for _ in range(args.repeat):
            t, done = timed([BIN, "lint", "--no-config", "--format", "json", "."], root)
            if done.returncode not in (0, 1):
                sys.exit(f"svcctl failed: {done.stderr.decode()}")
            lint_times.append(t)
            t, done = timed(["kubectl", "kustomize", "overlays/env0"], root)
            if done.returncode != 0:
                sys.exit(f"kubectl kustomize failed: {done.stderr.decode()}")
            kubectl_times.append(t)
        lint = statistics.median(lint_times)
        one = statistics.median(kubectl_times)
        print(f"svcctl lint, 100 overlays over 10 bases: {lint * 1000:8.1f} ms (median of {args.repeat})")
        print(f"kubectl kustomize, one overlay:          {one * 1000:8.1f} ms (median of {args.repeat})")
        print(f"ratio (svcctl all / kubectl one):        {lint / one:8.2f}  (target: below 1)")
    finally:
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
