# Copyright 2026 b2b_order_mgmt contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""What the bulk-discount rules cost when a sales order is created and confirmed.

Times the same order (N lines, one sale.order.create, then action_confirm and a
flush) in two databases prepared by scripts/bench.sh: one with only the addon's
Odoo dependencies, whose customer has a price list with quantity breaks, and one
with the addon, whose rules give the same breaks (plus a mix-and-match and an
order-amount rule). Every order is rolled back: the databases do not grow.

Run it with ``make bench``; it prints a table and writes the results as JSON.
"""

import cProfile
import pstats
import sys
import time
from dataclasses import dataclass

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

from odoo import Command
from odoo.modules.registry import Registry

LINE_COUNTS = (10, 100, 1000)
REPEATS = {10: 7, 100: 7, 1000: 5}
# (minimum quantity, discount %): the price list's breaks and the line rule's.
QUANTITY_BREAKS = ((10, 3.0), (50, 5.0), (100, 8.0))
MIX_BREAKS = ((500, 2.0), (5000, 4.0))
AMOUNT_BREAKS = ((5000, 1.0), (50000, 2.0))
MAX_QUANTITY = 120
TIME_RATIO_TARGET = 1.05
TARGET_LINE_COUNTS = (100, 1000)
# Lets a database reused with B2B_BENCH_REUSE=1 keep its benchmark data.
CUSTOMER_REF = "B2B-BENCH"
PRODUCT_CODE_PREFIX = "B2B-BENCH-"
CATEGORY_NAME = "B2B benchmark products"


@dataclass(frozen=True)
class BenchData:
    """What the timed orders are made of, by id (the setup cursor is closed)."""

    customer_id: int
    product_ids: tuple[int, ...]


# --- Odoo --------------------------------------------------------------------


def parse_args():
    parser = argument_parser(__doc__.splitlines()[0])
    parser.add_argument(
        "--profile",
        action="store_true",
        help="also profile one addon order of the largest size",
    )
    return parser.parse_args()


def break_discount(quantity, breaks=QUANTITY_BREAKS):
    """The discount of the highest break the quantity reaches, 0 below them."""
    return max((disc for minimum, disc in breaks if quantity >= minimum), default=0.0)


def line_quantity(index):
    # Spread over 1..MAX_QUANTITY, so that every break is reached by some lines.
    return 1 + (index * 37) % MAX_QUANTITY


# --- Setup (committed once per database, never timed) -------------------------


def prepare_database(registry, with_addon):
    """The customer and products, created and committed unless already there."""
    with registry.cursor() as cr:
        env = superuser_env(cr)
        customer = env["res.partner"].search([("ref", "=", CUSTOMER_REF)], limit=1)
        if not customer:
            enable_pricelist_discounts(env)
            pricing = create_rules(env) if with_addon else create_breaks_pricelist(env)
            customer = create_customer(env, with_addon, pricing)
            create_products(env, max(LINE_COUNTS))
        products = env["product.product"].search(
            [("default_code", "=like", f"{PRODUCT_CODE_PREFIX}%")],
            order="default_code",
        )
        return BenchData(customer.id, tuple(products.ids))


def open_databases(args):
    """The plain database and the addon's, each as (registry, BenchData)."""
    return tuple(
        (registry, prepare_database(registry, with_addon))
        for registry, with_addon in (
            (Registry(args.plain_db), False),
            (Registry(args.addon_db), True),
        )
    )


def enable_pricelist_discounts(env):
    # As the addon's data does: without it, the plain database would put its
    # price-list discount in the unit price instead of the line's discount.
    env.ref("base.group_user").implied_ids |= env.ref(
        "product.group_product_pricelist"
    ) | env.ref("sale.group_discount_per_so_line")


def create_breaks_pricelist(env):
    return env["product.pricelist"].create(
        {
            "name": "Benchmark quantity breaks",
            "item_ids": [
                Command.create(
                    {
                        "applied_on": "3_global",
                        "compute_price": "percentage",
                        "percent_price": discount,
                        "min_quantity": minimum,
                    }
                )
                for minimum, discount in QUANTITY_BREAKS
            ],
        }
    )


