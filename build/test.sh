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
data="$root/.azurite/test-$$"
azurite_start "$root" "$data"
log="$data/dotnet-test.log"
status=0
dotnet test Urumi.sln --nologo "$@" 2>&1 | tee "$log" || status=$?
# One closing line for the whole run, summed over the test assemblies.
awk '/^(Passed|Failed)!/ { for (i = 1; i <= NF; i++) { if ($i == "Passed:") p += $(i+1); if ($i == "Failed:") f += $(i+1) } }
     END { printf "%d passed, %d failed\n", p, f }' "$log"
azurite_stop 5
# Keep the storage and log of a failed run for diagnosis; a green run leaves nothing behind.
[ "$status" -ne 0 ] || rm -rf "$data"
exit "$status"
