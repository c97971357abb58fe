#!/usr/bin/env bash
# Makes sure a PostgreSQL server OCoP can use is running, and prints its Npgsql connection string on the
# last line of stdout (everything else goes to stderr). See docs/adr/0005-postgres-bootstrap-and-test-fallback.md.
#
# - OCOP_POSTGRES set: that server is used as-is (printed, nothing else done).
# - Otherwise: Debian's `postgresql` package (installed if missing), cluster `<newest version>/main` started with
#   pg_ctlcluster (no systemd on these machines), role + database `ocop` (password `ocop`) created if missing,
#   and a real password login over TCP 127.0.0.1 checked, because that is how the host and the tests connect.
#
# Idempotent and safe to run concurrently: the whole set-up runs under one machine-wide lock, and a second call
# when everything is already up only checks and prints.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

log() { printf 'ensure-postgres: %s\n' "$*" >&2; }
die() { printf 'ensure-postgres: ERROR: %s\n' "$*" >&2; exit 1; }
# Any other failing command still ends with one clear line.
trap 'die "command failed at line $LINENO of scripts/ensure-postgres.sh; PostgreSQL is not ready"' ERR

if [[ -n "${OCOP_POSTGRES:-}" ]]; then
  log "using OCOP_POSTGRES from the environment"
  printf '%s\n' "$OCOP_POSTGRES"
  exit 0
fi

ROLE=ocop
PASSWORD=ocop
DATABASE=ocop
CLUSTER=main

# Root is needed for apt-get and to act as the `postgres` OS user; sudo is a fallback for non-root developers.
as_root() {
  if [[ $EUID -eq 0 ]]; then "$@"; else sudo -n "$@"; fi
}
# A server started from here (directly, or by a package's postinst) must not inherit our lock, nor a pipe of
# whoever runs this script: it would hold them for as long as it runs. So: close every descriptor above 2.
close_inherited_fds() {
  local fd
  for fd in "/proc/$BASHPID/fd"/*; do
    fd=${fd##*/}
    if (( fd > 2 )); then eval "exec $fd>&-" 2>/dev/null || true; fi
  done
}
without_inherited_fds() { ( close_inherited_fds; "$@" ); }
as_postgres() {
  # cd / first: psql run as `postgres` from an unreadable cwd (e.g. /root) prints "could not change directory".
  if [[ "$(id -un)" == postgres ]]; then (cd / && "$@")
  elif [[ $EUID -eq 0 ]]; then (cd / && runuser -u postgres -- "$@")
  else (cd / && sudo -n -u postgres -- "$@"); fi
}

# One set-up at a time on this machine (several clones/test runs may share the server).
LOCK="${TMPDIR:-/tmp}/ocop-ensure-postgres.lock"
exec 9>>"$LOCK"
flock -w 600 9 || die "timed out waiting for $LOCK (another ensure-postgres.sh still running?)"

server_installed() {
  command -v pg_ctlcluster >/dev/null 2>&1 && command -v pg_lsclusters >/dev/null 2>&1 &&
    compgen -G '/usr/lib/postgresql/*/bin/postgres' >/dev/null
}

if ! server_installed; then
  log "PostgreSQL server not found: installing Debian's postgresql package"
  # C.UTF-8 so the cluster that the package's postinst creates gets UTF8 encoding (SQL_ASCII otherwise on images
  # without a locale); DPkg::Lock::Timeout waits for a concurrent apt/dpkg instead of failing at once.
  export DEBIAN_FRONTEND=noninteractive LANG=C.UTF-8 LC_ALL=C.UTF-8
  as_root apt-get update -qq >&2 || die "apt-get update failed"
  without_inherited_fds as_root apt-get install -y -qq --no-install-recommends -o DPkg::Lock::Timeout=300 postgresql >&2 ||
    die "apt-get install postgresql failed"
  server_installed || die "postgresql installed, but pg_ctlcluster or the server binaries are still missing"
fi

# Newest installed server version, e.g. 15 on bookworm.
VERSION="$(for d in /usr/lib/postgresql/*/bin/postgres; do basename "$(dirname "$(dirname "$d")")"; done | sort -V | tail -n1)"

cluster_field() { # $1 = column of `pg_lsclusters -h` (3 = port, 4 = status)
  pg_lsclusters -h 2>/dev/null | awk -v v="$VERSION" -v c="$CLUSTER" -v f="$1" '$1 == v && $2 == c { print $f; exit }'
}

if [[ -z "$(cluster_field 2)" ]]; then
  log "no cluster $VERSION/$CLUSTER: creating it"
  without_inherited_fds as_root env LANG=C.UTF-8 LC_ALL=C.UTF-8 pg_createcluster --locale=C.UTF-8 --encoding=UTF8 "$VERSION" "$CLUSTER" >&2 ||
    die "pg_createcluster $VERSION $CLUSTER failed"
fi

PORT="$(cluster_field 3)"
[[ -n "$PORT" ]] || die "cannot read the port of cluster $VERSION/$CLUSTER from pg_lsclusters"

