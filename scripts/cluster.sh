#!/usr/bin/env bash
# The optional third command: OCoP as a cluster on this machine. Installs (apt-get, once) and starts Debian's nginx and
# redis-server on loopback, builds the host once, starts three host processes on distinct loopback ports against the
# one PostgreSQL, and puts nginx in front of them (round robin, no sticky sessions, WebSockets proxied). Prints the URL.
#
#   bash scripts/cluster.sh          start (or restart) the cluster; the hosts run in the background
#   bash scripts/cluster.sh stop     stop the hosts, nginx and redis started by this script
#   bash scripts/cluster.sh status   which processes are running
#
# Settings: OCOP_CLUSTER_PORT (nginx, default 8080), OCOP_CLUSTER_HOST_PORT (first host, default 5081; then +1, +2),
# OCOP_CLUSTER_REDIS_PORT (default 6380). State, logs and pid files: .data/cluster/. See docs/adr/0040-several-hosts.md.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1

PORT="${OCOP_CLUSTER_PORT:-8080}"
HOST_PORT="${OCOP_CLUSTER_HOST_PORT:-5081}"
REDIS_PORT="${OCOP_CLUSTER_REDIS_PORT:-6380}"
HOSTS=3
STATE="$ROOT/.data/cluster"
URL="http://127.0.0.1:$PORT"
for value in "$PORT" "$HOST_PORT" "$REDIS_PORT"; do
  [[ "$value" =~ ^[0-9]+$ ]] || { echo "cluster.sh: ports must be numbers, not '$value'" >&2; exit 1; }
done

log() { printf 'cluster: %s\n' "$*" >&2; }
die() { printf 'cluster: ERROR: %s\n' "$*" >&2; exit 1; }
as_root() { if [[ $EUID -eq 0 ]]; then "$@"; else sudo -n "$@"; fi; }

# --- stop ---------------------------------------------------------------------------------------------------------
# Only what this script started, by the pid it wrote down.
stop_pid_file() {
  local file="$1" name="$2" pid
  [[ -f "$file" ]] || return 0
  pid="$(cat "$file")"
  if [[ "$pid" =~ ^[0-9]+$ ]] && kill -0 "$pid" 2>/dev/null; then
    log "stopping $name (pid $pid)"
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    kill -0 "$pid" 2>/dev/null && { log "$name did not stop in 10 s: killing it"; kill -9 "$pid" 2>/dev/null || true; }
  fi
  rm -f "$file"
}

stop_all() {
  for n in $(seq 1 $HOSTS); do stop_pid_file "$STATE/host-$n.pid" "host $n"; done
  stop_pid_file "$STATE/nginx.pid" "nginx"
  stop_pid_file "$STATE/redis.pid" "redis-server"
}