def create_rules(env):
    """The addon's rules (one per basis) and a tier with a price list without
    breaks; returns the tier."""
    category = product_category(env)
    rules = (
        ("Benchmark line quantity", "line_qty", QUANTITY_BREAKS, {}),
        ("Benchmark mix", "mix_qty", MIX_BREAKS, {"categ_ids": category.ids}),
        ("Benchmark order amount", "order_amount", AMOUNT_BREAKS, {}),
    )
    for name, basis, breaks, scope in rules:
        env["b2b.discount.rule"].create(
            {
                "name": name,
                "basis": basis,
                "threshold_ids": [
                    Command.create({"min_value": minimum, "discount": discount})
                    for minimum, discount in breaks
                ],
                **{fname: [Command.set(ids)] for fname, ids in scope.items()},
            }
        )
    pricelist = env["product.pricelist"].create({"name": "Benchmark tier"})
    return env["b2b.customer.tier"].create(
        {"name": "Benchmark", "code": "BENCH", "pricelist_id": pricelist.id}
    )


def create_customer(env, with_addon, pricing):
    values = {"name": "Benchmark Wholesale", "is_company": True, "ref": CUSTOMER_REF}
    if with_addon:
        values["b2b_tier_id"] = pricing.id
    else:
        values["property_product_pricelist"] = pricing.id
    return env["res.partner"].create(values)


def product_category(env):
    category = env["product.category"].search([("name", "=", CATEGORY_NAME)])
    return category or env["product.category"].create({"name": CATEGORY_NAME})


def create_products(env, count):
    category = product_category(env)
    env["product.product"].create(
        [
            {
                "name": f"Benchmark product {index:04d}",
                "default_code": f"{PRODUCT_CODE_PREFIX}{index:04d}",
                "type": "consu",
                "is_storable": True,
                "list_price": 10.0 + index % 50,
                "categ_id": category.id,
                "taxes_id": [Command.clear()],
            }
            for index in range(count)
        ]
    )


# --- Timed orders (each in a cursor rolled back afterwards) --------------------


def order_values(data, line_count):
    return {
        "partner_id": data.customer_id,
        "order_line": [
            Command.create({"product_id": product_id, "product_uom_qty": quantity})
            for product_id, quantity in order_lines(data, line_count)
        ],
    }


def order_lines(data, line_count):
    return [(data.product_ids[i], line_quantity(i)) for i in range(line_count)]


def create_and_confirm(env, values):
    order = env["sale.order"].create(values)
    order.action_confirm()
    env.flush_all()
    return order


def run_order(registry, data, line_count, check=None):
    """Time one order; ``check`` looks at the order afterwards, untimed."""
    values = order_values(data, line_count)
    cr = registry.cursor()
    try:
        env = superuser_env(cr)
        order, run = timed(create_and_confirm, env, values)
        if check:
            check(order)
        return run
    finally:
        cr.rollback()
        cr.close()


def check_plain_order(order):
    discounts = [round(line.discount, 2) for line in order.order_line]
    expected = [break_discount(line.product_uom_qty) for line in order.order_line]
    assert order.state == "sale", f"plain order not confirmed: {order.state}"
    assert any(discounts), "plain order: no price-list discount on any line"
    assert discounts == expected, f"plain order: discounts {discounts} != {expected}"


def check_addon_order(order):
    lines = order.order_line
    assert order.state == "sale", f"addon order not confirmed: {order.state}"
    assert lines.b2b_discount_rule_id, "addon order: no rule discount on any line"
    assert set(lines.b2b_discount_rule_id.mapped("basis")) >= {"line_qty"}
    for line in lines:
        # The best rule wins: never less than the line rule's own break.
        assert line.b2b_rule_discount >= break_discount(line.product_uom_qty), (
            f"addon order: {line.b2b_rule_discount} % for {line.product_uom_qty}"
        )


def measure(plain, addon, line_count, repeats):
    """Interleaved runs after one untimed (checked) warm-up of each database."""
    run_order(*plain, line_count, check=check_plain_order)
    run_order(*addon, line_count, check=check_addon_order)
    plain_samples, addon_samples = Samples(), Samples()
    for _repeat in range(repeats):
        plain_samples.add(run_order(*plain, line_count))
        addon_samples.add(run_order(*addon, line_count))
    return plain_samples, addon_samples