if [[ "$(cluster_field 4)" != online* ]]; then
  log "starting cluster $VERSION/$CLUSTER on port $PORT"
  # The socket directory lives on /run, which may be empty after a reboot.
  as_root install -d -o postgres -g postgres -m 2775 /var/run/postgresql
  # </dev/null and >&2: the server must not keep our stdout open (callers read it to EOF).
  without_inherited_fds as_root pg_ctlcluster "$VERSION" "$CLUSTER" start </dev/null >&2 ||
    log "pg_ctlcluster start returned non-zero (see /var/log/postgresql/postgresql-$VERSION-$CLUSTER.log); waiting anyway"
fi

# Bounded wait until the server accepts connections.
ready=false
for _ in $(seq 1 60); do
  if pg_isready -q -h 127.0.0.1 -p "$PORT" -t 2; then ready=true; break; fi
  sleep 0.5
done
$ready || die "PostgreSQL $VERSION/$CLUSTER does not accept connections on 127.0.0.1:$PORT (see /var/log/postgresql/postgresql-$VERSION-$CLUSTER.log)"

psql_admin() { as_postgres psql -X -q -v ON_ERROR_STOP=1 -p "$PORT" -d postgres "$@"; }

wait_ready() {
  local _
  for _ in $(seq 1 60); do
    if pg_isready -q -h 127.0.0.1 -p "$PORT" -t 2; then return 0; fi
    sleep 0.5
  done
  die "PostgreSQL $VERSION/$CLUSTER does not accept connections on 127.0.0.1:$PORT (see /var/log/postgresql/postgresql-$VERSION-$CLUSTER.log)"
}

# Connections: every test class runs a host with its own pool and Wolverine's agents (about 20 connections each), and
# the suite must pass twice at once; Debian's default of 100 is reached by two runs. The setting needs a restart,
# done only while nobody else is connected (a run in progress keeps its connections; the next start applies it).
MIN_CONNECTIONS=400
if (( "$(psql_admin -tAc 'show max_connections')" < MIN_CONNECTIONS )); then
  psql_admin -c "alter system set max_connections = $MIN_CONNECTIONS" >&2
  others="$(psql_admin -tAc "select count(*) from pg_stat_activity where backend_type = 'client backend' and pid <> pg_backend_pid()")"
  if (( others == 0 )); then
    log "max_connections raised to $MIN_CONNECTIONS: restarting cluster $VERSION/$CLUSTER"
    without_inherited_fds as_root pg_ctlcluster "$VERSION" "$CLUSTER" restart </dev/null >&2 ||
      log "pg_ctlcluster restart returned non-zero; waiting anyway"
    wait_ready
  else
    log "warning: max_connections is below $MIN_CONNECTIONS and $others clients are connected: it applies at the server's next start"
  fi
fi

# Role: create if missing; the password and rights are (re)set every time, which is cheap and repairs drift.
if [[ "$(psql_admin -tAc "select 1 from pg_roles where rolname = '$ROLE'")" != 1 ]]; then
  log "creating role $ROLE"
  psql_admin -c "create role \"$ROLE\" with login createdb password '$PASSWORD'" >&2
else
  psql_admin -c "alter role \"$ROLE\" with login createdb password '$PASSWORD'" >&2
fi

if [[ "$(psql_admin -tAc "select 1 from pg_database where datname = '$DATABASE'")" != 1 ]]; then
  log "creating database $DATABASE"
  psql_admin -c "create database \"$DATABASE\" owner \"$ROLE\"" >&2
fi

encoding="$(psql_admin -tAc "select pg_encoding_to_char(encoding) from pg_database where datname = 'template1'")"
[[ "$encoding" == UTF8 ]] || log "warning: cluster encoding is $encoding, not UTF8 (test databases are created from template1)"

tcp_login() {
  PGPASSWORD="$PASSWORD" PGCONNECT_TIMEOUT=5 psql -X -q -h 127.0.0.1 -p "$PORT" -U "$ROLE" -d "$DATABASE" \
    -tAc 'select 1' 2>/dev/null | grep -qx 1
}

if ! tcp_login; then
  # Debian's default pg_hba.conf allows scram-sha-256 from 127.0.0.1; if this one does not, add a line for our role.
  HBA="$(psql_admin -tAc 'show hba_file')"
  MARK='# added by OCoP scripts/ensure-postgres.sh'
  if ! grep -qF "$MARK" "$HBA"; then
    log "password login over TCP failed: allowing scram-sha-256 for $ROLE from 127.0.0.1 in $HBA"
    as_root sed -i "1i host all $ROLE 127.0.0.1/32 scram-sha-256 $MARK" "$HBA"
    psql_admin -c 'select pg_reload_conf()' >/dev/null
    sleep 1
  fi
  tcp_login || die "cannot log in as $ROLE with a password on 127.0.0.1:$PORT (check $HBA and listen_addresses)"
fi

log "PostgreSQL $VERSION/$CLUSTER ready on 127.0.0.1:$PORT"
printf 'Host=127.0.0.1;Port=%s;Username=%s;Password=%s;Database=%s\n' "$PORT" "$ROLE" "$PASSWORD" "$DATABASE"
