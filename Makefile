# The project's commands. Each prepares what it needs (scripts/setup.sh) first.
.PHONY: run test lint setup pot bench e2e odoo-tests

run:  ## Serve Odoo with the addon and demo data on http://localhost:8069
	@bash scripts/run.sh

test:  ## Fresh database, addon installed with its tests; last line "N passed, M failed"
	@bash scripts/test.sh

odoo-tests:  ## Odoo's own tests of the extended apps, with and without the addon (~20 min)
	@bash scripts/odoo_tests.sh

lint:  ## ruff and pylint-odoo (OCA checks for 18.0)
	@bash scripts/lint.sh

setup:  ## Only prepare: virtualenv, Odoo, PostgreSQL, wkhtmltopdf, Chromium
	@bash scripts/setup.sh

e2e:  ## Multi-worker Odoo + SMTP: the journey, a three-step warehouse, 200 deliveries at once, returns at the same moment, portal load, update and uninstall (~10 min)
	@bash scripts/e2e.sh

bench:  ## Time orders of 10/100/1000 lines, the order form on 50/200 lines, 20/200 deliveries validated, with and without the addon, and quick entry (~12 min)
	@bash scripts/bench.sh

pot:  ## Export i18n/b2b_order_mgmt.pot from the database `make test` leaves
	@bash scripts/pot.sh
