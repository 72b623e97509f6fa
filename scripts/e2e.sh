#!/usr/bin/env bash
# End to end, as in production: a fresh database with the addon (demo data, French),
# Odoo in multi-worker mode with a cron worker, and a local SMTP server that keeps every
# message, all on 127.0.0.1. Then e2e/journey.py drives an order from quotation to credit
# note and checks the e-mails; e2e/warehouse.py ships an order from a three-step warehouse
# in two deliveries, then validates 200 deliveries in one call while their confirmations
# are mailed; e2e/return_race.py posts return forms at the same instant; e2e/load.py
# runs a bounded portal load; and, server stopped,
# the addon is updated then uninstalled, with the data compared before and after.
# Stops everything it started; the last line is "e2e: passed" or "e2e: FAILED (...)".
#
# B2B_E2E_DB, B2B_E2E_HTTP_PORT (8369), B2B_E2E_GEVENT_PORT (8372), B2B_E2E_SMTP_PORT (2625),
# B2B_E2E_LOAD_CUSTOMERS (20), B2B_E2E_LOAD_SECONDS (30), B2B_E2E_RUSH_ORDERS (200) and
# B2B_E2E_RUSH_SECONDS (480: how long their e-mails may take) change the defaults.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
setup_all
db="${B2B_E2E_DB:-b2b_e2e}"
http_port="${B2B_E2E_HTTP_PORT:-8369}"
gevent_port="${B2B_E2E_GEVENT_PORT:-8372}"
smtp_port="${B2B_E2E_SMTP_PORT:-2625}"
url="http://127.0.0.1:$http_port"
work="$VAR_DIR/e2e"
python="$VENV_DIR/bin/python"
odoo_options=(--addons-path="$ADDONS_PATH" --data-dir="$work/data" -d "$db")
log_error='^[0-9-]+ [0-9:,]+ [0-9]+ (ERROR|CRITICAL) '
groups=()
failed=()
start=$SECONDS

# --- processes -------------------------------------------------------------------

# start_group LOG COMMAND... : runs COMMAND in a process group of its own (Odoo forks
# workers), so that stopping it stops all of them.
start_group() {
    local log="$1"
    shift
    setsid "$@" >"$log" 2>&1 &
    groups+=($!)
}

stop_group() {
    local pgid="$1" tries=0
    kill -TERM -- "-$pgid" 2>/dev/null || return 0
    while kill -0 -- "-$pgid" 2>/dev/null && [ "$tries" -lt 30 ]; do
        sleep 0.5
        tries=$((tries + 1))
    done
    kill -KILL -- "-$pgid" 2>/dev/null || true
}

