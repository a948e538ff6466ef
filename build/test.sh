#!/usr/bin/env bash
# The test command: installs the tools, starts a private Azurite, runs every test, stops Azurite.
# Extra arguments go to `dotnet test` (e.g. --filter "FullyQualifiedName~Helm").
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
helm_bin="$(bash build/bootstrap.sh | tail -n 1)"
export URUMI_TEST_HELM="$helm_bin"
# shellcheck source=build/azurite.sh
source build/azurite.sh
azurite_start "$root" "$root/.azurite/test-$$"
log="$root/.azurite/test-$$/dotnet-test.log"
status=0
dotnet test Urumi.sln --nologo "$@" 2>&1 | tee "$log" || status=$?
# One closing line for the whole run, summed over the test assemblies.
awk '/^(Passed|Failed)!/ { for (i = 1; i <= NF; i++) { if ($i == "Passed:") p += $(i+1); if ($i == "Failed:") f += $(i+1) } }
     END { gsub(",", "", p); printf "%d passed, %d failed\n", p, f }' "$log"
exit "$status"
