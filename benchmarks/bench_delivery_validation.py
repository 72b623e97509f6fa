# Copyright 2026 b2b_order_mgmt contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""What the delivery stages cost when the warehouse validates many deliveries at once.

In the two databases of scripts/bench.sh (the customer and products of
bench_order_pricing.py: a B2B customer in the addon's database), N orders of one
line each are confirmed with their goods in stock, then their N deliveries are
validated in one click (``button_validate`` on all of them, as the list's
Validate does). Only the validation is timed and its queries counted; each run
is rolled back. With the addon, validating records every delivery's Shipped
stage and queues its e-mail, behind the order's confirmation e-mail.

Exits non-zero when the addon's extra queries (addon minus plain) grow from 20
to 200 deliveries: that would be a query per delivery (one or two more, as the
reads happen to batch, is none).
"""

import sys
import time

from bench_common import (
    Samples,
    argument_parser,
    compare,
    configure_odoo,
    measure_sizes,
    print_columns,
    superuser_env,
    timed,
    write_json,
)
from bench_order_pricing import open_databases

from odoo import Command

DELIVERY_COUNTS = (20, 200)
REPEATS = 3
QUANTITY = 10
# The addon's extra queries may differ by this much between 20 and 200
# deliveries without being a cost per delivery.
EXTRA_QUERIES_TOLERANCE = 2


def parse_args():
    parser = argument_parser(__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=REPEATS)
    return parser.parse_args()


def ready_deliveries(env, data, count):
    """``count`` confirmed orders of the customer, one line each, their goods
    in stock and picked: their deliveries, ready to validate."""
    warehouse = env["stock.warehouse"].search(
        [("company_id", "=", env.company.id)], limit=1
    )
    products = env["product.product"].browse(data.product_ids[:count])
    for product in products:
        env["stock.quant"]._update_available_quantity(
            product, warehouse.lot_stock_id, QUANTITY
        )
    orders = env["sale.order"].create(
        [
            {
                "partner_id": data.customer_id,
                "order_line": [
                    Command.create(
                        {"product_id": product.id, "product_uom_qty": QUANTITY}
                    )
                ],
            }
            for product in products
        ]
    )
    orders.action_confirm()
    deliveries = orders.picking_ids
    deliveries.move_ids.picked = True
    assert len(deliveries) == count, (len(deliveries), count)
    assert set(deliveries.mapped("state")) == {"assigned"}, deliveries.mapped("state")
    env.flush_all()
    env.invalidate_all()
    return deliveries


def validate(deliveries):
    result = deliveries.button_validate()
    deliveries.env.flush_all()
    return result


def run_validation(registry, data, count, with_addon):
    cr = registry.cursor()
    try:
        env = superuser_env(cr)
        deliveries = ready_deliveries(env, data, count)
        result, run = timed(validate, deliveries)
        assert result is True, result
        assert set(deliveries.mapped("state")) == {"done"}
        if with_addon:
            stages = set(deliveries.mapped("b2b_delivery_stage"))
            assert stages == {"shipped"}, stages
        return run
    finally:
        cr.rollback()
        cr.close()


def measure(plain, addon, count, repeats):
    """Interleaved runs after one untimed warm-up of each database."""
    run_validation(*plain, count, with_addon=False)
    run_validation(*addon, count, with_addon=True)
    samples = (Samples(), Samples())
    for _repeat in range(repeats):
        samples[0].add(run_validation(*plain, count, with_addon=False))
        samples[1].add(run_validation(*addon, count, with_addon=True))
    return samples


def result_rows(samples):
    return [
        {
            "deliveries": count,
            **compare(plain, addon),
            "plain_queries_per_delivery": plain.median_queries / count,
            "addon_queries_per_delivery": addon.median_queries / count,
        }
        for count, (plain, addon) in samples.items()
    ]


def print_table(rows):
    header = (
        "deliveries",
        "plain s",
        "addon s",
        "ratio time",
        "plain q",
        "addon q",
        "plain q/dlv",
        "addon q/dlv",
    )
    cells = [
        (
            f"{row['deliveries']}",
            f"{row['plain_seconds']:.3f}",
            f"{row['addon_seconds']:.3f}",
            f"{row['time_ratio']:.3f}",
            f"{row['plain_queries']}",
            f"{row['addon_queries']}",
            f"{row['plain_queries_per_delivery']:.2f}",
            f"{row['addon_queries_per_delivery']:.2f}",
        )
        for row in rows
    ]
    print()
    print_columns(
        header,
        cells,
        11,
        "(medians of the repeats; one button_validate on all the deliveries)",
    )


def verdicts(rows):
    """Whether the addon's extra queries stay the same from the fewest to the
    most deliveries."""
    extra = {row["deliveries"]: row["extra_queries"] for row in rows}
    first, last = rows[0]["deliveries"], rows[-1]["deliveries"]
    constant = extra[last] <= extra[first] + EXTRA_QUERIES_TOLERANCE
    print(
        f"{'OK  ' if constant else 'FAIL'}  extra queries: +{extra[first]} at {first} "
        f"deliveries, +{extra[last]} at {last}"
    )
    return {"extra_queries": extra, "extra_queries_constant": constant}


def main():
    args = parse_args()
    configure_odoo(args)
    start = time.perf_counter()
    plain, addon = open_databases(args)
    samples = measure_sizes(
        DELIVERY_COUNTS,
        "deliveries",
        lambda count: measure(plain, addon, count, args.repeats),
    )
    rows = result_rows(samples)
    print_table(rows)
    verdict = verdicts(rows)
    write_json(
        args.json,
        {
            "databases": {"plain": args.plain_db, "addon": args.addon_db},
            "measured": "stock.picking.button_validate() on N ready deliveries of "
            "N one-line orders, then a flush",
            "results": rows,
            **verdict,
        },
        time.perf_counter() - start,
    )
    return 0 if verdict["extra_queries_constant"] else 1


if __name__ == "__main__":
    sys.exit(main())
