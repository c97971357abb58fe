#!/usr/bin/env bash
# The benchmark command: benchmarks/run.sh small|medium|large [--seed N] [--micro]
#
# Starts what the run needs (PostgreSQL and the SMTP server through the project's scripts, wrk, hey and nginx from
# Debian's packages; nginx for the three-host scenario), builds the host, the floor, the generator and the runner in Release, generates the dataset into database
# ocop_bench_<size> (reused when it already holds the same size, seed and generator version), then measures and prints
# the table. The report goes to docs/performance.md for `large` (the reference run) and to benchmarks/results/<size>.md
# otherwise, each with an SVG chart of the ratios next to it. --micro also runs the BenchmarkDotNet micro-benchmarks
# (a few minutes more) and adds their table to the report.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

SIZE="${1:-small}"
shift || true
case "$SIZE" in small|medium|large) ;; *) echo "usage: benchmarks/run.sh small|medium|large [--seed N] [--micro]" >&2; exit 2 ;; esac
SEED=42
MICRO=""
while [[ $# -gt 0 ]]; do
  case "$1" in
    --seed) SEED="$2"; shift 2 ;;
    --micro) MICRO=1; shift ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done

as_root() { if [[ $EUID -eq 0 ]]; then "$@"; else sudo -n "$@"; fi; }

POSTGRES="$(bash scripts/ensure-postgres.sh | tail -n 1)"
smtp_line="$(bash scripts/ensure-smtp.sh | tail -n 1)"
[[ "$smtp_line" =~ ^smtp=([^:]+):([0-9]+)\ maildir=(.+)$ ]] || { echo "cannot parse scripts/ensure-smtp.sh output: $smtp_line" >&2; exit 1; }
SMTP_HOST="${BASH_REMATCH[1]}" SMTP_PORT="${BASH_REMATCH[2]}"

if ! command -v wrk >/dev/null || ! command -v hey >/dev/null || ! [[ -x /usr/sbin/nginx ]]; then
  echo "installing wrk, hey and nginx (Debian packages)..." >&2
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends wrk hey nginx >&2 \
    || { as_root apt-get update -q >&2 && as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends wrk hey nginx >&2; }
fi
# The live scenarios hold up to 10,000 connections: a descriptor for each end in the runner and in the host.
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)" 2>/dev/null || true

echo "building (Release)..." >&2
for project in src/Host/OCoP.Host benchmarks/OCoP.Benchmarks.Floor benchmarks/OCoP.Benchmarks.Runner; do
  dotnet build "$project" -c Release -nologo -v quiet -clp:ErrorsOnly >&2
done

MICRO_RESULTS=()
if [[ -n "$MICRO" ]]; then
  echo "micro-benchmarks (BenchmarkDotNet, short job)..." >&2
  rm -rf BenchmarkDotNet.Artifacts
  dotnet run -c Release --project benchmarks/OCoP.Benchmarks.Micro -- --filter '*' --job short --exporters github >&2
  combined="$(mktemp)"
  for report in BenchmarkDotNet.Artifacts/results/*-report-github.md; do cat "$report" >>"$combined"; echo >>"$combined"; done
  MICRO_RESULTS=(--micro "$combined")
fi

exec dotnet benchmarks/OCoP.Benchmarks.Runner/bin/Release/net10.0/OCoP.Benchmarks.Runner.dll \
  --size "$SIZE" --seed "$SEED" --root "$ROOT" --postgres "$POSTGRES" --smtp-host "$SMTP_HOST" --smtp-port "$SMTP_PORT" "${MICRO_RESULTS[@]}"
