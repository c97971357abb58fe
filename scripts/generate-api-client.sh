#!/usr/bin/env bash
# Regenerates the C# client the integration tests drive the API with (tests/OCoP.Tests.Integration/ApiClient/Generated)
# from the host's OpenAPI document, and the committed snapshot of that document (ApiClient/openapi.json) that
# OpenApiSnapshotTests compares with the live one. Commit both.
#
# Usage: scripts/generate-api-client.sh             takes the document from a test host started in-process (PostgreSQL
#                                                    and the SMTP server are started as for scripts/test.sh)
#        scripts/generate-api-client.sh URL         takes it from a running host, e.g. http://localhost:5000
#
# The generator is Kiota (Microsoft.OpenApi.Kiota, a local dotnet tool pinned in dotnet-tools.json).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1
# Kiota: no update check (no network beyond the package registries here), no tutorial hints.
export KIOTA_OFFLINE_ENABLED=true KIOTA_TUTORIAL_ENABLED=false

CLIENT_DIR="tests/OCoP.Tests.Integration/ApiClient"
SNAPSHOT="$CLIENT_DIR/openapi.json"

if [[ $# -ge 1 ]]; then
  curl -fsS "${1%/}/openapi/v1.json" -o "$SNAPSHOT"
else
  # The snapshot test writes the live document over the snapshot when asked to.
  # (The test fails while the snapshot differs, so its verdict is ignored; a failed build is not: the document would be stale.)
  out="$(OCOP_UPDATE_OPENAPI_SNAPSHOT=1 bash scripts/test.sh "FullyQualifiedName~OpenApiSnapshotTests" 2>&1)" || true
  if grep -q '^build failed' <<<"$out"; then
    grep -E 'error|build failed' <<<"$out" | tail -20 >&2
    echo "the solution does not build: no OpenAPI document taken" >&2
    exit 1
  fi
  [[ -s "$SNAPSHOT" ]] || { echo "no OpenAPI document was written to $SNAPSHOT" >&2; exit 1; }
fi

dotnet tool restore >/dev/null
dotnet kiota generate --language CSharp --openapi "$SNAPSHOT" --output "$CLIENT_DIR/Generated" \
  --class-name OCoPApiClient --namespace-name OCoP.Tests.Integration.ApiClient.Generated \
  --clean-output --exclude-backward-compatible --log-level Warning
echo "regenerated $CLIENT_DIR/Generated from $SNAPSHOT; build and run OpenApiSnapshotTests, then commit both"
