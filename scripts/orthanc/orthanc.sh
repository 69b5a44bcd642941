#!/usr/bin/env bash
# Radloop's test PACS: a private Orthanc (Debian's `orthanc` + `orthanc-dicomweb`) on 127.0.0.1, started the way
# `make services` starts Postgres. Its config, database and log live in one run folder (default var/orthanc-test).
#
#   scripts/orthanc/orthanc.sh start    stop the previous instance of this folder, wipe it, start a fresh one
#   scripts/orthanc/orthanc.sh ensure   reuse the running instance of this folder when it answers, else `start`
#   scripts/orthanc/orthanc.sh stop     stop it (the folder's data stays until the next start or `make clean`)
#   scripts/orthanc/orthanc.sh status   exit 0 and print the URL when it answers
#
# The first free HTTP port from ORTHANC_PORT (default 8042) is used, so a system Orthanc or another checkout's test
# PACS on 8042 is left alone. The DICOM (DIMSE) listener is off. Every request needs the test user's password, which
# is generated per run. What the tests read: <folder>/url (the base URL) and <folder>/env (ORTHANC_URL,
# ORTHANC_DICOMWEB_URL, ORTHANC_USERNAME, ORTHANC_PASSWORD as shell assignments).
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$HERE/../.." && pwd)"
RUN_DIR="${ORTHANC_RUN_DIR:-$REPO/var/orthanc-test}"
FIRST_PORT="${ORTHANC_PORT:-8042}"
USERNAME="radloop-test"

die() { echo "orthanc: $*" >&2; exit 1; }

plugin_path() {
    local found
    found="$(dpkg -L orthanc-dicomweb 2>/dev/null | grep -E '/plugins/libOrthancDicomWeb[^/]*\.so$' | head -n 1 || true)"
    [ -n "$found" ] || found="$(dpkg -L orthanc-dicomweb 2>/dev/null | grep -E 'libOrthancDicomWeb[^/]*\.so' | head -n 1 || true)"
    [ -n "$found" ] || die "the DICOMweb plugin is missing: run 'make orthanc' (apt-get install orthanc-dicomweb)"
    echo "$found"
}

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

answers() {
    # shellcheck disable=SC1091
    [ -f "$RUN_DIR/env" ] || return 1
    (
        source "$RUN_DIR/env"
        curl -sf --max-time 2 -u "$ORTHANC_USERNAME:$ORTHANC_PASSWORD" "$ORTHANC_URL/system" >/dev/null
    )
}

running_pid() {
    [ -f "$RUN_DIR/pid" ] || return 1
    local pid
    pid="$(cat "$RUN_DIR/pid")"
    kill -0 "$pid" 2>/dev/null && [ "$(cat "/proc/$pid/comm" 2>/dev/null)" = "Orthanc" ] && echo "$pid"
}

stop() {
    local pid
    if pid="$(running_pid)"; then
        kill "$pid"
        for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
        kill -0 "$pid" 2>/dev/null && kill -9 "$pid"
        echo "orthanc: stopped (pid $pid)"
    fi
    rm -f "$RUN_DIR/pid" "$RUN_DIR/url" "$RUN_DIR/env"
}

render_config() {
    local port="$1" password="$2" plugin="$3"
    sed -e "s|@STORAGE@|$RUN_DIR/storage|g" \
        -e "s|@DICOMWEB_PLUGIN@|$plugin|g" \
        -e "s|@HTTP_PORT@|$port|g" \
        -e "s|@DICOM_PORT@|$((port + 10000))|g" \
        -e "s|@USERNAME@|$USERNAME|g" \
        -e "s|@PASSWORD@|$password|g" \
        "$HERE/orthanc.json.template" > "$RUN_DIR/orthanc.json"
}

start() {
    command -v Orthanc >/dev/null || die "Orthanc is not installed: run 'make orthanc' (apt-get install orthanc)"
    command -v curl >/dev/null || die "curl is missing: run 'make orthanc'"
    local plugin password port pid
    plugin="$(plugin_path)"
    stop >/dev/null
    rm -rf "$RUN_DIR"
    mkdir -p "$RUN_DIR/storage"
    chmod 700 "$RUN_DIR"
    password="$(head -c 24 /dev/urandom | base64 | tr -dc 'A-Za-z0-9')"
    port="$FIRST_PORT"
    for _attempt in 1 2 3 4 5; do
        while port_in_use "$port"; do
            port=$((port + 1))
            [ "$port" -lt $((FIRST_PORT + 100)) ] || die "no free port in $FIRST_PORT..$((FIRST_PORT + 99))"
        done
        render_config "$port" "$password" "$plugin"
        setsid Orthanc --logfile="$RUN_DIR/orthanc.log" "$RUN_DIR/orthanc.json" </dev/null >/dev/null 2>&1 &
        pid=$!
        echo "$pid" > "$RUN_DIR/pid"
        {
            echo "ORTHANC_URL=http://127.0.0.1:$port"
            echo "ORTHANC_DICOMWEB_URL=http://127.0.0.1:$port/dicom-web"
            echo "ORTHANC_USERNAME=$USERNAME"
            echo "ORTHANC_PASSWORD=$password"
        } > "$RUN_DIR/env"
        chmod 600 "$RUN_DIR/env" "$RUN_DIR/orthanc.json"
        for _ in $(seq 1 150); do
            if answers; then
                echo "http://127.0.0.1:$port" > "$RUN_DIR/url"
                echo "orthanc: http://127.0.0.1:$port (pid $pid, DICOMweb at /dicom-web, run folder $RUN_DIR)"
                return 0
            fi
            kill -0 "$pid" 2>/dev/null || break  # it exited: most likely the port was taken meanwhile
            sleep 0.2
        done
        kill "$pid" 2>/dev/null || true
        port=$((port + 1))
    done
    tail -n 20 "$RUN_DIR/orthanc.log" >&2 || true
    die "Orthanc did not answer on /system (log: $RUN_DIR/orthanc.log)"
}

case "${1:-start}" in
    start) start ;;
    ensure)
        if running_pid >/dev/null && answers; then
            echo "orthanc: reusing $(cat "$RUN_DIR/url") (pid $(cat "$RUN_DIR/pid"))"
        else
            start
        fi
        ;;
    stop) stop ;;
    status)
        if running_pid >/dev/null && answers; then cat "$RUN_DIR/url"; else echo "orthanc: not running" >&2; exit 1; fi
        ;;
    *) die "usage: $0 start|ensure|stop|status" ;;
esac
