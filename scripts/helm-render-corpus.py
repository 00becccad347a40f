"""Real public charts, rendered by Helm and linted, with every finding's placement checked.

Extracts charts from the local git mirrors (/work/.mirror/OWNER+REPO/repo, or --mirrors DIR) into
SVCCTL_HELM_RENDERED_CORPUS (or --out DIR), vendors each chart's dependencies from the same mirrors where
they are there (bitnami/common for bitnami charts, sibling charts for prometheus-community's),
renders each with its default values through scripts/helm (Helm v4's engine, helm-python-sdk),
lints each rendered stream with `svcctl lint --format json --chart-root CHART -`, and checks that
every finding placed on a template (all rules selected) lands on a line that writes that
finding's key or an ancestor of it (a `key:` line of the field path) or on an action that fills a
block (`{{ include … }}`, `{{ toYaml … }}`), or the template's first line. Then it plants a literal
mistake (`sessionAffinity: Sometimes`) under `spec:` of every Service template, renders again and
checks that each rendered one is found at exactly the line it was planted on. Nothing it extracts
is committed.

Run with the Python that has helm-python-sdk:
  $SVCCTL_HELM_PYTHON scripts/helm-render-corpus.py [--out DIR] [--svcctl target/debug/svcctl]
Exit status 1 when a placement check fails.
"""

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tarfile
import io

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

# (mirror, path in it) of every chart rendered.
CHARTS = [
    ("kubernetes+ingress-nginx", "charts/ingress-nginx"),
    ("stefanprodan+podinfo", "charts/podinfo"),
    ("prometheus-community+helm-charts", "charts/kube-state-metrics"),
    ("prometheus-community+helm-charts", "charts/prometheus-node-exporter"),
    ("prometheus-community+helm-charts", "charts/prometheus-pushgateway"),
    ("prometheus-community+helm-charts", "charts/alertmanager"),
    ("prometheus-community+helm-charts", "charts/prometheus-blackbox-exporter"),
    ("prometheus-community+helm-charts", "charts/prometheus-adapter"),
    ("prometheus-community+helm-charts", "charts/prometheus"),
    ("prometheus-community+helm-charts", "charts/kube-prometheus-stack"),
    ("argoproj+argo-helm", "charts/argo-cd"),
    ("argoproj+argo-helm", "charts/argo-rollouts"),
    ("argoproj+argo-helm", "charts/argo-workflows"),
    ("argoproj+argo-helm", "charts/argo-events"),
    ("bitnami+charts", "bitnami/nginx"),
    ("bitnami+charts", "bitnami/redis"),
    ("bitnami+charts", "bitnami/postgresql"),
    ("bitnami+charts", "bitnami/mysql"),
    ("bitnami+charts", "bitnami/kafka"),
    ("bitnami+charts", "bitnami/wordpress"),
]


def extract(mirrors, mirror, path, dest):
    git_dir = os.path.join(mirrors, mirror, "repo")
    data = subprocess.run(
        ["git", "--git-dir", git_dir, "archive", "HEAD", path],
        check=True, capture_output=True,
    ).stdout
    with tarfile.open(fileobj=io.BytesIO(data)) as tar:
        tar.extractall(dest, filter="data")
    return os.path.join(dest, path)


def dependencies(chart_dir, helm):
    try:
        with open(os.path.join(chart_dir, "Chart.yaml"), encoding="utf-8") as f:
            meta = helm.values_from_yaml(f.read()) or {}
    except OSError:
        return []
    return [d for d in meta.get("dependencies") or [] if isinstance(d, dict) and d.get("name")]


def vendor(chart_dir, mirror, parent_path, mirrors, scratch, helm, depth=0):
    """Copies each dependency found in the same mirror into charts/NAME; returns the missing."""
    missing = []
    for dep in dependencies(chart_dir, helm):
        name = dep["name"]
        target = os.path.join(chart_dir, "charts", name)
        if os.path.isdir(target):
            continue
        sibling = os.path.join(os.path.dirname(parent_path), name)
        try:
            found = extract(mirrors, mirror, sibling, scratch)
        except subprocess.CalledProcessError:
            missing.append(name)
            continue
        os.makedirs(os.path.dirname(target), exist_ok=True)
        shutil.copytree(found, target)
        if depth < 3:
            missing += vendor(target, mirror, sibling, mirrors, scratch, helm, depth + 1)
    return missing