# Last started, first stopped: Odoo's cron worker may be sending to the SMTP server.
stop_all() {
    local index
    for ((index = ${#groups[@]} - 1; index >= 0; index--)); do
        stop_group "${groups[index]}"
    done
    groups=()
}
trap stop_all EXIT
trap 'exit 130' INT TERM

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

wait_for() {
    local what="$1" seconds="$2"
    shift 2
    local deadline=$((SECONDS + seconds))
    until "$@"; do
        [ "$SECONDS" -lt "$deadline" ] || die "$what did not start within $seconds s"
        sleep 1
    done
}

http_ready() { curl -sf -o /dev/null "$url/web/login"; }

# --- steps -----------------------------------------------------------------------

# step NAME COMMAND... : runs a check, prints its result, remembers a failure.
step() {
    local name="$1"
    shift
    local begin=$SECONDS
    say "$name"
    if "$@"; then
        say "$name: ok ($((SECONDS - begin)) s)"
    else
        say "$name: FAILED ($((SECONDS - begin)) s)"
        failed+=("$name")
    fi
}

# odoo_run LOG ARGS... : one Odoo run that stops by itself, without errors in its log.
odoo_run() {
    local log="$1"
    shift
    odoo_bin "${odoo_options[@]}" --stop-after-init --no-http --max-cron-threads=0 \
        --log-level=warn "$@" >"$log" 2>&1 || { tail -n 20 "$log" >&2; return 1; }
    ! grep -E -A 5 "$log_error" "$log" >&2
}

log_check() { "$python" "$PROJECT_DIR/e2e/log_check.py" "$@"; }

db_state() { "$python" "$PROJECT_DIR/e2e/db_state.py" "$@" -- "${odoo_options[@]}"; }

prepare() {
    local port
    for port in "$http_port" "$gevent_port" "$smtp_port"; do
        if port_in_use "$port"; then
            die "port $port is in use: set B2B_E2E_HTTP_PORT, B2B_E2E_GEVENT_PORT or B2B_E2E_SMTP_PORT"
        fi
    done
    if db_exists "$db"; then
        dropdb "$db"
    fi
    rm -rf "$work"
    mkdir -p "$work/mails"
    say "installing b2b_order_mgmt with demo data and French in a fresh database '$db'"
    odoo_run "$work/install.log" -i b2b_order_mgmt --load-language=fr_FR ||
        die "installing the addon failed (see $work/install.log)"
}

start_servers() {
    start_group "$work/smtp.log" "$python" "$PROJECT_DIR/e2e/smtp_sink.py" \
        --port "$smtp_port" --folder "$work/mails"
    wait_for "the SMTP server" 20 port_in_use "$smtp_port"
    say "starting Odoo on $url: 3 HTTP workers, 1 cron worker"
    # odoo-bin, not "python -m odoo": the server re-runs its own script for the
    # gevent (websocket) process.
    [ -f "$ODOO_ROOT/odoo-bin" ] || die "no odoo-bin in $ODOO_ROOT"
    # Odoo queues 8 connections per HTTP worker. Past that, Linux drops the
    # handshake's last packet: the client, thinking itself connected, resends
    # its request seconds later, after the worker's 2 s wait ("Request timed
    # out"). 3 workers queue 24: the load's 20 sessions, the letters'
    # wkhtmltopdf and the journey's calls.
    start_group "$work/odoo.log" "$VENV_DIR/bin/python" "$ODOO_ROOT/odoo-bin" "${odoo_options[@]}" \
        --db-filter="^$db\$" --no-database-list --http-interface=127.0.0.1 \
        --http-port="$http_port" --gevent-port="$gevent_port" \
        --workers=3 --max-cron-threads=1 --log-level=info
    wait_for "Odoo" 120 http_ready
}

journey() {
    "$python" "$PROJECT_DIR/e2e/journey.py" --url "$url" --db "$db" \
        --smtp-port "$smtp_port" --mail-dir "$work/mails"
}

return_race() {
    "$python" "$PROJECT_DIR/e2e/return_race.py" --url "$url" --db "$db"
}

# warehouse JOURNEY: three-step or rush (see e2e/warehouse.py).
warehouse() {
    "$python" "$PROJECT_DIR/e2e/warehouse.py" "$1" --url "$url" --db "$db" \
        --mail-dir "$work/mails" --orders "${B2B_E2E_RUSH_ORDERS:-200}" \
        --rush-timeout "${B2B_E2E_RUSH_SECONDS:-480}"
}

load() {
    "$python" "$PROJECT_DIR/e2e/load.py" --url "$url" --db "$db" \
        --customers "${B2B_E2E_LOAD_CUSTOMERS:-20}" --duration "${B2B_E2E_LOAD_SECONDS:-30}"
}

update_keeps_data() {
    db_state snapshot "$work/before.json" &&
        odoo_run "$work/update.log" -u b2b_order_mgmt &&
        db_state snapshot "$work/after-update.json" &&
        "$python" "$PROJECT_DIR/e2e/db_state.py" compare "$work/before.json" "$work/after-update.json"
}

uninstall_keeps_odoo_data() {
    # Uninstalling keeps the addon's demo records that documents still use: Odoo
    # tries to delete each, and its SQL layer logs the refusal (log_check --uninstall).
    db_state uninstall >"$work/uninstall.log" 2>&1 && log_check --uninstall "$work/uninstall.log" &&
        db_state snapshot "$work/after-uninstall.json" --core &&
        "$python" "$PROJECT_DIR/e2e/db_state.py" compare --core "$work/before.json" "$work/after-uninstall.json"
}

prepare
start_servers
step "journey: order to credit note, e-mails checked" journey
step "three-step warehouse: pick, pack, partial shipment, e-mails checked" warehouse three-step
step "${B2B_E2E_RUSH_ORDERS:-200} deliveries validated in one call while their confirmations are mailed" \
    warehouse rush
step "returns sent at the same moment: one request" return_race
step "portal load" load
stop_all
step "server log: no error, no 5xx" log_check "$work/odoo.log"
step "update (-u) keeps tiers, rules, stage dates and requests" update_keeps_data
step "uninstall keeps Odoo's orders, transfers and invoices" uninstall_keeps_odoo_data
say "logs and e-mails in $work; total time: $((SECONDS - start)) s"
if [ "${#failed[@]}" -gt 0 ]; then
    echo "e2e: FAILED ($(IFS=';'; echo "${failed[*]}"))"
    exit 1
fi
echo "e2e: passed"
