#!/usr/bin/env bash
# Restores a backup made by backup.sh into a NEW database, which it creates (it never overwrites one):
#
#   scripts/restore.sh FILE DATABASE
#
# The server and role: OCOP_POSTGRES (an Npgsql connection string; its Database is only used to connect) or libpq's
# PG* variables; the role needs CREATEDB. Then point the host at DATABASE (ConnectionStrings:Postgres) and start it:
# it finds its schemas in place, and Wolverine picks up the envelopes (unsent messages, scheduled work) it holds.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=scripts/pg-env.sh
source "$ROOT/scripts/pg-env.sh"
[[ -n "${OCOP_POSTGRES:-}" ]] && pg_env_from_npgsql "$OCOP_POSTGRES"

FILE="${1:?usage: scripts/restore.sh FILE DATABASE}"
TARGET="${2:?usage: scripts/restore.sh FILE DATABASE}"
[[ -f "$FILE" ]] || { echo "restore: no such backup file: $FILE" >&2; exit 1; }
[[ "$TARGET" =~ ^[A-Za-z_][A-Za-z0-9_]{0,62}$ ]] || { echo "restore: '$TARGET' is not a plain database name" >&2; exit 1; }

createdb --maintenance-db="${PGDATABASE:-postgres}" "$TARGET"
# One transaction: a restore that fails leaves an empty database, never half of one.
pg_restore --no-owner --no-privileges --exit-on-error --single-transaction --dbname="$TARGET" "$FILE"
echo "restore: $FILE -> database $TARGET" >&2