CONTROL = re.compile(r"^\{\{-?\s*(if|else|end|range|with|define|block|/\*|\$\w+\s*:?=)")


def field_keys(field):
    return {k for k in re.split(r"[.\[\]]", field or "") if k and not k.isdigit()}


def placement_ok(diagnostic):
    """Whether the template line a finding is placed on writes its key or an ancestor's."""
    path = diagnostic["file"]
    try:
        with open(path, encoding="utf-8") as f:
            lines = f.read().split("\n")
    except OSError:
        return False, "template not readable"
    line_no = diagnostic["line"]
    if line_no == 1:
        return True, "first line"
    if not 1 <= line_no <= len(lines):
        return False, "line out of range"
    text = lines[line_no - 1].strip()
    while text.startswith("- "):
        text = text[2:].lstrip()
    if text.startswith("{{"):
        return (not CONTROL.match(text)), "action: " + text[:60]
    key = text.split(":", 1)[0].strip().strip("'\"")
    keys = field_keys(diagnostic.get("field")) | {"metadata", "name", "spec", "kind", "apiVersion"}
    if diagnostic.get("field") is None:
        return True, "object-level finding on " + key
    return key in keys, "key %r for field %s" % (key, diagnostic.get("field"))


PLANT = "  sessionAffinity: Sometimes # planted by helm-render-corpus.py"


def plant(chart):
    """Writes a literal mistake under `spec:` of every Service template of the chart (subcharts
    too): {template path: [planted line numbers]}."""
    planted = {}
    for root, _, files in os.walk(chart):
        if os.sep + "templates" not in root + os.sep:
            continue
        for name in files:
            if not name.endswith((".yaml", ".yml")) or name.startswith("_"):
                continue
            path = os.path.join(root, name)
            with open(path, encoding="utf-8") as f:
                lines = f.read().split("\n")
            if not any(l.strip() == "kind: Service" for l in lines) or any("sessionAffinity" in l for l in lines):
                continue
            out, at, in_service = [], [], False
            for line in lines:
                if line.startswith("kind:"):
                    in_service = line.strip() == "kind: Service"
                if line == "---":
                    in_service = False
                out.append(line)
                if in_service and line.rstrip() == "spec:":
                    out.append(PLANT)
                    at.append(len(out))
            if at:
                with open(path, "w", encoding="utf-8") as f:
                    f.write("\n".join(out))
                planted[os.path.abspath(path)] = at
    return planted


