#!/usr/bin/env bash
# Builds (once) the local Kubernetes control plane binaries the integration tests and `make demo` use:
# kube-apiserver and kube-controller-manager 1.20.2 from Debian bullseye's kubernetes source package, built with
# bullseye's Go 1.15 (the controller manager runs beside the API server where a test needs Deployments to create
# ReplicaSets and Pods);
# kubectl 1.20 from bullseye's kubernetes-client; etcd from this machine's etcd-server package.
# Everything lands in the cache directory below, outside the checkout, laid out as fabric8 kube-api-test
# expects it: $SHIPSHAPE_CACHE/k8s/1.20.2-linux-amd64/{kube-apiserver,kube-controller-manager,etcd,kubectl}. Prints
# that directory.
set -euo pipefail

cache=${SHIPSHAPE_CACHE:-$HOME/.cache/shipshape}
version=1.20.2
bin=$cache/k8s/$version-linux-amd64
if [ -x "$bin/kube-apiserver" ] && [ -x "$bin/kube-controller-manager" ] && [ -x "$bin/etcd" ] \
    && [ -x "$bin/kubectl" ]; then
  echo "$bin"
  exit 0
fi

work=$cache/build
apt_dir=$cache/apt
mkdir -p "$bin" "$work" "$apt_dir/lists/partial" "$apt_dir/archives/partial"
log() { echo "kube-binaries: $*" >&2; }

as_root=()
[ "$(id -u)" -eq 0 ] || as_root=(sudo)
missing=()
for tool in rsync make gcc curl; do command -v "$tool" >/dev/null || missing+=("$tool"); done
if [ ${#missing[@]} -gt 0 ]; then
  log "installing ${missing[*]}"
  packages=()
  for tool in "${missing[@]}"; do
    packages+=("$tool")
  done
  "${as_root[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${as_root[@]}" apt-get install -y -qq "${packages[@]}" >/dev/null
fi

# A private apt configuration for bullseye, so the system's sources stay untouched.
cat > "$apt_dir/sources.list" <<SOURCES
deb http://deb.debian.org/debian bullseye main
deb-src http://deb.debian.org/debian bullseye main
SOURCES
bullseye_apt=(-o "Dir::Etc::SourceList=$apt_dir/sources.list" -o Dir::Etc::SourceParts=/dev/null
  -o "Dir::State::Lists=$apt_dir/lists" -o "Dir::Cache::Archives=$apt_dir/archives"
  -o APT::Get::List-Cleanup=0 -o Acquire::Languages=none)

log "updating the bullseye package lists"
apt-get "${bullseye_apt[@]}" update -qq 2>&1 | grep -v '^W:' >&2 || true

cd "$work"
if [ ! -x "$work/go/usr/lib/go-1.15/bin/go" ]; then
  log "fetching Go 1.15"
  apt-get "${bullseye_apt[@]}" download golang-1.15-go golang-1.15-src >/dev/null
  for deb in golang-1.15-*.deb; do dpkg -x "$deb" "$work/go"; done
fi
if [ ! -d "$work/src/cmd/kube-apiserver" ]; then
  # The mirror keeps the upstream tarball of bullseye's source package (the .dsc is gone), so fetch that file
  # from the package pool and check it against the SHA-256 in bullseye's signed Sources index.
  log "fetching the kubernetes $version source"
  sources=$(find "$apt_dir/lists" -name '*bullseye_main_source_Sources*' | head -1)
  index=$(/usr/lib/apt/apt-helper cat-file "$sources")
  entry=$(awk '/^Package: kubernetes$/{p=1} p&&/^$/{exit} p' <<<"$index")
  directory=$(awk '/^Directory:/{print $2}' <<<"$entry")
  read -r sha256 _ tarball < <(awk '/^Checksums-Sha256:/{c=1; next} c&&/orig\.tar/{print; exit}' <<<"$entry")
  curl -fsSL -o "$work/$tarball" "http://deb.debian.org/debian/$directory/${tarball//+/%2b}"
  echo "$sha256  $work/$tarball" | sha256sum -c --quiet -
  rm -rf "$work/src"
  mkdir -p "$work/src"
  tar -xzf "$work/$tarball" -C "$work/src" --strip-components=1
fi
# Builds cmd/$1 from the source once, into the binaries directory.
build() {
  [ -x "$bin/$1" ] && return
  log "building $1 (a few minutes, once)"
  (export GOROOT=$work/go/usr/lib/go-1.15 GOPROXY=off GOFLAGS=-mod=vendor GO111MODULE=on GOCACHE=$work/gocache
   export PATH=$GOROOT/bin:$PATH
   cd "$work/src" && make WHAT="cmd/$1" >&2)
  cp "$work/src/_output/bin/$1" "$bin/$1"
}
build kube-apiserver
build kube-controller-manager
if [ ! -x "$bin/kubectl" ]; then
  log "fetching kubectl"
  apt-get "${bullseye_apt[@]}" download kubernetes-client >/dev/null
  dpkg -x kubernetes-client_*.deb "$work/kubectl"
  cp "$work/kubectl/usr/bin/kubectl" "$bin/kubectl"
fi
if [ ! -x "$bin/etcd" ]; then
  log "fetching etcd"
  apt-get download etcd-server >/dev/null
  dpkg -x etcd-server_*.deb "$work/etcd"
  cp "$work/etcd/usr/bin/etcd" "$bin/etcd"
fi
chmod +x "$bin"/*
echo "$bin"
