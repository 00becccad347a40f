# Sourced by the scripts that extract a test corpus from fetched bare mirrors of public
# repositories (scripts/kustomize-corpus.sh, scripts/helm-corpus.sh): DEST prepared with its
# SOURCES.md, and `extract REPO PATH...` copying those paths with the repository's licence.
# The caller sets MIRRORS (the folder of <owner>+<name>/repo snapshots), DEST and TITLE, and
# `set -euo pipefail`. Nothing extracted may be committed.

case "$(cd "$(dirname "$DEST")" 2>/dev/null && pwd)/" in
  "$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)/"*) echo "refusing to extract into the repository: $DEST" >&2; exit 2 ;;
esac

rm -rf "$DEST"
mkdir -p "$DEST"
{
  echo "# $TITLE"
  echo
  echo "Extracted by scripts/$(basename "$0") on $(date -u +%Y-%m-%d). Not part of svcctl."
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
