"""A `helm` stand-in for svcctl's tests: `helm template` rendered for real by Helm's Go SDK.

The `helm` binary cannot be installed where svcctl's tests run, but Helm's engine can: PyPI's
helm-python-sdk (0.2.2, Helm v4.2 as a C library) renders a chart offline and returns each
template's text. This script accepts exactly the arguments svcctl passes (see
src/helm/render.rs, `template_args`) and fails loudly on anything else, renders the chart, and
joins the pieces in `helm template`'s layout, byte for byte:

- the rendered files, in sorted path order, partials (`_*`) and NOTES.txt left out, each split
  into manifests (Chart API v1/v2: Helm's lenient `(?:^|\\s*\\n)---\\s*` separator; Chart API v3:
  the strict `(?m)^---(?:[ \\t]+|\\r?$)` one), leading whitespace trimmed (Helm v4; Helm v3
  trimmed both ends: HELM_STAND_IN_MAJOR=3);
- manifests with a `helm.sh/hook` annotation become hooks (unknown hook types are dropped);
- the others are sorted stably by kind in Helm's InstallOrder (unknown kinds last, by kind
  name), printed as `---\\n# Source: PATH\\n` + manifest + `\\n`; the whole is trimmed and ends
  with one newline (`fmt.Fprintln(strings.TrimSpace(rel.Manifest))`);
- then the hooks, sorted the same way, each printed as `---\\n# Source: PATH\\n` + manifest + `\\n`.

Sources: helm/helm pkg/cmd/template.go, pkg/action/install.go (renderResources),
pkg/release/v1/util/{manifest.go,manifest_sorter.go,kind_sorter.go},
internal/release/v2/util/manifest.go (Chart API v3).

Usage (as svcctl runs it):
  helm template NAME CHART --namespace NS --kube-version vX.Y.Z [--values FILE]... [--set K=V]...

`--kube-version` is checked but cannot be passed on: the SDK renders with Helm's default
capabilities.
"""

import os
import re
import sys


def fail(message, code=1):
    sys.stderr.write("Error: " + message + "\n")
    sys.exit(code)


def usage(message):
    fail("helm stand-in: " + message + " (it accepts only: template NAME CHART --namespace NS "
         "--kube-version vX.Y.Z [--values FILE]... [--set K=V]...)", 64)


INSTALL_ORDER = [
    "PriorityClass", "Namespace", "NetworkPolicy", "ResourceQuota", "LimitRange",
    "PodSecurityPolicy", "PodDisruptionBudget", "ServiceAccount", "Secret", "SecretList",
    "ConfigMap", "StorageClass", "PersistentVolume", "PersistentVolumeClaim",
    "CustomResourceDefinition", "ClusterRole", "ClusterRoleList", "ClusterRoleBinding",
    "ClusterRoleBindingList", "Role", "RoleList", "RoleBinding", "RoleBindingList", "Service",
    "DaemonSet", "Pod", "ReplicationController", "ReplicaSet", "Deployment",
    "HorizontalPodAutoscaler", "StatefulSet", "Job", "CronJob", "IngressClass", "Ingress",
    "APIService", "MutatingWebhookConfiguration", "ValidatingWebhookConfiguration",
]
ORDER = {kind: i for i, kind in enumerate(INSTALL_ORDER)}

HOOK_EVENTS = {
    "pre-install", "post-install", "pre-delete", "post-delete", "pre-upgrade", "post-upgrade",
    "pre-rollback", "post-rollback", "test", "test-success",
}

LENIENT_SEPARATOR = re.compile(r"(?:^|\s*\n)---\s*")
STRICT_SEPARATOR = re.compile(r"(?m)^---(?:[ \t]+|\r?$)")


def parse_args(argv):
    if len(argv) < 3 or argv[0] != "template":
        usage("expected `template NAME CHART`, got %r" % (argv,))
    name, chart = argv[1], argv[2]
    options = {"namespace": None, "kube-version": None, "values": [], "set": []}
    rest = argv[3:]
    while rest:
        flag = rest.pop(0)
        if flag not in ("--namespace", "--kube-version", "--values", "--set"):
            usage("unexpected argument %r" % flag)
        if not rest:
            usage("%s needs a value" % flag)
        value = rest.pop(0)
        key = flag[2:]
        if key in ("values", "set"):
            options[key].append(value)
        elif options[key] is not None:
            usage("%s given twice" % flag)
        else:
            options[key] = value
    if options["namespace"] is None or options["kube-version"] is None:
        usage("--namespace and --kube-version are always passed by svcctl")
    if not re.fullmatch(r"v1\.\d+\.\d+", options["kube-version"]):
        usage("--kube-version %r is not vMAJOR.MINOR.PATCH" % options["kube-version"])
    return name, chart, options


