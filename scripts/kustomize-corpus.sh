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
case "$(cd "$(dirname "$DEST")" 2>/dev/null && pwd)/" in
  "$(cd "$(dirname "$0")/.." && pwd)/"*) echo "refusing to extract into the repository: $DEST" >&2; exit 2 ;;
esac

rm -rf "$DEST"
mkdir -p "$DEST"
{
  echo "# Kustomize conformance corpus"
  echo
  echo "Extracted by scripts/kustomize-corpus.sh on $(date -u +%Y-%m-%d). Not part of svcctl."
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

extract kubernetes-sigs/kustomize examples
extract GoogleCloudPlatform/microservices-demo kustomize
extract argoproj/argocd-example-apps kustomize-guestbook sock-shop pre-post-sync plugins/kustomized-helm
extract stefanprodan/podinfo deploy kustomize

echo "corpus in $DEST:"
find "$DEST" -name kustomization.yaml -o -name kustomization.yml -o -name Kustomization | wc -l
