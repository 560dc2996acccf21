#!/usr/bin/env bash
# `make demo`: a local control plane (etcd, kube-apiserver and kube-controller-manager 1.20 on 127.0.0.1) with the
# operator running against it, the sample policy applied and the sample workloads tried. `scripts/demo.sh stop` ends it all.
# SHIPSHAPE_OPERATOR_OPTS adds JVM options to the operator's command line.
set -euo pipefail
cd "$(dirname "$0")/.."

state=${SHIPSHAPE_CACHE:-$HOME/.cache/shipshape}/demo
kubeconfig=$state/kubeconfig
mkdir -p "$state"

# The operator goes first, while the API server can still take its goodbye (lease release); whatever has not
# exited after 20 seconds is killed.
stop() {
  for name in operator control-plane; do
    [ -f "$state/$name.pid" ] || continue
    group=$(cat "$state/$name.pid")
    kill -TERM -- "-$group" 2>/dev/null || true
    for _ in $(seq 20); do kill -0 -- "-$group" 2>/dev/null || break; sleep 1; done
    kill -KILL -- "-$group" 2>/dev/null || true
    rm -f "$state/$name.pid"
  done
  echo "demo stopped"
}

if [ "${1:-start}" = stop ]; then
  stop
  exit 0
fi
stop >/dev/null

bin=$(scripts/kube-binaries.sh)
kubectl() { "$bin/kubectl" --kubeconfig "$kubeconfig" "$@"; }

echo "starting etcd, kube-apiserver and kube-controller-manager on 127.0.0.1 ..."
rm -f "$kubeconfig"
setsid java -cp "target/test-classes:target/classes:$(cat target/demo.classpath)" \
  dev.shipshape.it.LocalControlPlaneMain "$kubeconfig" >"$state/control-plane.log" 2>&1 &
echo $! >"$state/control-plane.pid"
for _ in $(seq 120); do [ -s "$kubeconfig" ] && break; sleep 1; done
[ -s "$kubeconfig" ] || { echo "the control plane did not start; see $state/control-plane.log" >&2; exit 1; }

kubectl apply -f crds/ >/dev/null
kubectl create namespace shipshape-system --dry-run=client -o yaml | kubectl apply -f - >/dev/null
kubectl create namespace shop --dry-run=client -o yaml | kubectl apply -f - >/dev/null

echo "starting the operator (log: $state/operator.log) ..."
# shellcheck disable=SC2086
setsid java ${SHIPSHAPE_OPERATOR_OPTS:-} -Dkubeconfig="$kubeconfig" -Dshipshape.namespace=shipshape-system \
  -Dshipshape.webhook.host=127.0.0.1 -Dshipshape.webhook.url=https://127.0.0.1:8443 \
  -jar target/quarkus-app/quarkus-run.jar >"$state/operator.log" 2>&1 &
echo $! >"$state/operator.pid"

kubectl apply -f deploy/samples/policies/hardened-enforce.yaml
# The webhook configuration existing is not enough: wait until the API server actually enforces through it.
echo "waiting until the API server enforces the policy through Shipshape ..."
enforcing=false
for _ in $(seq 180); do
  if ! out=$(kubectl apply --dry-run=server -n shop -f deploy/samples/workloads/bad-deployment.yaml 2>&1) \
      && grep -q "Shipshape denied" <<<"$out"; then
    enforcing=true
    break
  fi
  sleep 1
done
$enforcing || { echo "the policy is not enforced after 3 minutes; see $state/operator.log" >&2; exit 1; }

echo
echo "== the deliberately bad sample (expected: rejected) =="
kubectl apply -n shop -f deploy/samples/workloads/bad-deployment.yaml || true
echo
echo "== the hardened sample (expected: admitted) =="
kubectl apply -n shop -f deploy/samples/workloads/hardened-deployment.yaml
echo "waiting for its ReplicaSet to create the Pods (Pending: there is no scheduler), each reviewed by Shipshape ..."
for _ in $(seq 90); do
  [ "$(kubectl get pods -n shop -l app=shop-api --no-headers 2>/dev/null | wc -l)" -ge 2 ] && break
  sleep 1
done
kubectl get replicasets,pods -n shop
echo
kubectl get hardeningpolicies
echo
echo "The control plane and the operator keep running. Try it yourself:"
echo "  export KUBECONFIG=$kubeconfig"
echo "  $bin/kubectl get validatingwebhookconfigurations"
echo "Stop everything with: make demo-stop"
