#!/usr/bin/env bash
# THE run command: starts PostgreSQL and the SMTP server if needed, then runs the OCoP host on
# http://127.0.0.1:${OCOP_PORT:-5080} with demo data, in the foreground (Ctrl+C stops the host; the servers stay up).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1

PORT="${OCOP_PORT:-5080}"
[[ "$PORT" =~ ^[0-9]+$ ]] || { echo "start.sh: OCOP_PORT must be a port number, not '$PORT'" >&2; exit 1; }
URL="http://127.0.0.1:$PORT"

# Each ensure script prints its result on its last stdout line; its progress goes to stderr.
OCOP_POSTGRES="$(bash scripts/ensure-postgres.sh | tail -n 1)" ||
  { echo "start.sh: PostgreSQL is not available (scripts/ensure-postgres.sh failed)" >&2; exit 1; }
export OCOP_POSTGRES

smtp_line="$(bash scripts/ensure-smtp.sh | tail -n 1)" ||
  { echo "start.sh: the SMTP server is not available (scripts/ensure-smtp.sh failed)" >&2; exit 1; }
# "smtp=127.0.0.1:<port> maildir=<path>": the Maildir is the one the running server really writes to.
if [[ "$smtp_line" =~ ^smtp=([^:]+):([0-9]+)\ maildir=(.+)$ ]]; then
  export OCOP_SMTP_HOST="${BASH_REMATCH[1]}" OCOP_SMTP_PORT="${BASH_REMATCH[2]}" OCOP_MAILDIR="${BASH_REMATCH[3]}"
else
  echo "start.sh: cannot parse the output of scripts/ensure-smtp.sh: '$smtp_line'" >&2
  exit 1
fi

cat <<EOF

OCoP is starting (the first run compiles it; wait for "Now listening on"):
  site          $URL/
  API docs      $URL/scalar
  OpenAPI       $URL/openapi/v1.json
  health        $URL/health/ready
  e-mails       land as files in $OCOP_MAILDIR/new (SMTP $OCOP_SMTP_HOST:$OCOP_SMTP_PORT)
  database      $(sed -E 's/Password=[^;]*/Password=***/' <<<"$OCOP_POSTGRES")

EOF

# The host reads its settings from these (ASP.NET Core maps __ to ':' sections).
export ConnectionStrings__Postgres="$OCOP_POSTGRES"
export Smtp__Host="$OCOP_SMTP_HOST"
export Smtp__Port="$OCOP_SMTP_PORT"
export Site__BaseUrl="$URL"
export Demo__Seed=true
export ASPNETCORE_ENVIRONMENT=Development

exec dotnet run --project src/Host/OCoP.Host -c Release -- --urls "$URL"
