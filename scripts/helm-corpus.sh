#!/usr/bin/env bash
# Extracts real public Helm charts from fetched bare mirrors of their repositories into a folder
# OUTSIDE this repository, for tests/helm_corpus.rs (raw templates read without Helm):
#
#   scripts/helm-corpus.sh [DEST]        # default DEST: /tmp/svcctl-helm-corpus
#   SVCCTL_HELM_CORPUS=DEST cargo test --locked --test helm_corpus -- --nocapture
#
# Nothing extracted here may be committed: the charts keep their licences (copied beside them)
# and DEST/SOURCES.md lists repository, commit, licence and folders.
# MIRRORS names the folder holding <owner>+<name>/repo bare snapshots (default /work/.mirror).
set -euo pipefail

MIRRORS=${MIRRORS:-/work/.mirror}
DEST=${1:-/tmp/svcctl-helm-corpus}
TITLE="Helm chart corpus"
# shellcheck source=scripts/lib/mirror-corpus.sh
source "$(dirname "$0")/lib/mirror-corpus.sh"

extract kubernetes/ingress-nginx charts/ingress-nginx
extract prometheus-community/helm-charts charts
extract argoproj/argo-helm charts
extract bitnami/charts bitnami
extract stefanprodan/podinfo charts/podinfo

echo "corpus in $DEST: $(find "$DEST" -name Chart.yaml | wc -l) charts, $(find "$DEST" -path '*/templates/*' \( -name '*.yaml' -o -name '*.yml' \) | wc -l) template files"
