#!/usr/bin/env bash
# bench/baseline.sh create|delete NAME
# What a user would script without Urumi, and what bench/run.sh compares Urumi against on the same
# simulator: create = kubectl apply of the store's namespace and credentials Secret (the Secret's
# values come through stdin, never the command line), helm upgrade --install --wait of
# charts/urumi-store, then curl of the storefront and the Store API through the ingress;
# delete = helm uninstall --wait, then kubectl delete namespace --wait.
# Needs KUBECONFIG, HELM, KUBECTL, INGRESS (http://127.0.0.1:PORT) and BASE_DOMAIN in the environment.
set -euo pipefail
: "${KUBECONFIG:?}" "${HELM:?}" "${KUBECTL:?}" "${INGRESS:?}" "${BASE_DOMAIN:?}"
export KUBECONFIG
verb="${1:?create|delete}"
name="${2:?store name}"
ns="store-$name"
host="$name.$BASE_DOMAIN"
chart="$(cd "$(dirname "${BASH_SOURCE[0]}")/../charts/urumi-store" && pwd)"

password() { tr -dc 'A-Za-z0-9' </dev/urandom | head -c 32 || true; }

case "$verb" in
  create)
    "$KUBECTL" apply --validate=false -f - >/dev/null <<YAML
apiVersion: v1
kind: Namespace
metadata:
  name: $ns
  labels: {app.kubernetes.io/managed-by: baseline}
---
apiVersion: v1
kind: Secret
metadata:
  name: $name-credentials
  namespace: $ns
stringData:
  admin-user: shopadmin
  admin-email: admin@$ns.invalid
  admin-password: $(password)
  db-password: $(password)
  db-root-password: $(password)
  wp-app-password: $(password | head -c 24)
YAML
    "$HELM" upgrade --install "$name" "$chart" -n "$ns" -f "$chart/values-local.yaml" \
      --set "store.name=$name,store.host=$host,existingSecret=$name-credentials" --wait --timeout 5m >/dev/null
    curl -fsS -o /dev/null -H "Host: $host" "$INGRESS/"
    curl -fsS -o /dev/null -H "Host: $host" "$INGRESS/wp-json/wc/store/v1/products"
    ;;
  delete)
    "$HELM" uninstall "$name" -n "$ns" --wait --timeout 5m >/dev/null
    "$KUBECTL" delete namespace "$ns" --wait=true --timeout=5m >/dev/null
    ;;
  *) echo "usage: $0 create|delete NAME" >&2; exit 2 ;;
esac
