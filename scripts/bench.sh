#!/usr/bin/env bash
# Benchmarks what the addon's bulk-discount rules cost on order creation and confirmation:
# one database with only the addon's Odoo dependencies, one with the addon too, both without
# demo data; then benchmarks/bench_order_pricing.py times the same orders in each.
# Prints a table, writes var/bench.json, and exits non-zero if the addon makes a query per line.
# Then benchmarks/bench_form_onchange.py times the sales order form's onchange calls (a line's
# quantity edited, a line added) on saved quotations of 50 and 200 lines in each database; it
# writes var/bench_form_onchange.json and exits non-zero if the addon's extra queries grow
# with the number of lines.
# Then benchmarks/bench_quick_entry.py times 500 lines pasted in the quick entry wizard against
# the same lines given to sale.order.create, in the addon database; it writes
# var/bench_quick_entry.json and exits non-zero if the product lookup is not one query.
# Then benchmarks/bench_delivery_validation.py validates 20 and 200 deliveries in one click in
# each database; it writes var/bench_delivery_validation.json and exits non-zero if the
# addon's extra queries grow with the number of deliveries.
#
# B2B_BENCH_REUSE=1 reuses the two databases when they exist (the addon is updated in them);
# B2B_BENCH_PROFILE=1 also prints the addon's functions that take the most time (and the
# profile of the addon's order onchange of an edit at 200 lines).
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
setup_all
plain_db=b2b_bench_plain
addon_db=b2b_bench_addon
data_dir="$VAR_DIR/bench-data"
log="$VAR_DIR/bench.log"
log_error='^[0-9-]+ [0-9:,]+ [0-9]+ (ERROR|CRITICAL) '

# odoo_init DB ARGS... : one Odoo run that loads modules and stops; its log goes to var/bench.log.
odoo_init() {
    local db="$1"
    shift
    if ! odoo_bin -d "$db" --data-dir="$data_dir" --without-demo=all --stop-after-init \
        --no-http --max-cron-threads=0 --log-level=warn "$@" >>"$log" 2>&1; then
        tail -n 30 "$log" >&2
        die "preparing the database '$db' failed (whole log in $log)"
    fi
    if grep -Eq "$log_error" "$log"; then
        grep -E "$log_error" "$log" >&2
        die "preparing the database '$db' logged errors (whole log in $log)"
    fi
}

create_databases() {
    local db
    for db in "$plain_db" "$addon_db"; do
        if db_exists "$db"; then
            dropdb "$db"
        fi
    done
    rm -rf "$data_dir"
    say "creating '$plain_db' with $ADDON_DEPENDENCIES, without demo data (a minute or two)"
    odoo_init "$plain_db" -i "$ADDON_DEPENDENCIES"
    # The addon database starts as a copy of the plain one (as Odoo's "duplicate database"
    # does, filestore included): both then differ only by the addon, and it is faster.
    say "creating '$addon_db': a copy of '$plain_db' plus b2b_order_mgmt"
    createdb -T "$plain_db" "$addon_db"
    cp -a "$data_dir/filestore/$plain_db" "$data_dir/filestore/$addon_db"
    odoo_init "$addon_db" -i b2b_order_mgmt
}

start=$SECONDS
: >"$log"
if [ "${B2B_BENCH_REUSE:-}" = 1 ] && db_exists "$plain_db" && db_exists "$addon_db"; then
    # Developers' shortcut: the update keeps the addon's tables in step with its code.
    say "reusing '$plain_db' and '$addon_db' (b2b_order_mgmt is updated in '$addon_db')"
    odoo_init "$addon_db" -u b2b_order_mgmt
else
    create_databases
fi
say "databases ready in $((SECONDS - start)) s; timing orders of 10, 100 and 1000 lines (a few minutes)"
profile=()
[ "${B2B_BENCH_PROFILE:-}" = 1 ] && profile=(--profile)
set +e
"$VENV_DIR/bin/python" "$PROJECT_DIR/benchmarks/bench_order_pricing.py" \
    --addons-path="$ADDONS_PATH" --data-dir="$data_dir" \
    --plain-db="$plain_db" --addon-db="$addon_db" --json="$VAR_DIR/bench.json" "${profile[@]}"
status=$?
say "timing the order form's onchange calls on saved quotations of 50 and 200 lines"
"$VENV_DIR/bin/python" "$PROJECT_DIR/benchmarks/bench_form_onchange.py" \
    --addons-path="$ADDONS_PATH" --data-dir="$data_dir" \
    --plain-db="$plain_db" --addon-db="$addon_db" --json="$VAR_DIR/bench_form_onchange.json" \
    "${profile[@]}"
form_status=$?
say "timing 500 lines entered through the quick entry wizard and through sale.order.create"
"$VENV_DIR/bin/python" "$PROJECT_DIR/benchmarks/bench_quick_entry.py" \
    --addons-path="$ADDONS_PATH" --data-dir="$data_dir" \
    --addon-db="$addon_db" --json="$VAR_DIR/bench_quick_entry.json"
quick_entry_status=$?
say "timing 20 and 200 deliveries validated at once, with and without the addon"
"$VENV_DIR/bin/python" "$PROJECT_DIR/benchmarks/bench_delivery_validation.py" \
    --addons-path="$ADDONS_PATH" --data-dir="$data_dir" \
    --plain-db="$plain_db" --addon-db="$addon_db" --json="$VAR_DIR/bench_delivery_validation.json"
delivery_status=$?
set -e
say "total time: $((SECONDS - start)) s"
[ "$status" = 0 ] && [ "$form_status" = 0 ] && [ "$quick_entry_status" = 0 ] &&
    [ "$delivery_status" = 0 ]
