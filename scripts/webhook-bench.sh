#!/usr/bin/env bash
# `make bench-webhook`: load on the operator's admission server over loopback HTTPS keep-alive. Starts the
# local control plane and the packaged operator (scripts/demo.sh) with its /floor endpoint on, adds a Warn
# policy that mutates beside the demo's Enforce one, takes the sample Deployments as the API server defaults
# them, runs dev.shipshape.bench.WebhookLoad (arguments are passed on) and stops everything.
set -euo pipefail
cd "$(dirname "$0")/.."

state=${SHIPSHAPE_CACHE:-$HOME/.cache/shipshape}/demo
kubeconfig=$state/kubeconfig
bin=$(scripts/kube-binaries.sh)
kubectl() { "$bin/kubectl" --kubeconfig "$kubeconfig" "$@"; }

trap 'scripts/demo.sh stop >/dev/null' EXIT
echo "starting the control plane and the operator (log: target/webhook-bench-setup.log) ..."
SHIPSHAPE_OPERATOR_OPTS="-Dshipshape.webhook.floor-endpoint=true -Xlog:gc:file=$PWD/target/webhook-bench-gc.log \
${SHIPSHAPE_OPERATOR_OPTS:-}" \
  scripts/demo.sh >target/webhook-bench-setup.log 2>&1

kubectl apply -f - >/dev/null <<'EOF'
apiVersion: shipshape.dev/v1alpha1
kind: HardeningPolicy
metadata:
  name: hardened-warn-mutate
spec:
  profile: hardened
  mode: Warn
  match:
    namespaces: ["shop"]
  remediation:
    admission: Mutate
EOF
for _ in $(seq 60); do
  kubectl get mutatingwebhookconfiguration shipshape-mutate >/dev/null 2>&1 && break
  sleep 1
done
kubectl get mutatingwebhookconfiguration shipshape-mutate >/dev/null

# kube-system is never reviewed, so a server-side dry run there returns each sample as the API server would
# send it for review: defaulted, not yet decided.
as_reviewed() {
  sed '/^  namespace: /d' "$1" | kubectl create --dry-run=server -o json -n kube-system -f - >"$2"
}
as_reviewed deploy/samples/workloads/hardened-deployment.yaml target/bench-compliant-deployment.json
as_reviewed deploy/samples/workloads/bad-deployment.yaml target/bench-violating-deployment.json

java -Djava.util.logging.manager=org.jboss.logmanager.LogManager -cp "target/test-classes:target/classes:$(cat target/demo.classpath)" dev.shipshape.bench.WebhookLoad \
  --target https://127.0.0.1:8443 --metrics http://127.0.0.1:8080/q/metrics \
  --server-pid "$(cat "$state/operator.pid")" \
  --compliant target/bench-compliant-deployment.json --violating target/bench-violating-deployment.json \
  --report target/webhook-bench.md "$@"
echo "results table: target/webhook-bench.md; the operator's GC log: target/webhook-bench-gc.log"
