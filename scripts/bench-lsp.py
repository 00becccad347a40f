#!/usr/bin/env python3
"""svcctl lsp latency: how long after a change the editor has its diagnostics.

    python3 scripts/bench-lsp.py                   # target/release/svcctl (cargo build --release)
    python3 scripts/bench-lsp.py path/to/svcctl    # another binary
    python3 scripts/bench-lsp.py --rounds 50       # fewer rounds

A scripted client starts `svcctl lsp` on a workspace folder holding a 1,000-line file of Services
with mistakes (the document edited), their Deployments in a second file (for the cross-object
rules), and a few more files. It opens the document and then, per round, sends one incremental
`didChange` (a nodePort toggled between an accepted and a refused value, so the findings change
every time) and times until `publishDiagnostics` for that version arrives. Time is measured in
this process from the write of the change to the read of the diagnostics, so it includes the
JSON-RPC framing both ways. A burst of changes sent back to back shows the coalescing: one lint
for the whole burst, not one per keystroke.
"""

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def service(i, node_port):
    return (
        f"apiVersion: v1\nkind: Service\nmetadata:\n  name: web-{i}\n  labels:\n    app: web-{i}\n"
        f"spec:\n  type: NodePort\n  selector:\n    app: web-{i}\n  ports:\n    - name: http\n"
        f"      port: 80\n      targetPort: http\n      nodePort: {node_port}\n"
    )


def deployment(i):
    return (
        f"apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web-{i}\nspec:\n  selector:\n"
        f"    matchLabels:\n      app: web-{i}\n  template:\n    metadata:\n      labels:\n"
        f"        app: web-{i}\n    spec:\n      containers:\n        - name: app\n"
        f"          image: nginx\n          ports:\n            - name: http\n"
        f"              containerPort: 8080\n"
    )


def document(lines=1000):
    """Services separated by `---` until the text has `lines` lines; every 7th has a mistake."""
    parts, i = [], 0
    while True:
        part = service(i, 99999 if i % 7 == 3 else 30000 + i)
        if sum(p.count("\n") + 1 for p in parts) + part.count("\n") + 1 > lines:
            break
        parts.append(part)
        i += 1
    text = "---\n".join(parts)
    pad = lines - text.count("\n")
    return text + "# padding\n" * pad, i


class Client:
    def __init__(self, binary, root):
        self.proc = subprocess.Popen(
            [binary, "lsp"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, cwd=root
        )
        self.next_id = 0

    def send(self, message):
        body = json.dumps(message).encode()
        self.proc.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.proc.stdin.flush()

    def read(self):
        length = None
        while True:
            line = self.proc.stdout.readline()
            if not line:
                raise SystemExit("svcctl lsp closed its output")
            line = line.strip()
            if not line:
                break
            if line.lower().startswith(b"content-length:"):
                length = int(line.split(b":")[1])
        return json.loads(self.proc.stdout.read(length))

    def request(self, method, params):
        self.next_id += 1
        self.send({"jsonrpc": "2.0", "id": self.next_id, "method": method, "params": params})
        while True:
            m = self.read()
            if m.get("id") == self.next_id and "method" not in m:
                return m

    def notify(self, method, params):
        self.send({"jsonrpc": "2.0", "method": method, "params": params})

    def diagnostics(self, uri, version):
        """Read until the diagnostics of `uri` at `version`; the number of publishes read."""
        seen = 0
        while True:
            m = self.read()
            if m.get("method") == "textDocument/publishDiagnostics" and m["params"]["uri"] == uri:
                seen += 1
                if m["params"].get("version") == version:
                    return m["params"]["diagnostics"], seen


def percentile(values, p):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def main():
    args = sys.argv[1:]
    rounds = 200
    if "--rounds" in args:
        at = args.index("--rounds")
        rounds = int(args[at + 1])
        del args[at : at + 2]
    binary = os.path.abspath(args[0]) if args else os.path.join(ROOT, "target", "release", "svcctl")
    with tempfile.TemporaryDirectory() as root:
        text, services = document()
        path = os.path.join(root, "services.yaml")
        with open(path, "w") as f:
            f.write(text)
        with open(os.path.join(root, "deployments.yaml"), "w") as f:
            f.write("---\n".join(deployment(i) for i in range(services)))
        for n in range(5):
            with open(os.path.join(root, f"other-{n}.yaml"), "w") as f:
                f.write(service(1000 + n, 30500 + n))
        uri = "file://" + path
        c = Client(binary, root)
        c.request("initialize", {"processId": None, "rootUri": "file://" + root, "capabilities": {}})
        c.notify("initialized", {})
        start = time.perf_counter()
        c.notify(
            "textDocument/didOpen",
            {"textDocument": {"uri": uri, "languageId": "yaml", "version": 1, "text": text}},
        )
        first, _ = c.diagnostics(uri, 1)
        opened = time.perf_counter() - start
        # The nodePort of the first Service: `      nodePort: 30000` is line 14.
        line, col = 14, len("      nodePort: ")
        values = ["99999", "30000"]
        times, counts = [], []
        for r in range(rounds):
            version = r + 2
            start = time.perf_counter()
            c.notify(
                "textDocument/didChange",
                {
                    "textDocument": {"uri": uri, "version": version},
                    "contentChanges": [
                        {
                            "range": {
                                "start": {"line": line, "character": col},
                                "end": {"line": line, "character": col + 5},
                            },
                            "text": values[r % 2],
                        }
                    ],
                },
            )
            found, _ = c.diagnostics(uri, version)
            times.append((time.perf_counter() - start) * 1000)
            counts.append(len(found))
        assert counts[0] > len(first) and counts[1] == len(first), (counts[:2], len(first))
        # A burst of 20 keystrokes written back to back.
        burst = 20
        start = time.perf_counter()
        version = rounds + 2
        for k in range(burst):
            version += 1
            c.notify(
                "textDocument/didChange",
                {
                    "textDocument": {"uri": uri, "version": version},
                    "contentChanges": [
                        {
                            "range": {
                                "start": {"line": line, "character": col},
                                "end": {"line": line, "character": col + 5},
                            },
                            "text": values[k % 2],
                        }
                    ],
                },
            )
        _, publishes = c.diagnostics(uri, version)
        burst_ms = (time.perf_counter() - start) * 1000
        c.request("shutdown", None)
        c.notify("exit", None)
        c.proc.wait(timeout=10)
    print(f"svcctl lsp: {binary}")
    print(f"document: {text.count(chr(10))} lines, {services} Services, {len(first)} findings; "
          f"folder: +{services} Deployments and 5 more files")
    print()
    print("| measure | ms |")
    print("|---|---|")
    print(f"| didOpen to diagnostics | {opened * 1000:.1f} |")
    print(f"| didChange to diagnostics, median of {rounds} | {statistics.median(times):.1f} |")
    print(f"| didChange to diagnostics, p95 | {percentile(times, 95):.1f} |")
    print(f"| didChange to diagnostics, max | {max(times):.1f} |")
    print(f"| {burst} changes back to back, to the last one's diagnostics ({publishes} publishes) | {burst_ms:.1f} |")


if __name__ == "__main__":
    main()