def profile_addon_order(addon, line_count, top=15):
    """Print the addon's functions that take the most time in one order."""
    profiler = cProfile.Profile()
    registry, data = addon
    values = order_values(data, line_count)
    cr = registry.cursor()
    try:
        profiler.runcall(create_and_confirm, superuser_env(cr), values)
    finally:
        cr.rollback()
        cr.close()
    print(
        f"\nProfile of one addon order of {line_count} lines, b2b_order_mgmt's "
        "functions only (cumulative times include what they call, e.g. the "
        "create override includes Odoo's create):"
    )
    stats = pstats.Stats(profiler, stream=sys.stdout).sort_stats("cumulative")
    stats.print_stats("b2b_order_mgmt", top)


# --- Report ------------------------------------------------------------------


def result_rows(samples):
    return [
        {"lines": line_count, **compare(plain, addon)}
        for line_count, (plain, addon) in samples.items()
    ]


def print_table(rows):
    header = (
        "lines",
        "plain s",
        "addon s",
        "ratio time",
        "plain queries",
        "addon queries",
        "extra queries",
    )
    cells = [
        (
            f"{row['lines']}",
            f"{row['plain_seconds']:.3f}",
            f"{row['addon_seconds']:.3f}",
            f"{row['time_ratio']:.3f}",
            f"{row['plain_queries']}",
            f"{row['addon_queries']}",
            f"{row['extra_queries']:+d}",
        )
        for row in rows
    ]
    print()
    print_columns(header, cells, 13, "(medians; times in seconds, queries per order)")


def verdicts(rows):
    """Whether the extra queries stay flat, and which sizes miss the time target."""
    by_lines = {row["lines"]: row for row in rows}
    small, large = (by_lines[count] for count in TARGET_LINE_COUNTS)
    return {
        "extra_queries_constant": large["extra_queries"] <= small["extra_queries"],
        "time_ratio_misses": [
            count
            for count in TARGET_LINE_COUNTS
            if by_lines[count]["time_ratio"] > TIME_RATIO_TARGET
        ],
    }


def print_verdicts(rows, verdict):
    small, large = TARGET_LINE_COUNTS
    extra = {row["lines"]: row["extra_queries"] for row in rows}
    if verdict["extra_queries_constant"]:
        print(
            f"OK    extra queries: {extra[large]} at {large} lines, {extra[small]} "
            f"at {small}: the rules are loaded once per order, not per line."
        )
    else:
        print(
            f"FAIL  extra queries grow from {extra[small]} at {small} lines to "
            f"{extra[large]} at {large}: the addon queries per line."
        )
    for row in rows:
        if row["lines"] not in TARGET_LINE_COUNTS:
            continue
        met = row["time_ratio"] <= TIME_RATIO_TARGET
        print(
            f"{'OK  ' if met else 'MISS'}  time ratio at {row['lines']} lines: "
            f"{row['time_ratio']:.3f} (target <= {TIME_RATIO_TARGET:.2f}; "
            f"Python CPU time ratio {row['cpu_time_ratio']:.3f})"
        )
    if verdict["time_ratio_misses"]:
        print(
            "The addon is slower than its target (reported only, not a failure); "
            "B2B_BENCH_PROFILE=1 make bench shows where its time goes."
        )


def main():
    args = parse_args()
    configure_odoo(args)
    start = time.perf_counter()
    plain, addon = open_databases(args)
    samples = measure_sizes(
        LINE_COUNTS, "lines", lambda count: measure(plain, addon, count, REPEATS[count])
    )
    rows = result_rows(samples)
    verdict = verdicts(rows)
    print_table(rows)
    print_verdicts(rows, verdict)
    if args.profile:
        profile_addon_order(addon, max(LINE_COUNTS))
    write_json(
        args.json,
        {
            "databases": {"plain": args.plain_db, "addon": args.addon_db},
            "measured": "sale.order.create with N lines + action_confirm + flush_all",
            "time_ratio_target": TIME_RATIO_TARGET,
            "time_ratio_target_line_counts": list(TARGET_LINE_COUNTS),
            "results": rows,
            **verdict,
        },
        time.perf_counter() - start,
    )
    return 0 if verdict["extra_queries_constant"] else 1


if __name__ == "__main__":
    sys.exit(main())
