# Copyright 2026 b2b_order_mgmt contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""What fast order entry costs: 500 lines pasted in the quick entry wizard
against the same 500 lines given to the ordinary sale.order.create.

Runs in the addon database prepared by scripts/bench.sh (after
bench_order_pricing.py, whose customer and products it reuses), alternating the
two ways, each order rolled back:

- ordinary: ``sale.order.create`` with the 500 lines, then a flush;
- quick entry: an empty quotation created, then the wizard with the 500 rows
  pasted as "SKU<tab>quantity" and *Add to Order* (read, one product search,
  checks, one write of the order), then a flush. The quotation's creation is
  timed too, so that quick entry never looks cheaper than it is.

Both give the same lines, prices and discounts (checked once, untimed). It also
counts the queries of the product lookup for 10 and for 500 SKUs: it must stay
one. Prints a table and writes the results as JSON.
"""

import statistics
import sys
import time

from bench_common import (
    Samples,
    argument_parser,
    configure_odoo,
    superuser_env,
    timed,
    write_json,
)
from bench_order_pricing import line_quantity, prepare_database

import odoo
from odoo import Command
from odoo.modules.registry import Registry

LINE_COUNT = 500
REPEATS = 5
LOOKUP_SIZES = (10, LINE_COUNT)
TIME_RATIO_TARGET = 1.0


def parse_args():
    return argument_parser(__doc__.splitlines()[0], with_plain_db=False).parse_args()


# --- The two ways of entering the same lines ----------------------------------------


def bench_lines(env, data):
    """[(product, quantity)] of the benchmark's first LINE_COUNT products."""
    products = env["product.product"].browse(data.product_ids[:LINE_COUNT])
    return [(product, line_quantity(i)) for i, product in enumerate(products)]


def pasted_text(lines):
    return "\n".join(f"{product.default_code}\t{qty}" for product, qty in lines)


def enter_with_create(env, data, lines):
    order = env["sale.order"].create(
        {
            "partner_id": data.customer_id,
            "order_line": [
                Command.create({"product_id": product.id, "product_uom_qty": qty})
                for product, qty in lines
            ],
        }
    )
    env.flush_all()
    return order


def enter_with_quick_entry(env, data, text):
    order = env["sale.order"].create({"partner_id": data.customer_id})
    wizard = env["sale.quick.order.entry"].create(
        {"order_id": order.id, "input_text": text}
    )
    wizard.action_add_lines()
    env.flush_all()
    assert not wizard.result_ids, "quick entry: rows rejected or flagged"
    return order


def run_entry(registry, data, way, check=None):
    """Time one way of entering the lines, in a cursor rolled back afterwards."""
    cr = registry.cursor()
    try:
        env = superuser_env(cr)
        lines = bench_lines(env, data)
        argument = pasted_text(lines) if way is enter_with_quick_entry else lines
        env.flush_all()
        order, run = timed(way, env, data, argument)
        if check:
            check(order, lines)
        return run
    finally:
        cr.rollback()
        cr.close()


def line_values(order):
    return [
        (line.product_id.id, line.product_uom_qty, line.price_unit, line.discount)
        for line in order.order_line
    ]


def checked_twice(registry, data):
    """One untimed entry each way (warm-up); both must give the same lines."""
    results = {}

    def keep(way):
        def check(order, lines):
            assert len(order.order_line) == len(lines), f"{way}: lines missing"
            assert order.order_line.b2b_discount_rule_id, f"{way}: no bulk discount"
            results[way] = line_values(order)

        return check

    run_entry(registry, data, enter_with_create, keep("create"))
    run_entry(registry, data, enter_with_quick_entry, keep("quick entry"))
    assert results["create"] == results["quick entry"], "the two ways differ"


def lookup_queries(registry, data):
    """{number of SKUs: queries of one product lookup}"""
    counts = {}
    with registry.cursor() as cr:
        env = superuser_env(cr)
        skus = [line[0].default_code for line in bench_lines(env, data)]
        for size in LOOKUP_SIZES:
            env.invalidate_all()
            before = odoo.sql_db.sql_counter
            found = env["product.product"]._b2b_find_by_sku(skus[:size])
            counts[size] = odoo.sql_db.sql_counter - before
            assert all(found.values()), "a benchmark SKU was not found"
        cr.rollback()
    return counts


def measure(registry, data):
    checked_twice(registry, data)
    create_samples, quick_samples = Samples(), Samples()
    for _repeat in range(REPEATS):
        create_samples.add(run_entry(registry, data, enter_with_create))
        quick_samples.add(run_entry(registry, data, enter_with_quick_entry))
    return create_samples, quick_samples


# --- Report ------------------------------------------------------------------------


def print_table(create, quick, lookups):
    print(
        f"\nEntering {LINE_COUNT} lines (medians of {REPEATS}, addon database, "
        "rolled back)"
    )
    header = ("way", "seconds", "CPU seconds", "queries")
    print(" | ".join(f"{title:>24}" for title in header))
    print("-+-".join("-" * 24 for _title in header))
    for name, samples in (("sale.order.create", create), ("quick entry wizard", quick)):
        cells = (
            name,
            f"{samples.median_seconds:.3f}",
            f"{samples.median_cpu_seconds:.3f}",
            f"{samples.median_queries}",
        )
        print(" | ".join(f"{cell:>24}" for cell in cells))
    ratio = quick.median_seconds / create.median_seconds
    print(f"time ratio quick entry / create: {ratio:.3f}")
    print(
        "product lookup queries: "
        + ", ".join(f"{count} for {size} SKUs" for size, count in lookups.items())
    )
    return ratio


def sample_results(samples):
    return {
        "median_seconds": samples.median_seconds,
        "median_cpu_seconds": samples.median_cpu_seconds,
        "median_queries": samples.median_queries,
        "samples_seconds": samples.seconds,
        "samples_queries": samples.queries,
    }


def main():
    args = parse_args()
    configure_odoo(args)
    start = time.perf_counter()
    registry = Registry(args.addon_db)
    data = prepare_database(registry, with_addon=True)
    create, quick = measure(registry, data)
    lookups = lookup_queries(registry, data)
    ratio = print_table(create, quick, lookups)
    lookup_is_one_query = set(lookups.values()) == {1}
    if lookup_is_one_query:
        print("OK    the product lookup is one query, whatever the number of lines.")
    else:
        print(f"FAIL  the product lookup takes {lookups} queries: not one.")
    faster = ratio <= TIME_RATIO_TARGET
    print(
        f"{'OK  ' if faster else 'MISS'}  quick entry "
        f"{'is not slower than' if faster else 'is slower than'} the ordinary create "
        "(reported only: timings vary with the machine's load)."
    )
    write_json(
        args.json,
        {
            "database": args.addon_db,
            "lines": LINE_COUNT,
            "repeats": REPEATS,
            "measured": "create with N lines + flush_all, against an empty "
            "quotation + quick entry wizard with N pasted rows + flush_all",
            "create": sample_results(create),
            "quick_entry": sample_results(quick),
            "time_ratio": ratio,
            "cpu_time_ratio": statistics.median(quick.cpu_seconds)
            / statistics.median(create.cpu_seconds),
            "lookup_queries": {str(size): n for size, n in lookups.items()},
            "lookup_is_one_query": lookup_is_one_query,
        },
        time.perf_counter() - start,
    )
    return 0 if lookup_is_one_query else 1


if __name__ == "__main__":
    sys.exit(main())
