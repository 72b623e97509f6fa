#!/usr/bin/env bash
# Odoo's own test suites of the apps the addon extends, in the full registry, on two demo
# databases: the addon's dependencies alone, and the same plus the addon. Both run at
# once (one Odoo each, on its own HTTP port); then the tests that fail only with the addon
# are listed and the command fails if there is one. Tests failing in both are listed, not
# counted. Logs: var/odoo-tests/{plain,addon}.log.
#
# B2B_ODOO_TESTS_MODULES (the apps whose tests run), B2B_ODOO_TESTS_REUSE=1 (reuse both
# databases, updating the addon), B2B_ODOO_TESTS_PORT (8469; the second run uses +1).
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
setup_all
start=$SECONDS
modules="${B2B_ODOO_TESTS_MODULES:-sale,sale_management,sale_stock,sale_loyalty,stock_delivery,sale_async_emails,portal,stock,product}"
port="${B2B_ODOO_TESTS_PORT:-8469}"
work="$VAR_DIR/odoo-tests"
python="$VENV_DIR/bin/python"
mkdir -p "$work"
tags=$(printf '/%s,' ${modules//,/ })
tags=${tags%,}

# prepare NAME MODULES : the database b2b_odoo_tests_NAME with demo data and MODULES.
prepare() {
    local name="$1" install="$2" db="b2b_odoo_tests_$1"
    if [ "${B2B_ODOO_TESTS_REUSE:-}" = 1 ] && db_exists "$db"; then
        [ "$name" = plain ] && return 0
        odoo_bin -d "$db" --data-dir="$work/data" -u b2b_order_mgmt --stop-after-init \
            --max-cron-threads=0 --http-port="$port" --log-level=warn >"$work/$name-install.log" 2>&1
        return
    fi
    if db_exists "$db"; then dropdb "$db"; fi
    rm -rf "$work/data/filestore/$db"
    odoo_bin -d "$db" --data-dir="$work/data" -i "$install" --stop-after-init \
        --max-cron-threads=0 --http-port="$port" --log-level=warn >"$work/$name-install.log" 2>&1
}

# run DB OUTPUT PORT TAGS : Odoo's tests of TAGS on b2b_odoo_tests_DB, outcomes in OUTPUT.json.
run() {
    local db="$1" output="$2" http_port="$3" test_tags="$4"
    rm -f "$work/$output.json"
    "$python" "$PROJECT_DIR/scripts/odoo_tests.py" run "$work/$output.json" \
        --addons-path="$ADDONS_PATH" --data-dir="$work/data" -d "b2b_odoo_tests_$db" \
        --test-enable --test-tags="$test_tags" --stop-after-init --max-cron-threads=0 \
        --http-port="$http_port" --log-level=info >"$work/$output.log" 2>&1
}

say "creating the two demo databases (Odoo's apps alone, then with the addon)"
prepare plain "$ADDON_DEPENDENCIES,sale_async_emails" &
plain_pid=$!
prepare addon "$ADDON_DEPENDENCIES,sale_async_emails,b2b_order_mgmt" ||
    die "installing the addon failed (see $work/addon-install.log)"
wait "$plain_pid" || die "creating the plain database failed (see $work/plain-install.log)"

say "running Odoo's tests of $modules in both databases (logs in var/odoo-tests/)"
run plain plain "$port" "$tags" &
plain_pid=$!
run addon addon "$((port + 1))" "$tags" || true
wait "$plain_pid" || true

# Browser tours can time out on a loaded machine: a test that failed only with the
# addon runs again, alone, in both databases, one after the other.
reruns=()
rerun_tags=$("$python" "$PROJECT_DIR/scripts/odoo_tests.py" tags "$work/plain.json" "$work/addon.json" || true)
if [ -n "$rerun_tags" ]; then
    say "running again, alone, the tests that failed only with the addon: $rerun_tags"
    run plain plain-rerun "$port" "$rerun_tags" || true
    run addon addon-rerun "$((port + 1))" "$rerun_tags" || true
    reruns=("$work/plain-rerun.json" "$work/addon-rerun.json")
fi

set +e
"$python" "$PROJECT_DIR/scripts/odoo_tests.py" compare "$work/plain.json" "$work/addon.json" "${reruns[@]}"
status=$?
set -e
say "odoo-tests took $(((SECONDS - start) / 60)) min $(((SECONDS - start) % 60)) s"
exit "$status"
