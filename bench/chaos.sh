#!/usr/bin/env bash
# Chaos: bash bench/chaos.sh [--stores N] [--servers K] [--minutes M] [--seed S] [--no-baseline]
# Creates N stores (every other one deleted again once Ready) through K Urumi.Server replicas (Release)
# on the cluster simulator and a private Azurite, first calmly (the baseline), then while a seeded
# schedule kills replicas, stops storage and makes the Kubernetes API fail, drop watches and lag for
# M minutes. Prints one line per invariant and the figures (docs/reliability.md); exits 1 when an
# invariant is broken. Defaults: 5 stores, 2 replicas, 2 minutes, seed 17.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
URUMI_TEST_HELM="$(bash build/bootstrap.sh | tail -n 1)"
export URUMI_TEST_HELM
dotnet build bench/Urumi.Chaos -c Release --nologo -v quiet -clp:NoSummary >/dev/null
# Each run starts (and stops) its own Azurite; this one only satisfies the test support's check.
export AZURITE_CONNECTION_STRING="UseDevelopmentStorage=true"
exec dotnet bench/Urumi.Chaos/bin/Release/net10.0/Urumi.Chaos.dll "$@"
