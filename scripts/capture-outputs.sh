#!/usr/bin/env bash
# Capture everything svcctl prints for a fixed set of inputs, one file per invocation, so two
# builds can be compared byte for byte:
#
#   scripts/capture-outputs.sh target/before/svcctl /tmp/before
#   scripts/capture-outputs.sh target/debug/svcctl  /tmp/after
#   diff -r /tmp/before /tmp/after
#
# It covers lint in every format over the fixtures and the real-world corpus, refused cluster
# settings and rule selectors, `new` for every type and the refusals, `explain` for every type,
# field, rule and 150 corpus files, `rules --format json`, and apply and diff up to the point where
# they would need a cluster. Each capture records stdout, stderr and the exit code.
# The corpus (../shared/corpus/real-world) is used when it is there and skipped with a line when not.
set -uo pipefail
cd "$(dirname "$0")/.."

bin=${1:?usage: capture-outputs.sh SVCCTL_BINARY OUTPUT_DIR}
out=${2:?usage: capture-outputs.sh SVCCTL_BINARY OUTPUT_DIR}
bin=$(realpath "$bin")
corpus=../shared/corpus/real-world
mkdir -p "$out"
export NO_COLOR=1 COLUMNS=100

# capture NAME ARGS...: stdout, stderr and exit code of one run, without colour or config.
capture() {
    local name=$1
    shift
    "$bin" "$@" >"$out/$name.out" 2>"$out/$name.err" </dev/null
    echo "$?" >"$out/$name.code"
}

for format in human concise json sarif junit github; do
    capture "lint-fixtures-$format" lint --no-config --format "$format" fixtures/
    capture "lint-fixtures-all-$format" lint --no-config --select all --format "$format" fixtures/
done
if [ -d "$corpus" ]; then
    for format in human json sarif; do
        capture "lint-corpus-$format" lint --no-config --format "$format" "$corpus"
    done
else
    echo "capture-outputs: $corpus is missing; the corpus is not captured"
fi

# Refused cluster settings and rule selectors: the messages come from the library's error types.
j=0
while IFS= read -r line; do
    [ -z "$line" ] && continue
    j=$((j + 1))
    # shellcheck disable=SC2086 # the arguments are split on purpose
    capture "$(printf 'lint-refused-%02d' "$j")" lint --no-config $line fixtures/
done <<'EOF'
--kube-version 1.20
--kube-version x
--service-cidr 10.0.0.0/8,1.0.0.0/8,2.0.0.0/8
--service-cidr bad
--ip-families IPv4,IPv4
--ip-families IPv5
--node-port-range 5-1
--select nope
EOF

capture rules-json rules --format json
capture rules-table rules

i=0
while IFS= read -r line; do
    [ -z "$line" ] && continue
    i=$((i + 1))
    # shellcheck disable=SC2086 # the arguments are split on purpose
    capture "$(printf 'new-%02d' "$i")" new --no-config $line
done <<'EOF'
clusterip web --port 80:8080
nodeport web --port 80:8080
loadbalancer web --port 80:8080
externalname db --external-name db.example.com
headless web --port 8080
clusterip backend-service --port 80:8080 --selector app=backend
nodeport frontend-service --port 80 --target 3000 --node-port 30007 --selector app=frontend
loadbalancer web-service --port 80:8080 --selector app=web
clusterip --from fixtures/new/deployment.yaml
headless --from fixtures/new/statefulset.yaml
clusterip --from fixtures/new/pod.yaml
clusterip --from fixtures/new/job.yaml --port 9000
nodeport web --port 80 --node-port 99999
clusterip web --port 0
externalname db --external-name Not_A_Host
headless db --port 5432:5433
clusterip web --port 80:8080 --port 9090 --format json
EOF

capture explain-overview explain
for topic in clusterip nodeport loadbalancer externalname headless; do
    capture "explain-type-$topic" explain "$topic"
done
for field in service spec spec.type spec.ports spec.ports.port spec.ports.targetPort \
    spec.ports.nodePort spec.ports.protocol spec.ports.name spec.ports.appProtocol spec.selector \
    spec.clusterIP spec.clusterIPs spec.externalName spec.externalIPs spec.sessionAffinity \
    spec.sessionAffinityConfig.clientIP.timeoutSeconds spec.externalTrafficPolicy \
    spec.internalTrafficPolicy spec.ipFamilies spec.ipFamilyPolicy spec.loadBalancerIP \
    spec.loadBalancerSourceRanges spec.loadBalancerClass spec.healthCheckNodePort \
    spec.publishNotReadyAddresses spec.allocateLoadBalancerNodePorts spec.trafficDistribution \
    metadata metadata.name metadata.namespace metadata.labels metadata.annotations; do
    capture "explain-field-$field" explain "$field"
    capture "explain-field-json-$field" explain --format json "$field"
