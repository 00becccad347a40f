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
case "$(cd "$(dirname "$DEST")" 2>/dev/null && pwd)/" in
  "$(cd "$(dirname "$0")/.." && pwd)/"*) echo "refusing to extract into the repository: $DEST" >&2; exit 2 ;;
esac

rm -rf "$DEST"
mkdir -p "$DEST"
{
  echo "# Helm chart corpus"
  echo
  echo "Extracted by scripts/helm-corpus.sh on $(date -u +%Y-%m-%d). Not part of svcctl."
  echo
  echo "| repository | commit | licence | folders |"
  echo "| --- | --- | --- | --- |"
} > "$DEST/SOURCES.md"

extract() {
  local repo=$1; shift
  local slug=${repo/\//+}
  local git_dir=$MIRRORS/$slug/repo
  if [ ! -d "$git_dir" ]; then
    echo "skipped $repo: no mirror at $git_dir" >&2
    return
  fi
  local out=$DEST/$slug
  mkdir -p "$out"
  git -C "$git_dir" archive HEAD "$@" | tar -x -C "$out"
  local licence
  licence=$(git -C "$git_dir" ls-tree --name-only HEAD | grep -iE '^(LICENSE|LICENCE|COPYING)' | head -1 || true)
  local licence_name="none found in the repository"
  if [ -n "$licence" ]; then
    git -C "$git_dir" show "HEAD:$licence" > "$out/$licence"
    licence_name=$(head -c 600 "$out/$licence" | grep -oE 'Apache License|MIT License|BSD' | head -1 || true)
    licence_name="${licence_name:-see $licence} ($licence)"
  fi
  echo "| $repo | $(git -C "$git_dir" rev-parse HEAD) | $licence_name | $* |" >> "$DEST/SOURCES.md"
}

extract kubernetes/ingress-nginx charts/ingress-nginx
extract prometheus-community/helm-charts charts
extract argoproj/argo-helm charts
extract bitnami/charts bitnami
extract stefanprodan/podinfo charts/podinfo

echo "corpus in $DEST: $(find "$DEST" -name Chart.yaml | wc -l) charts, $(find "$DEST" -path '*/templates/*' \( -name '*.yaml' -o -name '*.yml' \) | wc -l) template files"
