"""Snapshots of a database's business data, taken with Odoo's ORM (as `odoo
shell` does, server stopped), to prove that updating and uninstalling the
addon keep them.

    db_state.py snapshot OUT.json [--core] -- ODOO_OPTIONS...
    db_state.py compare BEFORE.json AFTER.json [--core]
    db_state.py uninstall -- ODOO_OPTIONS...
"""

import argparse
import json
import sys

# The addon's data: every record, these fields.
ADDON_MODELS = {
    "b2b.customer.tier": ["name", "code", "pricelist_id", "company_id", "sequence"],
    "b2b.discount.rule": [
        "name",
        "active",
        "company_id",
        "sequence",
        "date_start",
        "date_end",
        "product_tmpl_ids",
        "categ_ids",
        "partner_ids",
        "tier_ids",
        "basis",
        "threshold_ids",
    ],
    "b2b.discount.rule.threshold": ["rule_id", "min_value", "discount"],
    "b2b.quantity.rule": ["product_tmpl_id", "tier_id", "min_qty", "qty_multiple"],
    "res.partner": ["b2b_tier_id"],
    "sale.order.line": ["discount", "b2b_discount_rule_id", "b2b_discount_locked"],
    "sale.order": ["b2b_state"],
    "stock.picking": [
        "b2b_delivery_stage",
        "b2b_packed_date",
        "b2b_shipped_date",
        "b2b_out_for_delivery_date",
        "b2b_delivered_date",
        "b2b_received_by",
        "b2b_return_request_id",
    ],
    "b2b.return.request": [
        "name",
        "state",
        "partner_id",
        "order_id",
        "request_type",
        "line_ids",
        "date_submitted",
        "date_approved",
        "date_received",
        "date_refunded",
        "date_done",
        "credit_note_ids",
    ],
    "b2b.return.request.line": ["sale_line_id", "product_id", "quantity", "reason_id"],
}
ADDON_DATA = "addon data records"
# Records that leave with their parent: {model: (field, parent model)}.
PARENTS = {"sale.order.line": ("order_id", "sale.order")}
# Odoo's own documents, which must outlive the addon.
CORE_MODELS = {
    "sale.order": ["name", "state", "partner_id", "amount_untaxed", "amount_total"],
    "sale.order.line": ["order_id", "product_id", "product_uom_qty", "price_subtotal"],
    "stock.picking": ["name", "state", "partner_id", "date_done"],
    "stock.move": ["picking_id", "product_id", "quantity", "state"],
    "account.move": ["name", "state", "move_type", "amount_total"],
}


def odoo_env(odoo_options):
    """An environment on the database of the options, as superuser."""
    import odoo
    from odoo.tools import config

    config.parse_config(odoo_options)
    registry = odoo.modules.registry.Registry(config["db_name"])
    return registry, odoo.api


def take_snapshot(env, models):
    # The addon's own data records (its demo quotations...) leave with it.
    addon_data = env["ir.model.data"].search([("module", "=", "b2b_order_mgmt")])
    snapshot = {ADDON_DATA: [f"{d.model},{d.res_id}" for d in addon_data]}
    for model, fields in models.items():
        records = env[model].with_context(active_test=False).search([], order="id")
        rows = records.read(fields)
        snapshot[model] = {str(row.pop("id")): row for row in rows}
    return snapshot


def with_env(odoo_options, work):
    registry, api = odoo_env(odoo_options)
    with registry.cursor() as cr:
        return work(api.Environment(cr, api.SUPERUSER_ID, {}))


def command_snapshot(args, odoo_options):
    models = CORE_MODELS if args.core else {**ADDON_MODELS, **CORE_MODELS}
    if not args.core:
        # Both dicts name sale.order and the like: one field list per model.
        models = {m: ADDON_MODELS.get(m, []) + CORE_MODELS.get(m, []) for m in models}
    snapshot = with_env(odoo_options, lambda env: take_snapshot(env, models))
    with open(args.out, "w", encoding="utf-8") as out:
        json.dump(snapshot, out, indent=1, sort_keys=True, default=str)
    counts = ", ".join(f"{len(rows)} {model}" for model, rows in snapshot.items())
    print(f"snapshot {args.out}: {counts}", file=sys.stderr)
    return 0


def is_addon_data(model, record_id, row, addon_data):
    if f"{model},{record_id}" in addon_data:
        return True
    field, parent_model = PARENTS.get(model, (None, None))
    parent = row.get(field) if field else None
    return bool(parent) and f"{parent_model},{parent[0]}" in addon_data


def command_compare(args, _odoo_options):
    with open(args.before, encoding="utf-8") as before_file:
        before = json.load(before_file)
    with open(args.after, encoding="utf-8") as after_file:
        after = json.load(after_file)
    fields = CORE_MODELS if args.core else None
    addon_data = set(before.pop(ADDON_DATA))
    after.pop(ADDON_DATA, None)
    differences = []
    for model, rows in before.items():
        if fields and model not in fields:
            continue
        for record_id, row in rows.items():
            if fields and is_addon_data(model, record_id, row, addon_data):
                continue
            new = after.get(model, {}).get(record_id)
            if new is None:
                differences.append(f"{model}({record_id}) is gone")
                continue
            for field in fields[model] if fields else row:
                if row.get(field) != new.get(field):
                    differences.append(
                        f"{model}({record_id}).{field}: {row.get(field)!r} -> "
                        f"{new.get(field)!r}"
                    )
        added = set(after.get(model, {})) - set(rows)
        if added:
            differences.append(f"{model}: new records {sorted(added)}")
    checked = sum(
        len(rows) for model, rows in before.items() if not fields or model in fields
    )
    for difference in differences[:30]:
        print(f"FAILED: {difference}")
    print(
        f"{checked} records compared, {len(differences)} differences", file=sys.stderr
    )
    return 1 if differences or not checked else 0


def command_uninstall(_args, odoo_options):
    def uninstall(env):
        module = env["ir.module.module"].search([("name", "=", "b2b_order_mgmt")])
        module.button_immediate_uninstall()
        # The registry was reloaded without the addon: ask the table itself.
        env.cr.execute(
            "SELECT state FROM ir_module_module WHERE name = 'b2b_order_mgmt'"
        )
        return env.cr.fetchone()[0]

    state = with_env(odoo_options, uninstall)
    print(f"b2b_order_mgmt is now {state}", file=sys.stderr)
    return 0 if state == "uninstalled" else 1


def main():
    argv = sys.argv[1:]
    odoo_options = argv[argv.index("--") + 1 :] if "--" in argv else []
    own = argv[: argv.index("--")] if "--" in argv else argv
    parser = argparse.ArgumentParser(description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    snapshot = commands.add_parser("snapshot")
    snapshot.add_argument("out")
    snapshot.add_argument("--core", action="store_true")
    compare = commands.add_parser("compare")
    compare.add_argument("before")
    compare.add_argument("after")
    compare.add_argument("--core", action="store_true")
    commands.add_parser("uninstall")
    args = parser.parse_args(own)
    handler = {
        "snapshot": command_snapshot,
        "compare": command_compare,
        "uninstall": command_uninstall,
    }[args.command]
    return handler(args, odoo_options)


if __name__ == "__main__":
    sys.exit(main())
