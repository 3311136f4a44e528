#!/bin/sh
# Keep the kyodo kiosk running on this terminal (docs/kiosk.md, "Keeping it running").
#
# Runs `kyodo --mode kiosk` (or $KYODO_CMD) and starts it again whenever it ends,
# except when staff leave it with the PIN (exit code 0). Whatever ended it (a
# crash, SIGKILL, the out-of-memory killer), the terminal is reset and cleared
# before the next start: mouse reporting off, alternate screen left, cursor
# shown, line settings sane, screen and scrollback wiped. SIGTERM or SIGHUP to
# this script stop it once the kiosk has wiped and exited.
#
#   contrib/kyodo-kiosk.sh [kyodo options...]     e.g. --config /etc/kyodo/kiosk.toml
set -u

KYODO_CMD=${KYODO_CMD:-kyodo}
RESTART_DELAY=${KYODO_RESTART_DELAY:-1}
stop=0
child=0
# the kiosk runs in the background (so a signal reaches this script at once);
# a background command's input would be /dev/null: give it this terminal
exec 3<&0

forward() {
    stop=1
    [ "$child" -ne 0 ] && kill -TERM "$child" 2>/dev/null
}
trap forward TERM HUP INT

reset_terminal() {
    printf '\033[?1000l\033[?1002l\033[?1003l\033[?1006l\033[?1015l\033[?2004l\033[?1004l'
    printf '\033[<u\033[?1049l\033[?25h\033[0m\033[2J\033[3J\033[H'
    stty sane 2>/dev/null || true
}

while :; do
    # shellcheck disable=SC2086 # KYODO_CMD may be a command with arguments
    $KYODO_CMD --mode kiosk "$@" <&3 &
    child=$!
    code=0
    # `wait` returns early when a trapped signal arrives: wait again for the kiosk
    while :; do
        wait "$child"
        code=$?
        kill -0 "$child" 2>/dev/null || break
    done
    child=0
    reset_terminal
    if [ "$stop" -eq 1 ]; then
        exit 0
    fi
    if [ "$code" -eq 0 ]; then
        exit 0  # staff left with the PIN
    fi
    if [ "$code" -eq 2 ]; then
        echo "kyodo-kiosk: kyodo refused to start (exit 2): see the message above" >&2
        exit 2  # a bad config or no PIN: restarting would not help
    fi
    echo "kyodo-kiosk: the kiosk ended (exit $code); starting it again" >&2
    sleep "$RESTART_DELAY"
done
