#!/usr/bin/env bash
# Regenerates every piece of pre-generated code and writes it into the source tree, to be committed:
#   src/Host/OCoP.Host/Internal/Generated   Wolverine's handler adapters (`codegen write`, docs/adr/0044).
# Marten 9 generates nothing at run time (its storage code is built in or source-generated at compile time), so
# Wolverine's is the only code to write. Run it after adding, removing or changing a Wolverine handler or its message
# types; the test CommittedGeneratedCodeTests fails until the output is committed.
#
# It needs no database. The old folder is deleted first, so the host builds even when the old code no longer compiles
# against changed handlers, and files of removed handlers disappear.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
HOST="$ROOT/src/Host/OCoP.Host"
OUT="$HOST/Internal/Generated"
CONFIGURATION="${CONFIGURATION:-Release}"

rm -rf "$OUT"
echo "building the host without generated code ($CONFIGURATION)..." >&2
dotnet build "$HOST" -c "$CONFIGURATION" -nologo -v quiet -clp:ErrorsOnly >&2
echo "writing the generated code to $OUT..." >&2
(cd "$HOST" && Wolverine__GeneratedCodePath="$OUT" ASPNETCORE_ENVIRONMENT=Production \
  dotnet "bin/$CONFIGURATION/net10.0/OCoP.Host.dll" codegen write >/dev/null)
echo "$(find "$OUT" -name '*.cs' | wc -l) files written; building the host with them..." >&2
dotnet build "$HOST" -c "$CONFIGURATION" -nologo -v quiet -clp:ErrorsOnly >&2
echo "done: commit $OUT" >&2