def time_mapping(svcctl, charts_dir, rendered_dir, runs=5):
    """Best of `runs` wall times, summed over the streams: mapped vs. plain."""
    import time
    mapped = plain = 0.0
    for name in sorted(os.listdir(rendered_dir)):
        stream = os.path.join(rendered_dir, name)
        with open(stream, encoding="utf-8") as f:
            text = f.read()
        bare = "".join(l for l in text.splitlines(True) if not l.startswith("# Source: "))
        chart = os.path.join(charts_dir, name[:-len(".yaml")])
        for label, data, extra in (("mapped", text, ["--chart-root", chart]), ("plain", bare, [])):
            best = None
            for _ in range(runs):
                start = time.perf_counter()
                subprocess.run([svcctl, "lint", "--no-config", "--format", "json", "--select", "all"]
                               + extra + ["-"], input=data, capture_output=True, text=True)
                took = time.perf_counter() - start
                best = took if best is None else min(best, took)
            if label == "mapped":
                mapped += best
            else:
                plain += best
    print("time (best of %d, summed over the streams): mapped %.3f s, plain %.3f s (%s)"
          % (runs, mapped, plain, svcctl))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", default=os.environ.get("SVCCTL_HELM_RENDERED_CORPUS"))
    parser.add_argument("--mirrors", default="/work/.mirror")
    parser.add_argument("--svcctl", default=os.path.join(REPO, "target/debug/svcctl"))
    parser.add_argument("--time", action="store_true",
                        help="also time svcctl on each stream with its templates mapped and with "
                             "its `# Source:` lines removed (the cost of the mapping)")
    args = parser.parse_args()
    if not args.out:
        sys.exit("set SVCCTL_HELM_RENDERED_CORPUS or pass --out DIR")
    import helm_python as helm

    out = os.path.abspath(args.out)
    charts_dir = os.path.join(out, "charts")
    rendered_dir = os.path.join(out, "rendered")
    scratch = os.path.join(out, "scratch")
    for d in (charts_dir, rendered_dir, scratch):
        shutil.rmtree(d, ignore_errors=True)
        os.makedirs(d)
    env = dict(os.environ, SVCCTL_HELM_PYTHON=sys.executable)
    totals = {"charts": 0, "rendered": 0, "failed": 0, "findings": 0, "placed": 0, "ok": 0,
              "planted": 0, "planted_rendered": 0, "planted_exact": 0}
    bad = []
    for mirror, path in CHARTS:
        name = os.path.basename(path)
        extracted = extract(args.mirrors, mirror, path, scratch)
        chart = os.path.join(charts_dir, name)
        shutil.copytree(extracted, chart)
        missing = vendor(chart, mirror, path, args.mirrors, os.path.join(scratch, "deps"), helm)
        totals["charts"] += 1
        render = subprocess.run(
            [os.path.join(REPO, "scripts/helm"), "template", "release-name", chart,
             "--namespace", "default", "--kube-version", "v1.36.0"],
            capture_output=True, text=True, env=env,
        )
        if render.returncode != 0:
            totals["failed"] += 1
            print("%-32s not rendered (missing %s): %s" % (
                name, ",".join(missing) or "-", render.stderr.strip()[:160]))
            continue
        totals["rendered"] += 1
        stream = os.path.join(rendered_dir, name + ".yaml")
        with open(stream, "w", encoding="utf-8") as f:
            f.write(render.stdout)
        lint = subprocess.run(
            [args.svcctl, "lint", "--no-config", "--format", "json", "--chart-root", chart, stream],
            capture_output=True, text=True,
        )
        report = json.loads(lint.stdout)
        diagnostics = report["diagnostics"]
        # The off-by-default rules too, for more findings to place.
        every = subprocess.run(
            [args.svcctl, "lint", "--no-config", "--format", "json", "--select", "all",
             "--chart-root", chart, stream],
            capture_output=True, text=True,
        )
        diagnostics = json.loads(every.stdout)["diagnostics"]
        placed = [d for d in diagnostics if d.get("template") and d["file"] != stream]
        ok = 0
        for d in placed:
            good, why = placement_ok(d)
            if good:
                ok += 1
            else:
                bad.append("%s:%s %s (%s)" % (d["file"], d["line"], d["rule"], why))
        # Planted literal mistakes: each rendered one found at exactly its template line.
        planted = plant(chart)
        replant = subprocess.run(
            [os.path.join(REPO, "scripts/helm"), "template", "release-name", chart,
             "--namespace", "default", "--kube-version", "v1.36.0"],
            capture_output=True, text=True, env=env,
        )
        rendered_plants = replant.stdout.count("sessionAffinity: Sometimes")
        found = subprocess.run(
            [args.svcctl, "lint", "--no-config", "--format", "json", "--select",
             "invalid-session-affinity", "--chart-root", chart, "-"],
            input=replant.stdout, capture_output=True, text=True,
        )
        hits = [d for d in json.loads(found.stdout)["diagnostics"]]
        exact = [d for d in hits
                 if d["line"] in planted.get(os.path.abspath(d["file"]), [])]
        for d in hits:
            if d not in exact:
                bad.append("%s:%s planted mistake found elsewhere" % (d["file"], d["line"]))
        if len(hits) != rendered_plants:
            bad.append("%s: %d planted mistakes rendered, %d found" % (name, rendered_plants, len(hits)))
        totals["planted"] += sum(len(v) for v in planted.values())
        totals["planted_rendered"] += rendered_plants
        totals["planted_exact"] += len(exact)
        totals["findings"] += len(diagnostics)
        totals["placed"] += len(placed)
        totals["ok"] += ok
        print("%-28s %4d objects %4d findings %4d on templates %4d placed well; planted %d, rendered %d, found at their line %d%s" % (
            name, report["summary"]["objects"], len(diagnostics), len(placed), ok,
            sum(len(v) for v in planted.values()), rendered_plants, len(exact),
            "" if not missing else " (dependencies not in the mirror: %s)" % ",".join(missing)))
    shutil.rmtree(scratch, ignore_errors=True)
    if args.time:
        time_mapping(args.svcctl, charts_dir, rendered_dir)
    print("charts %(charts)d, rendered %(rendered)d, not rendered %(failed)d; findings %(findings)d, "
          "on template lines %(placed)d, placement checks passed %(ok)d; planted literal mistakes "
          "%(planted)d, rendered %(planted_rendered)d, found at their template line %(planted_exact)d" % totals)
    for b in bad:
        print("MISPLACED " + b)
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