status() {
  for file in "$STATE"/*.pid; do
    [[ -f "$file" ]] || continue
    local pid; pid="$(cat "$file")"
    if kill -0 "$pid" 2>/dev/null; then echo "$(basename "$file" .pid): running (pid $pid)"; else echo "$(basename "$file" .pid): not running"; fi
  done
}

case "${1:-start}" in
  stop) stop_all; log "stopped"; exit 0 ;;
  status) status; exit 0 ;;
  start) ;;
  *) die "usage: scripts/cluster.sh [start|stop|status]" ;;
esac

mkdir -p "$STATE"
stop_all # a second start restarts cleanly

# --- the servers --------------------------------------------------------------------------------------------------
OCOP_POSTGRES="$(bash scripts/ensure-postgres.sh | tail -n 1)" || die "PostgreSQL is not available (scripts/ensure-postgres.sh failed)"
smtp_line="$(bash scripts/ensure-smtp.sh | tail -n 1)" || die "the SMTP server is not available (scripts/ensure-smtp.sh failed)"
[[ "$smtp_line" =~ ^smtp=([^:]+):([0-9]+)\ maildir=(.+)$ ]] || die "cannot parse the output of scripts/ensure-smtp.sh: '$smtp_line'"
SMTP_HOST="${BASH_REMATCH[1]}" SMTP_PORT="${BASH_REMATCH[2]}" MAILDIR="${BASH_REMATCH[3]}"

if ! command -v nginx >/dev/null 2>&1 || ! command -v redis-server >/dev/null 2>&1; then
  log "installing Debian's nginx and redis-server (apt-get)"
  as_root apt-get update -qq >&2 || die "apt-get update failed"
  as_root apt-get install -y -qq --no-install-recommends -o DPkg::Lock::Timeout=300 nginx redis-server >&2 ||
    die "apt-get install nginx redis-server failed"
fi
NGINX="$(command -v nginx || echo /usr/sbin/nginx)"

log "starting redis-server on 127.0.0.1:$REDIS_PORT (the SignalR backplane and shared cache)"
redis-server --bind 127.0.0.1 --port "$REDIS_PORT" --daemonize yes --pidfile "$STATE/redis.pid" --dir "$STATE" \
  --save "" --appendonly no --logfile "$STATE/redis.log" || die "redis-server did not start (see $STATE/redis.log)"

# --- build once ---------------------------------------------------------------------------------------------------
log "building the host (Release)..."
dotnet build src/Host/OCoP.Host -c Release -nologo -v quiet -clp:ErrorsOnly >&2 || die "the build failed"
DLL="$ROOT/src/Host/OCoP.Host/bin/Release/net10.0/OCoP.Host.dll"
[[ -f "$DLL" ]] || die "no $DLL after the build"

# --- the hosts ----------------------------------------------------------------------------------------------------
wait_ready() {
  local n="$1" port="$2"
  for _ in $(seq 1 180); do
    curl -fsS "http://127.0.0.1:$port/health/ready" >/dev/null 2>&1 && return 0
    kill -0 "$(cat "$STATE/host-$n.pid")" 2>/dev/null || die "host $n exited; see $STATE/host-$n.log"
    sleep 1
  done
  die "host $n was not ready on port $port within 3 minutes; see $STATE/host-$n.log"
}

start_host() {
  local n="$1" port=$((HOST_PORT + $1 - 1)) seed="$2"
  log "starting host $n on 127.0.0.1:$port"
  # The content root is the project directory (views, wwwroot), as `dotnet run` has it.
  (
    cd "$ROOT/src/Host/OCoP.Host"
    export ConnectionStrings__Postgres="$OCOP_POSTGRES" Smtp__Host="$SMTP_HOST" Smtp__Port="$SMTP_PORT" Site__BaseUrl="$URL"
    export ASPNETCORE_ENVIRONMENT=Development Demo__Seed="$seed"
    export Wolverine__Durability=Balanced               # leader election: scheduled work once across the hosts
    export ForwardedHeaders__KnownProxies__0=127.0.0.1  # nginx: its X-Forwarded-For is believed, nobody else's
    export Redis__Configuration="127.0.0.1:$REDIS_PORT" # the SignalR backplane, where the build has one
    exec setsid dotnet "$DLL" --urls "http://127.0.0.1:$port" </dev/null >"$STATE/host-$n.log" 2>&1
  ) &
  echo $! >"$STATE/host-$n.pid"
}

# The first host creates the schemas and seeds the demo alone; the other two then start together.
start_host 1 true
wait_ready 1 "$HOST_PORT"
for n in $(seq 2 $HOSTS); do start_host "$n" false; done
for n in $(seq 2 $HOSTS); do wait_ready "$n" $((HOST_PORT + n - 1)); done

# --- nginx in front -----------------------------------------------------------------------------------------------
mkdir -p "$STATE/nginx"
{
  echo "worker_processes 1;"
  echo "pid $STATE/nginx.pid;"
  echo "error_log $STATE/nginx-error.log warn;"
  echo "events { worker_connections 4096; }"
  echo "http {"
  echo "  access_log $STATE/nginx-access.log;"
  echo "  client_body_temp_path $STATE/nginx/body; proxy_temp_path $STATE/nginx/proxy;"
  echo "  fastcgi_temp_path $STATE/nginx/fastcgi; uwsgi_temp_path $STATE/nginx/uwsgi; scgi_temp_path $STATE/nginx/scgi;"
  echo "  client_max_body_size 8m;"
  echo "  map \$http_upgrade \$connection_upgrade { default upgrade; '' ''; }"
  echo "  upstream ocop {"
  for n in $(seq 1 $HOSTS); do echo "    server 127.0.0.1:$((HOST_PORT + n - 1)) max_fails=1 fail_timeout=5s;"; done
  echo "    keepalive 32;"
  echo "  }"
  echo "  server {"
  echo "    listen 127.0.0.1:$PORT;"
  echo "    location / {"
  echo "      proxy_pass http://ocop;"
  echo "      proxy_http_version 1.1;"
  echo "      proxy_set_header Host \$http_host;"
  # The client's address as nginx saw it, replacing whatever the client sent: the hosts trust this header from nginx only.
  echo "      proxy_set_header X-Forwarded-For \$remote_addr;"
  echo "      proxy_set_header X-Forwarded-Proto \$scheme;"
  echo "      proxy_set_header Upgrade \$http_upgrade;"
  echo "      proxy_set_header Connection \$connection_upgrade;"
  echo "      proxy_read_timeout 120s;"
  echo "      proxy_next_upstream error timeout http_502 http_503;"
  echo "    }"
  echo "  }"
  echo "}"
} >"$STATE/nginx.conf"
"$NGINX" -q -t -c "$STATE/nginx.conf" -p "$STATE/nginx" >&2 || die "nginx refused its configuration ($STATE/nginx.conf)"
"$NGINX" -c "$STATE/nginx.conf" -p "$STATE/nginx" || die "nginx did not start (see $STATE/nginx-error.log)"
curl -fsS "$URL/health/ready" >/dev/null || die "nginx answers, but not the hosts behind it"

cat <<INFO

OCoP runs as a cluster of $HOSTS hosts behind nginx:
  site          $URL/
  hosts         $(for n in $(seq 1 $HOSTS); do printf 'http://127.0.0.1:%s ' $((HOST_PORT + n - 1)); done)
  redis         127.0.0.1:$REDIS_PORT
  logs          $STATE/host-*.log, $STATE/nginx-*.log
  e-mails       $MAILDIR/new
  stop          bash scripts/cluster.sh stop

INFO
