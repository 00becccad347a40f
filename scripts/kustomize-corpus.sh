#!/usr/bin/env bash
# Extracts real Kustomize layouts from fetched bare mirrors of public repositories into a folder
# OUTSIDE this repository, for tests/kustomize_conformance.rs:
#
#   scripts/kustomize-corpus.sh [DEST]        # default DEST: /tmp/svcctl-kustomize-corpus
#   SVCCTL_KUSTOMIZE_CORPUS=DEST cargo test --locked --test kustomize_conformance
#
# Nothing extracted here may be committed: the layouts keep their licences (copied beside
# them) and DEST/SOURCES.md lists repository, commit, licence and folders.
# MIRRORS names the folder holding <owner>+<name>/repo bare snapshots (default /work/.mirror).
set -euo pipefail

MIRRORS=${MIRRORS:-/work/.mirror}
DEST=${1:-/tmp/svcctl-kustomize-corpus}
TITLE="Kustomize conformance corpus"
# shellcheck source=scripts/lib/mirror-corpus.sh
source "$(dirname "$0")/lib/mirror-corpus.sh"

extract kubernetes-sigs/kustomize examples
extract GoogleCloudPlatform/microservices-demo kustomize
extract argoproj/argocd-example-apps kustomize-guestbook sock-shop pre-post-sync plugins/kustomized-helm
extract stefanprodan/podinfo deploy kustomize

echo "corpus in $DEST:"
find "$DEST" -name kustomization.yaml -o -name kustomization.yml -o -name Kustomization | wc -l
