#!/usr/bin/env bash
# Exports the addon's translation template, b2b_order_mgmt/i18n/b2b_order_mgmt.pot, from the
# test database that `make test` leaves behind. With --check, only tells whether it is up to date.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
setup_all
db="${B2B_TEST_DB:-b2b_test}"
db_exists "$db" || die "no database '$db': run 'make test' first"
pot="$PROJECT_DIR/b2b_order_mgmt/i18n/b2b_order_mgmt.pot"
fresh="$VAR_DIR/b2b_order_mgmt.pot"
odoo_bin -d "$db" --i18n-export="$fresh" --modules=b2b_order_mgmt --stop-after-init \
    --log-level=warn >"$VAR_DIR/pot.log" 2>&1 || die "the export failed (see $VAR_DIR/pot.log)"
# A source file Odoo cannot parse is skipped with a logged error, not a failure.
if grep -E "^[0-9-]+ [0-9:,]+ [0-9]+ (ERROR|CRITICAL) " "$VAR_DIR/pot.log"; then
    die "the export logged errors: terms are missing (see $VAR_DIR/pot.log)"
fi
# Dates and Odoo's build stamp change at every export: compare the rest.
strip_header() { grep -v -e '^"POT-Creation-Date' -e '^"PO-Revision-Date' -e '^"Project-Id-Version' "$1"; }
if [ "${1:-}" = --check ]; then
    if ! diff -u <(strip_header "$pot" 2>/dev/null) <(strip_header "$fresh") >"$VAR_DIR/pot.diff"; then
        die "i18n/b2b_order_mgmt.pot is out of date (see $VAR_DIR/pot.diff): run 'make pot'"
    fi
    say "i18n/b2b_order_mgmt.pot is up to date"
else
    cp "$fresh" "$pot"
    say "wrote $pot"
fi
