#!/usr/bin/env bash
# Makes sure a real SMTP server is listening on 127.0.0.1:${OCOP_SMTP_PORT:-2525} for development and tests:
# Debian's aiosmtpd with its Mailbox handler, which stores every message it accepts in a Maildir
# (default <repo>/.data/mail, override with OCOP_MAILDIR). See docs/adr/0005-postgres-bootstrap-and-test-fallback.md.
#
# Last line of stdout: `smtp=127.0.0.1:<port> maildir=<absolute path>`; everything else goes to stderr.
# If a server is already answering on the port, it is reused and the Maildir printed is the one THAT server writes to
# (read from its command line), which may differ from the requested one, e.g. when another clone started it.
#
# Idempotent and safe to run concurrently (one lock per port). The server outlives this script: its log is
# <repo>/.data/smtp.log, its pid <repo>/.data/smtp.pid.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

log() { printf 'ensure-smtp: %s\n' "$*" >&2; }
die() { printf 'ensure-smtp: ERROR: %s\n' "$*" >&2; exit 1; }
trap 'die "command failed at line $LINENO of scripts/ensure-smtp.sh; the SMTP server is not ready"' ERR

HOST=127.0.0.1
PORT="${OCOP_SMTP_PORT:-2525}"
[[ "$PORT" =~ ^[0-9]+$ ]] || die "OCOP_SMTP_PORT must be a port number, not '$PORT'"
DATA="$ROOT/.data"
MAILDIR="${OCOP_MAILDIR:-$DATA/mail}"
LOGFILE="$DATA/smtp.log"
PIDFILE="$DATA/smtp.pid"

# Always Debian's interpreter: python3 on PATH may be another one (pyenv here) that lacks the Debian package.
# -I: ignore PYTHONPATH/PYTHONHOME and user site-packages for the same reason.
PY=/usr/bin/python3

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

make_maildir() { mkdir -p "$1/cur" "$1/new" "$1/tmp"; }

mkdir -p "$DATA"
make_maildir "$MAILDIR"
MAILDIR="$(cd "$MAILDIR" && pwd -P)"

# One start at a time per port on this machine (several clones may share the port).
exec 9>>"${TMPDIR:-/tmp}/ocop-ensure-smtp-$PORT.lock"
flock -w 120 9 || die "timed out waiting for the lock of port $PORT (another ensure-smtp.sh still running?)"

if ! [[ -x "$PY" ]] || ! "$PY" -I -c 'import aiosmtpd.handlers' 2>/dev/null; then
  log "aiosmtpd not found for $PY: installing Debian's python3-aiosmtpd"
  export DEBIAN_FRONTEND=noninteractive
  as_root apt-get update -qq >&2 || die "apt-get update failed"
  without_inherited_fds as_root apt-get install -y -qq --no-install-recommends -o DPkg::Lock::Timeout=300 \
    python3-aiosmtpd >&2 ||
    die "apt-get install python3-aiosmtpd failed"
  "$PY" -I -c 'import aiosmtpd.handlers' || die "python3-aiosmtpd installed, but $PY cannot import aiosmtpd"
fi

# True when an SMTP server answers NOOP on the port.
answers() {
  "$PY" -I - "$HOST" "$PORT" >/dev/null 2>&1 <<'EOF'
import smtplib, sys
with smtplib.SMTP(sys.argv[1], int(sys.argv[2]), timeout=3) as s:
    code, _ = s.noop()
    sys.exit(0 if code == 250 else 1)
EOF
}

# Prints "<pid> <maildir>" of the aiosmtpd process listening on our port, from /proc (no ps/ss needed).
find_server() {
  local cmdline pid
  for cmdline in /proc/[0-9]*/cmdline; do
    pid="${cmdline#/proc/}"; pid="${pid%/cmdline}"
    local -a args=()
    mapfile -d '' -t args <"$cmdline" 2>/dev/null || continue
    (( ${#args[@]} > 0 )) || continue
    [[ "${args[0]##*/}" == python* && " ${args[*]} " == *" aiosmtpd "* && " ${args[*]} " == *" $HOST:$PORT "* ]] ||
      continue
    local dir="${args[-1]}"
    [[ "$dir" == /* ]] || dir="$(readlink "/proc/$pid/cwd")/$dir"
    printf '%s %s\n' "$pid" "$dir"
    return 0
  done
  return 1
}

if answers; then
  log "an SMTP server already answers on $HOST:$PORT"
else
  log "starting aiosmtpd on $HOST:$PORT, Maildir $MAILDIR (log $LOGFILE)"
  # setsid + nohup: survive the end of this script and of its session; </dev/null and >>log: do not keep our stdout
  # (callers read it to EOF). -n: do not try to setuid to nobody.
  (
    close_inherited_fds
    exec setsid nohup "$PY" -I -m aiosmtpd -n -l "$HOST:$PORT" -c aiosmtpd.handlers.Mailbox "$MAILDIR" \
      </dev/null >>"$LOGFILE" 2>&1
  ) &
  started=$!
  ok=false
  for _ in $(seq 1 40); do
    if answers; then ok=true; break; fi
    kill -0 "$started" 2>/dev/null || { answers && ok=true; break; }
    sleep 0.25
  done
  $ok || die "the SMTP server did not answer on $HOST:$PORT (last lines of $LOGFILE: $(tail -n 3 "$LOGFILE" 2>/dev/null | tr '\n' ' '))"
fi

if server="$(find_server)"; then
  pid="${server%% *}"
  actual="${server#* }"
  if [[ "$actual" != "$MAILDIR" ]]; then
    log "note: the server on port $PORT (pid $pid) writes to $actual, not $MAILDIR; reporting $actual"
  fi
  # Its Maildir may have been removed since it started (e.g. a deleted clone): the dirs must exist for delivery.
  make_maildir "$actual"
  # The pid file names only a server that writes to this clone's Maildir.
  if [[ "$actual" == "$MAILDIR" ]]; then printf "%s\n" "$pid" >"$PIDFILE"; fi
  MAILDIR="$actual"
else
  log "warning: port $PORT answers SMTP, but not from an aiosmtpd process found in /proc; assuming Maildir $MAILDIR"
fi

printf 'smtp=%s:%s maildir=%s\n' "$HOST" "$PORT" "$MAILDIR"
