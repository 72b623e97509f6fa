#!/usr/bin/env bash
# Serves Odoo with this addon and its demo data on http://localhost:${B2B_HTTP_PORT:-8069}.
# The first run creates the demo database; later runs update the addon in it and reuse it.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
setup_all
db="${B2B_DEMO_DB:-b2b_demo}"
port="${B2B_HTTP_PORT:-8069}"
# The database lives in PostgreSQL, shared by every clone: its files (attachments,
# assets) live beside it, in one folder per user, not in a clone.
data_dir="${XDG_DATA_HOME:-$HOME/.local/share}/b2b_order_mgmt"
mkdir -p "$data_dir"
if db_exists "$db" && [ ! -d "$data_dir/filestore/$db" ]; then
    say "the database '$db' has lost its files (made elsewhere, or its folder was removed): creating it anew"
    dropdb "$db"
fi
if db_exists "$db"; then
    say "reusing the database '$db' (the addon is updated in it)"
    load=(-u b2b_order_mgmt)
else
    say "creating the database '$db' with Odoo's demo data and this addon (a minute or two)"
    load=(-i b2b_order_mgmt)
fi
cat >&2 <<MSG

  Odoo:        http://localhost:$port   (database '$db')
  Back office: login 'admin', password 'admin'
  Portal:      login 'portal.buyer@northwind.example', password 'portal'  (a B2B customer's buyer)
  Stop with Ctrl+C.

MSG
exec "$VENV_DIR/bin/python" -m odoo --addons-path="$ADDONS_PATH" --data-dir="$data_dir" \
    -d "$db" --db-filter="^$db\$" --http-port="$port" "${load[@]}"
