#!/usr/bin/env bash
# Benchmark: bash bench/run.sh [--stores N] [--servers K] [--ready-delay-ms MS]
# Starts a private Azurite, then provisions N stores through K Urumi.Server processes on the cluster
# simulator with the real helm binary, and prints throughput and latency percentiles.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
URUMI_TEST_HELM="$(bash build/bootstrap.sh | tail -n 1)"
export URUMI_TEST_HELM
# shellcheck source=build/azurite.sh
source build/azurite.sh
data="$root/.azurite/bench-$$"
azurite_start "$root" "$data"
dotnet build bench/Urumi.Bench -c Release --nologo -v quiet -clp:NoSummary >/dev/null
status=0
dotnet bench/Urumi.Bench/bin/Release/net10.0/Urumi.Bench.dll "$@" || status=$?
azurite_stop 5
rm -rf "$data"
exit "$status"