def merge(base, overlay):
    """Helm's coalescing of user values: maps merge key by key, anything else replaces."""
    for key, value in overlay.items():
        if isinstance(value, dict) and isinstance(base.get(key), dict):
            merge(base[key], value)
        else:
            base[key] = value
    return base


def split_manifests(text, chart_api, major):
    separator = STRICT_SEPARATOR if chart_api == "v3" else LENIENT_SEPARATOR
    if chart_api == "v3" or major >= 4:
        trim = str.lstrip
    else:
        trim = str.strip
    text = text.lstrip() if (chart_api == "v3" or major >= 4) else text.strip()
    manifests = []
    for piece in separator.split(text):
        if piece.strip() == "":
            continue
        manifests.append(trim(piece))
    return manifests


def simple_head(manifest, helm):
    try:
        doc = helm.values_from_yaml(manifest)
    except Exception as e:  # noqa: BLE001
        return None, str(e)
    if not isinstance(doc, dict):
        return {"kind": "", "annotations": {}}, None
    metadata = doc.get("metadata") if isinstance(doc.get("metadata"), dict) else {}
    annotations = metadata.get("annotations") if isinstance(metadata.get("annotations"), dict) else {}
    kind = doc.get("kind") if isinstance(doc.get("kind"), str) else ""
    return {"kind": kind, "annotations": annotations}, None


def by_kind(items):
    def key(item):
        kind = item[1]
        if kind in ORDER:
            return (0, ORDER[kind], "")
        return (1, 0, kind)
    return sorted(items, key=key)  # Python's sort is stable, as sort.SliceStable


def chart_api_version(chart_dir):
    try:
        with open(os.path.join(chart_dir, "Chart.yaml"), encoding="utf-8") as f:
            for line in f:
                m = re.match(r"apiVersion:\s*['\"]?(v\d)", line)
                if m:
                    return m.group(1)
    except OSError:
        pass
    return "v2"


def main(argv):
    name, chart_dir, options = parse_args(argv)
    try:
        import helm_python as helm
    except ImportError:
        fail("helm stand-in: helm-python-sdk is not installed for %s (set SVCCTL_HELM_PYTHON)"
             % sys.executable)
    major = int(os.environ.get("HELM_STAND_IN_MAJOR", "4"))
    values = {}
    for path in options["values"]:
        try:
            with open(path, encoding="utf-8") as f:
                merge(values, helm.values_from_yaml(f.read()) or {})
        except OSError as e:
            fail("open %s: %s" % (path, e.strerror.lower() if e.strerror else e))
    for expression in options["set"]:
        try:
            merge(values, helm.parse_set_string(expression))
        except helm.HelmError as e:
            fail("failed parsing --set data: %s" % e)
    try:
        chart = helm.Chart.load(chart_dir)
        files = chart.render(values, name=name, namespace=options["namespace"])
    except helm.HelmError as e:
        fail(str(e))
    chart_api = chart_api_version(chart_dir)
    generic, hooks = [], []
    for path in sorted(files):
        if os.path.basename(path).startswith("_") or path.endswith("NOTES.txt"):
            continue
        content = files[path]
        if content.strip() == "":
            continue
        for manifest in split_manifests(content, chart_api, major):
            entry, error = simple_head(manifest, helm)
            if error is not None:
                fail("YAML parse error on %s: %s" % (path, error))
            hook = entry["annotations"].get("helm.sh/hook")
            if hook is None:
                generic.append((path, entry["kind"], manifest))
                continue
            events = [e.strip().lower() for e in str(hook).split(",")]
            if all(e in HOOK_EVENTS for e in events):
                hooks.append((path, entry["kind"], manifest))
    release = "".join("---\n# Source: %s\n%s\n" % (p, m) for p, _, m in by_kind(generic))
    out = release.strip() + "\n"
    out += "".join("---\n# Source: %s\n%s\n" % (p, m) for p, _, m in by_kind(hooks))
    sys.stdout.write(out)


if __name__ == "__main__":
    main(sys.argv[1:])
