#!/usr/bin/env bash
# Rebuilds the registry shim into build/local-feed (see docs/adr/0004-registry-shims.md).
set -euo pipefail
cd "$(dirname "$0")/.."
rm -f build/local-feed/patched.distributedlock.postgres.*.nupkg build/local-feed/Patched.DistributedLock.Postgres.*.nupkg
dotnet pack build/shims/Patched.DistributedLock.Postgres -c Release -o build/local-feed --nologo -v q