done
capture explain-field-recursive-ports explain --recursive spec.ports
"$bin" rules --format json | python3 -c 'import json,sys
for rule in json.load(sys.stdin): print(rule["id"])' >"$out/rule-ids.txt"
while IFS= read -r rule; do
    capture "explain-rule-$rule" explain "$rule"
done <"$out/rule-ids.txt"
for file in fixtures/explain/*.yaml; do
    capture "explain-file-$(basename "$file" .yaml)" explain --no-config "$file"
    capture "explain-file-json-$(basename "$file" .yaml)" explain --no-config --format json "$file"
done
if [ -d "$corpus" ]; then
    find "$corpus" -name '*.yaml' | LC_ALL=C sort | head -n 150 >"$out/corpus-files.txt"
    n=0
    while IFS= read -r file; do
        n=$((n + 1))
        capture "$(printf 'explain-corpus-%03d' "$n")" explain --no-config "$file"
    done <"$out/corpus-files.txt"
fi
# Help, and the typed values the command line parses (names, aliases, any case, refusals): they
# come from the argument definitions of commands/ and cli/.
for command in new explain apply diff lint rules; do
    capture "help-$command" "$command" --help
    capture "help-short-$command" "$command" -h
done
j=0
while IFS= read -r line; do
    [ -z "$line" ] && continue
    j=$((j + 1))
    # shellcheck disable=SC2086 # the arguments are split on purpose
    capture "$(printf 'new-values-%02d' "$j")" new --no-config $line
done <<'EOF'
NP web --port 80
lb web --port 80 --external-traffic-policy local --ip-family-policy preferdualstack --ip-family ipv4,IPv6
cluster-ip web --port 80 --session-affinity clientip --session-affinity-timeout 60 --internal-traffic-policy Local
external-name db --external-name db.example.com --format json
bogus web --port 80
nodeport web --port 80 --external-traffic-policy Sometimes
clusterip web --port 80 --ip-family IPv5
clusterip web --port 80 --format toml
nodeport web --port 80 --node-port-range 30000-30100 --node-port 30200
nodeport web --port 80 --node-port-range 5-1
nodeport web --port 80 --node-port-range nope
clusterip web --port 80 --append
EOF
# apply and diff as far as they go without a cluster: the lint gate (exit 1 for apply, 2 for
# diff, as for kubectl diff), the client dry run, a --namespace that contradicts the file, input
# with nothing to send, and an API server that is not there (a port on 127.0.0.1 nobody serves).
kube=$(mktemp -d)
trap 'rm -rf "$kube"' EXIT
cat >"$kube/kubeconfig" <<'KUBECONFIG'
apiVersion: v1
kind: Config
clusters:
- name: nowhere
  cluster:
    server: http://127.0.0.1:9
contexts:
- name: nowhere
  context:
    cluster: nowhere
    user: nobody
    namespace: default
current-context: nowhere
users:
- name: nobody
  user: {}
KUBECONFIG
for command in apply diff; do
    capture "$command-lint-errors" "$command" --kubeconfig "$kube/kubeconfig" fixtures/cli/nodeport-mistakes.yaml
    capture "$command-namespace-contradiction" "$command" --kubeconfig "$kube/kubeconfig" --namespace elsewhere fixtures/explain/headless-db.yaml
    capture "$command-nothing-to-send" "$command" --kubeconfig "$kube/kubeconfig" fixtures/new/deployment.yaml
    capture "$command-unreachable" "$command" --kubeconfig "$kube/kubeconfig" --timeout 2s fixtures/cli/clean.yaml
done
capture apply-client-dry-run apply --dry-run=client --kubeconfig "$kube/kubeconfig" fixtures/explain/backend-service.yaml fixtures/explain/external-db.yaml fixtures/explain/headless-db.yaml fixtures/cli/clean.yaml fixtures/new/deployment.yaml
capture apply-client-dry-run-all-kinds apply --dry-run=client --all-kinds --force-conflicts --kubeconfig "$kube/kubeconfig" fixtures/explain/backend-service.yaml fixtures/explain/external-db.yaml fixtures/explain/headless-db.yaml fixtures/cli/clean.yaml fixtures/new/deployment.yaml
echo "capture-outputs: $(find "$out" -name '*.code' | wc -l) invocations captured in $out"
