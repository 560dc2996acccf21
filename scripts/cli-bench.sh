#!/usr/bin/env bash
# Scans a generated stream of Deployments with bin/shipshape in every report format and prints, per format, the
# wall time, the peak resident set size and the size of the report (a Markdown table for docs/benchmarks.md).
#   scripts/cli-bench.sh [--deployments N] [--repeat R] [--formats "table json ..."] [--shipshape COMMAND]
set -euo pipefail

deployments=5000
repeat=3
formats="table json sarif junit"
root=$(dirname -- "$(dirname -- "$(readlink -f -- "${BASH_SOURCE[0]}")")")
shipshape="$root/bin/shipshape"
while [[ $# -gt 0 ]]; do
  case "$1" in
    --deployments) deployments=$2; shift 2 ;;
    --repeat) repeat=$2; shift 2 ;;
    --formats) formats=$2; shift 2 ;;
    --shipshape) shipshape=$2; shift 2 ;;
    *) echo "cli-bench: unknown argument $1" >&2; exit 2 ;;
  esac
done

work="$root/target/cli-bench"
mkdir -p "$work"
input="$work/deployments-$deployments.yaml"
if [[ ! -s "$input" ]]; then
  # What `helm template` of a chart scaffolded by `helm create` renders, once per release: no hardening at all.
  for ((i = 0; i < deployments; i++)); do
    cat <<YAML
---
# Source: app-$i/templates/deployment.yaml
apiVersion: apps/v1
kind: Deployment
metadata:
  name: app-$i
  namespace: team-$((i % 50))
  labels:
    app.kubernetes.io/name: app-$i
spec:
  replicas: 2
  selector:
    matchLabels:
      app.kubernetes.io/name: app-$i
  template:
    metadata:
      labels:
        app.kubernetes.io/name: app-$i
    spec:
      containers:
        - name: app
          image: "nginx:1.16.0"
          ports:
            - name: http
              containerPort: 80
          env:
            - name: API_TOKEN
              value: "s3cr3t-$i"
        - name: sidecar
          image: "registry.example/sidecar:latest"
YAML
  done > "$input.partial"
  mv "$input.partial" "$input"
fi

"$shipshape" version >/dev/null  # the first run after a build records the class-data sharing archive
echo "$deployments Deployments ($(du -k "$input" | cut -f1) KiB of YAML), best of $repeat runs:"
echo
echo "| format | wall time | peak RSS | report size |"
echo "|---|---|---|---|"
for format in $formats; do
  best_time=""
  best_rss=""
  for ((run = 0; run < repeat; run++)); do
    set +e
    /usr/bin/time -f '%e %M' -o "$work/time" "$shipshape" scan --format "$format" "$input" \
      >"$work/report.$format" 2>/dev/null
    status=$?
    set -e
    if [[ $status -gt 1 ]]; then
      echo "cli-bench: scan --format $format exited $status" >&2
      exit 1
    fi
    read -r seconds kib < <(tail -n 1 "$work/time")
    if [[ -z "$best_time" ]] || awk "BEGIN{exit !($seconds < $best_time)}"; then best_time=$seconds; fi
    if [[ -z "$best_rss" ]] || ((kib < best_rss)); then best_rss=$kib; fi
  done
  size=$(du -k "$work/report.$format" | cut -f1)
  printf '| %s | %s s | %d MiB | %s |\n' "$format" "$best_time" $((best_rss / 1024)) \
    "$(awk -v k="$size" 'BEGIN{ if (k >= 1024) printf "%.1f MiB", k/1024; else printf "%d KiB", k }')"
done
