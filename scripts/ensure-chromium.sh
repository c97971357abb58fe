#!/usr/bin/env bash
# Makes sure Debian's Chromium is installed at /usr/bin/chromium for the browser tests and screenshots, and prints
# its version on the last line of stdout. Only Debian's package: no browser is ever downloaded any other way
# (tests point Playwright at this binary through OCOP_CHROMIUM).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

log() { printf 'ensure-chromium: %s\n' "$*" >&2; }
die() { printf 'ensure-chromium: ERROR: %s\n' "$*" >&2; exit 1; }

CHROMIUM=/usr/bin/chromium

as_root() {
  if [[ $EUID -eq 0 ]]; then "$@"; else sudo -n "$@"; fi
}

if [[ ! -x "$CHROMIUM" ]]; then
  # Serialise with concurrent runs: two apt-get installs at once would fight over the dpkg lock.
  exec 9>>"${TMPDIR:-/tmp}/ocop-ensure-chromium.lock"
  flock -w 900 9 || die "timed out waiting for another ensure-chromium.sh"
  if [[ ! -x "$CHROMIUM" ]]; then
    log "installing Debian's chromium (and fonts-dejavu-core, so pages render text)"
    export DEBIAN_FRONTEND=noninteractive
    as_root apt-get update -qq >&2 || die "apt-get update failed"
    # No recommends: headless use needs none of them. DPkg::Lock::Timeout waits for a concurrent apt/dpkg.
    as_root apt-get install -y -qq --no-install-recommends -o DPkg::Lock::Timeout=300 chromium fonts-dejavu-core \
      </dev/null >&2 9>&- || die "apt-get install chromium failed"
  fi
fi

[[ -x "$CHROMIUM" ]] || die "$CHROMIUM is missing after installing chromium"
# --version starts no browser; stderr (dbus/sandbox chatter) is not wanted here.
"$CHROMIUM" --version 2>/dev/null || die "$CHROMIUM --version failed"
