#!/usr/bin/env bash
# Benchmark: bash bench/run.sh [--pairs P] [--stores N] [--cap C] [--ready-delay-ms MS] [--status-calls K]
# Starts a private Azurite (with its access log, to count storage requests), then compares Urumi.Server
# (Release) with bench/baseline.sh on one cluster simulator with the real helm binary: P alternating
# single-store pairs (create, delete), N stores at once both ways at install cap C, K status reads.
# Prints the figures per store and ends with one JSON line {"summary": {...}}. Defaults take ≈ 2 minutes (after the build).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
URUMI_TEST_HELM="$(bash build/bootstrap.sh | tail -n 1)"
export URUMI_TEST_HELM
# shellcheck source=build/azurite.sh
source build/azurite.sh
data="$root/.azurite/bench-$$"
AZURITE_ACCESS_LOG=1 azurite_start "$root" "$data"
export AZURITE_PID AZURITE_LOG="$data/azurite.log"
dotnet build bench/Urumi.Bench -c Release --nologo -v quiet -clp:NoSummary >/dev/null
status=0
dotnet bench/Urumi.Bench/bin/Release/net10.0/Urumi.Bench.dll "$@" || status=$?
azurite_stop 5
rm -rf "$data"
exit "$status"
