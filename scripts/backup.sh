#!/usr/bin/env bash
# Backs up the whole OCoP database: every module's schema, Wolverine's envelope tables (messages not yet handled,
# scheduled work), the data protection key ring and Marten's event and document tables, in one consistent snapshot
# (pg_dump runs in one repeatable-read transaction), in pg_dump's custom format (compressed; restore.sh reads it).
#
#   scripts/backup.sh [FILE]          FILE defaults to backups/ocop-<UTC time>.dump
#
# The database: OCOP_POSTGRES (an Npgsql connection string, as in ConnectionStrings:Postgres), or the PG* variables
# of libpq when OCOP_POSTGRES is unset. The host may keep running: pg_dump reads a snapshot and takes no write locks.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=scripts/pg-env.sh
source "$ROOT/scripts/pg-env.sh"
[[ -n "${OCOP_POSTGRES:-}" ]] && pg_env_from_npgsql "$OCOP_POSTGRES"

FILE="${1:-$ROOT/backups/ocop-$(date -u +%Y%m%dT%H%M%SZ).dump}"
mkdir -p "$(dirname "$FILE")"
# No owners or grants: the backup restores into a database owned by whichever role runs restore.sh.
pg_dump --format=custom --no-owner --no-privileges --file="$FILE.partial" "${PGDATABASE:-ocop}"
mv "$FILE.partial" "$FILE" # a backup file that exists is a whole one
echo "backup: ${PGDATABASE:-ocop} -> $FILE ($(du -h "$FILE" | cut -f1))" >&2
printf '%s\n' "$FILE"
