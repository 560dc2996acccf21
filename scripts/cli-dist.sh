#!/usr/bin/env bash
# Packs the CLI for installation without a checkout: target/dist/shipshape-cli-VERSION.tar.gz holds the launcher
# (shipshape, and kubectl-shipshape for kubectl and krew), shipshape-cli.jar, the sample workloads its first run
# records a class-data sharing archive with; a .sha256 file beside it. Run after make build.
set -euo pipefail
root=$(dirname -- "$(dirname -- "$(readlink -f -- "${BASH_SOURCE[0]}")")")
jar="$root/target/shipshape-cli.jar"
[[ -f "$jar" ]] || { echo "cli-dist: $jar not found: run make build" >&2; exit 2; }
version=$(java -jar "$jar" version | head -1 | cut -d' ' -f2)
dist="$root/target/dist"
stage="$dist/shipshape-cli-$version"
rm -rf "$stage"
mkdir -p "$stage/samples"
cp "$jar" "$stage/shipshape-cli.jar"
cp "$root/bin/shipshape" "$stage/shipshape"
cp "$root/bin/shipshape" "$stage/kubectl-shipshape"
cp "$root"/deploy/samples/workloads/*.yaml "$stage/samples/"
chmod 755 "$stage/shipshape" "$stage/kubectl-shipshape"
archive="$dist/shipshape-cli-$version.tar.gz"
tar -czf "$archive" -C "$stage" --owner=0 --group=0 --sort=name .
(cd "$dist" && sha256sum "$(basename "$archive")" > "$(basename "$archive").sha256")
echo "$archive"
