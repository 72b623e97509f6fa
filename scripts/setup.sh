#!/usr/bin/env bash
# Prepares everything the other commands need; safe to run again (it only does what is missing).
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
setup_all
say "ready: Odoo $ODOO_ROOT, Python $("$VENV_DIR/bin/python" --version 2>&1 | cut -d' ' -f2), PostgreSQL as '$PGUSER'"
