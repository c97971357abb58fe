# Sourced by backup.sh and restore.sh: turns an Npgsql connection string (the form the host reads from
# ConnectionStrings:Postgres, e.g. "Host=127.0.0.1;Port=5432;Username=ocop;Password=ocop;Database=ocop") into libpq's
# PGHOST, PGPORT, PGUSER, PGPASSWORD and PGDATABASE, so pg_dump/pg_restore/psql reach the same database.
pg_env_from_npgsql() {
  local part key value
  IFS=';' read -ra parts <<< "$1"
  for part in "${parts[@]}"; do
    [[ "$part" == *=* ]] || continue
    key="$(printf '%s' "${part%%=*}" | tr '[:upper:]' '[:lower:]' | tr -d ' ')"
    value="${part#*=}"
    case "$key" in
      host|server) export PGHOST="$value" ;;
      port) export PGPORT="$value" ;;
      username|userid|user) export PGUSER="$value" ;;
      password) export PGPASSWORD="$value" ;;
      database) export PGDATABASE="$value" ;;
    esac
  done
}
