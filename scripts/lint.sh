#!/usr/bin/env bash
# Linters: ruff (lint and format check), pylint-odoo with the OCA checks for 18.0,
# the OCA XML/manifest checks, a check that README.rst matches its readme/ fragments,
# and the addon's wheel (built with whool, as OCA publishes addons).
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
ensure_lint_venv
cd "$PROJECT_DIR"
status=0
run() {
    say "$*"
    "$@" || status=1
}
run "$LINT_VENV_DIR/bin/ruff" check .
run "$LINT_VENV_DIR/bin/ruff" format --check .
run "$LINT_VENV_DIR/bin/pylint" --rcfile=.pylintrc b2b_order_mgmt
run "$LINT_VENV_DIR/bin/oca-checks-odoo-module" b2b_order_mgmt/__manifest__.py
run "$LINT_VENV_DIR/bin/python" scripts/gen_addon_readme.py --check b2b_order_mgmt
run "$LINT_VENV_DIR/bin/python" scripts/check_wheel.py b2b_order_mgmt
exit $status
