#!/usr/bin/env bash
# Cold start of the host: process start to the first 200 of a real page of data (the group directory, read from
# PostgreSQL through the module's store), and the resident memory right then. A benchmark, not a test: it prints
# numbers and asserts nothing.
#
# Usage: benchmarks/coldstart.sh [STARTS]   (default 5; the median is the figure to quote)
#   Uses the Release build of src/Host/OCoP.Host (build it first), database ocop_coldstart on the project's PostgreSQL
#   (created and migrated by a first, uncounted start), Production environment, logging at Warning.
#   Extra environment variables pass through to the host, e.g. to compare GC settings:
#     DOTNET_gcServer=1 benchmarks/coldstart.sh      DOTNET_TieredPGO=0 benchmarks/coldstart.sh
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
STARTS="${1:-5}"
HOST_DIR="${OCOP_HOST_DIR:-$ROOT/src/Host/OCoP.Host}" # another checkout's host, to compare builds
DLL="$HOST_DIR/bin/Release/net10.0/OCoP.Host.dll"
[[ -f "$DLL" ]] || { echo "build the host first: dotnet build src/Host/OCoP.Host -c Release" >&2; exit 1; }
PORT=5096
URL="http://127.0.0.1:$PORT/api/membership/groups"

SERVER="$(bash scripts/ensure-postgres.sh 2>/dev/null | tail -n 1)"
DATABASE="$(sed -E 's/Database=[^;]*/Database=ocop_coldstart/' <<<"$SERVER")"
smtp_line="$(bash scripts/ensure-smtp.sh 2>/dev/null | tail -n 1)"
[[ "$smtp_line" =~ ^smtp=([^:]+):([0-9]+)\ maildir=(.+)$ ]] || { echo "cannot parse ensure-smtp.sh output" >&2; exit 1; }
export Smtp__Host="${BASH_REMATCH[1]}" Smtp__Port="${BASH_REMATCH[2]}"
PGPASSWORD="$(sed -E 's/.*Password=([^;]*).*/\1/' <<<"$SERVER")" psql "host=127.0.0.1 port=$(sed -E 's/.*Port=([0-9]+).*/\1/' <<<"$SERVER") user=$(sed -E 's/.*Username=([^;]*).*/\1/' <<<"$SERVER") dbname=postgres" \
  -qtAc "select 1 from pg_database where datname='ocop_coldstart'" | grep -q 1 \
  || PGPASSWORD="$(sed -E 's/.*Password=([^;]*).*/\1/' <<<"$SERVER")" psql "host=127.0.0.1 port=$(sed -E 's/.*Port=([0-9]+).*/\1/' <<<"$SERVER") user=$(sed -E 's/.*Username=([^;]*).*/\1/' <<<"$SERVER") dbname=postgres" -qc "create database ocop_coldstart"

export ConnectionStrings__Postgres="$DATABASE" ASPNETCORE_URLS="http://127.0.0.1:$PORT" ASPNETCORE_ENVIRONMENT=Production \
  Serilog__MinimumLevel__Default=Warning DOTNET_NOLOGO=1

now_ms() { date +%s%3N; }

# One start: milliseconds to the first 200, the RSS in MB at that moment and the host's CPU milliseconds until then.
start_once() {
  local began pid elapsed rss log
  log="$(mktemp)"
  began="$(now_ms)"
  (cd "$HOST_DIR" && exec dotnet "$DLL") >"$log" 2>&1 &
  pid=$!
  until [[ "$(curl -s -o /dev/null -w '%{http_code}' "$URL" 2>/dev/null)" == 200 ]]; do
    if ! kill -0 "$pid" 2>/dev/null; then echo "the host exited; its log:" >&2; cat "$log" >&2; exit 1; fi
    if (( $(now_ms) - began > 120000 )); then echo "no 200 within 120 s" >&2; kill "$pid"; exit 1; fi
    sleep 0.02
  done
  elapsed=$(( $(now_ms) - began ))
  rss=$(( $(awk '/VmRSS/ {print $2}' "/proc/$pid/status") / 1024 ))
  # CPU time the host used (user + system), in ms: unlike the wall clock, it hardly depends on what else the machine runs.
  cpu=$(( $(awk '{print $14 + $15}' "/proc/$pid/stat") * 1000 / $(getconf CLK_TCK) ))
  kill "$pid"; wait "$pid" 2>/dev/null || true
  rm -f "$log"
  echo "$elapsed $rss $cpu"
}

start_once >/dev/null # creates the schemas; not counted
times=()
cpus=()
for ((i = 1; i <= STARTS; i++)); do
  read -r ms rss cpu < <(start_once)
  times+=("$ms")
  cpus+=("$cpu")
  printf 'start %d: %d ms to the first 200, host CPU %d ms, RSS %d MB\n' "$i" "$ms" "$cpu" "$rss"
done
sorted=($(printf '%s\n' "${times[@]}" | sort -n))
sorted_cpu=($(printf '%s\n' "${cpus[@]}" | sort -n))
printf 'median %d ms to the first 200 (min %d, max %d), median host CPU %d ms, over %d starts; load average %s; env:%s\n' \
  "${sorted[$(( STARTS / 2 ))]}" "${sorted[0]}" "${sorted[-1]}" "${sorted_cpu[$(( STARTS / 2 ))]}" "$STARTS" \
  "$(cut -d' ' -f1-3 /proc/loadavg)" "$(env | grep -E '^DOTNET_(gc|GC|Tiered|TC_|ReadyToRun)' | tr '\n' ' ' || true)"
