#!/usr/bin/env bash
# THE test command: starts the real servers the tests need (PostgreSQL, SMTP, Chromium), builds the solution once in
# Release, runs every test project under tests/ (all of them, even after a failure), and ends with exactly one line
# `N passed, N failed` summed from the TRX files. Exit 0 only if nothing failed, something passed and every
# `dotnet test` exited 0.
#
# Usage: scripts/test.sh [FILTER]   FILTER goes to `dotnet test --filter` (e.g. "FullyQualifiedName~Membership").
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

FILTER="${1:-}"
export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

say() { printf '%s\n' "$*"; }
# A failure before any test ran still ends with the summary line that CI reads.
abort() { say "test.sh: $*" >&2; say "0 passed, 1 failed"; exit 1; }

# --- the servers -----------------------------------------------------------------------------------------------
# Each ensure script prints its result on its last stdout line; its progress goes to stderr (shown as is).
OCOP_POSTGRES="$(bash scripts/ensure-postgres.sh | tail -n 1)" || abort "PostgreSQL is not available (scripts/ensure-postgres.sh failed)"
[[ -n "$OCOP_POSTGRES" ]] || abort "scripts/ensure-postgres.sh printed no connection string"
export OCOP_POSTGRES

smtp_line="$(bash scripts/ensure-smtp.sh | tail -n 1)" || abort "the SMTP server is not available (scripts/ensure-smtp.sh failed)"
# "smtp=127.0.0.1:<port> maildir=<path>": the Maildir is the one the running server really writes to.
if [[ "$smtp_line" =~ ^smtp=([^:]+):([0-9]+)\ maildir=(.+)$ ]]; then
  export OCOP_SMTP_HOST="${BASH_REMATCH[1]}" OCOP_SMTP_PORT="${BASH_REMATCH[2]}" OCOP_MAILDIR="${BASH_REMATCH[3]}"
else
  abort "cannot parse the output of scripts/ensure-smtp.sh: '$smtp_line'"
fi

bash scripts/ensure-chromium.sh >&2 || abort "Chromium is not available (scripts/ensure-chromium.sh failed)"
export OCOP_CHROMIUM=/usr/bin/chromium

say "postgres: $(sed -E 's/Password=[^;]*/Password=***/' <<<"$OCOP_POSTGRES")"
say "smtp:     $OCOP_SMTP_HOST:$OCOP_SMTP_PORT, Maildir $OCOP_MAILDIR"
say "chromium: $OCOP_CHROMIUM"

# --- build once ------------------------------------------------------------------------------------------------
say "building OCoP.sln (Release)..."
build_log="$(mktemp)"
trap 'rm -f "$build_log"' EXIT
if ! dotnet build OCoP.sln -c Release -nologo -v quiet -clp:ErrorsOnly >"$build_log" 2>&1; then
  cat "$build_log"
  say "build failed"
  say "0 passed, 1 failed"
  exit 1
fi

# --- run every test project ------------------------------------------------------------------------------------
mapfile -t projects < <(find tests -name '*.csproj' -not -path '*/bin/*' -not -path '*/obj/*' 2>/dev/null | sort)
[[ ${#projects[@]} -gt 0 ]] || abort "no test projects found under tests/"

# Reads one attribute of the <Counters .../> element of a TRX file (0 when absent).
counter() {
  local value
  value="$(grep -o '<Counters [^>]*' "$2" | head -n 1 | grep -o " $1=\"[0-9]*\"" | grep -o '[0-9]\+' || true)"
  printf '%s' "${value:-0}"
}

# One test silent this long is taken for hung. The 20-kill e-mail test alone takes about 7 minutes on a loaded machine
# (two suites at once can double that); the fuzz test's long mode runs one test for an hour.
hang_timeout="${OCOP_TEST_HANG_TIMEOUT:-30m}"
[[ -n "${OCOP_TEST_HANG_TIMEOUT:-}" || ! "${OCOP_FUZZ_LONG:-}" =~ ^(1|true)$ ]] || hang_timeout=80m

total_passed=0
total_failed=0
all_exited_zero=true
summary=()

for project in "${projects[@]}"; do
  name="$(basename "$project" .csproj)"
  results="TestResults/$name"
  rm -rf "$results" # a stale TRX from an earlier run must not be counted
  say ""
  say "=== $name ($project)"
  args=(test "$project" -c Release --no-build --nologo
    --logger "trx;LogFileName=$name.trx" --results-directory "$results"
    # A test stuck for this long is killed (and reported) instead of eating CI's whole time budget.
    --blame-hang-timeout "$hang_timeout" --blame-hang-dump-type none)
  [[ -z "$FILTER" ]] || args+=(--filter "$FILTER")
  code=0
  dotnet "${args[@]}" || code=$?

  trx="$results/$name.trx"
  [[ -f "$trx" ]] || trx="$(find "$results" -name '*.trx' 2>/dev/null | head -n 1 || true)"
  if [[ -n "$trx" && -f "$trx" ]]; then
    passed="$(counter passed "$trx")"
    failed=$(( $(counter failed "$trx") + $(counter error "$trx") + $(counter timeout "$trx") + $(counter aborted "$trx") ))
    skipped=$(( $(counter total "$trx") - $(counter executed "$trx") ))
    note=""
  else
    passed=0 failed=0 skipped=0 note=" (no TRX produced)"
  fi
  # A crash, a hang kill or a missing TRX with no failure counted still counts as one failure.
  if [[ $code -ne 0 || -n "$note" ]] && (( failed == 0 )); then
    failed=1
    [[ -n "$note" ]] || note=" (dotnet test exited $code without a failed test: crash or abort)"
  fi
  [[ $code -eq 0 ]] || all_exited_zero=false
  total_passed=$(( total_passed + passed ))
  total_failed=$(( total_failed + failed ))
  summary+=("  $name: passed=$passed failed=$failed skipped=$skipped exit=$code$note")
done

say ""
say "=== results per project"
for line in "${summary[@]}"; do say "$line"; done
[[ -z "$FILTER" ]] || say "  (filter: $FILTER)"
say "$total_passed passed, $total_failed failed"

if (( total_failed == 0 && total_passed > 0 )) && $all_exited_zero; then
  exit 0
fi
exit 1
