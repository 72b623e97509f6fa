# Copyright 2026 b2b_order_mgmt contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""What the bulk-discount rules cost a sales rep editing a saved quotation.

In the two databases of scripts/bench.sh (the customer, products and quantity
breaks of bench_order_pricing.py: a price list in the plain database, the
addon's rules in the other), a quotation of 50 and of 200 lines is created and
saved, then the sales order form's onchange calls are made as the Odoo 18 web
client makes them:

- edit: the quantity of one line is changed in the editable list of lines:
  ``sale.order.line.onchange`` on that line (``product_uom_qty``), then
  ``sale.order.onchange`` on ``order_line`` with the line's changes;
- add: *Add a product*, a product, then a quantity: the new line's default
  onchange, ``sale.order.line.onchange`` on ``product_id`` then
  ``sale.order.onchange`` on ``order_line``, the same for ``product_uom_qty``.

The table shows the last ``sale.order.onchange`` call of each (the one the
issue measured) and the whole of the user's action (every call). Each call
runs on an empty record cache (the web client's calls are separate requests).
Plain and addon runs alternate; medians; everything is rolled back.

The fields spec is the form view's, as the web client builds it: the form is
processed by Odoo's own ``odoo.tests.Form`` (``get_views`` and
``Form._process_view``, which give the spec Odoo's tests send), then the two
rules of the web client's ``getFieldsSpec`` (web/static/src/model/
relational_model/utils.js) that Form leaves out are applied: the fields of the
lines' inline form view are added to those of their editable list (in
``extractFieldsFromArchInfo``), and a visible many2one asks for its
``display_name``. Values and commands are those the web client's
``Record._getOnchangeValues`` and ``StaticList._getCommands`` send
(record.js, static_list.js). The fields that JavaScript widgets add on their
own (``fieldDependencies``) are not in the spec, and the product is set on
``product_id`` (the variant the product widget ends up setting).

Queries are the fewest of the repeats: Odoo sometimes computes the lines'
stock quantities twice in one onchange, as its recomputations happen to come
(with or without the addon). Each call also starts with an empty ``cr.cache``,
as a new request's cursor does.

Exits non-zero when the addon's extra queries (addon minus plain) are more at
200 lines than at 50: that would be a cost per line (one or two fewer at 200
lines, as the reads happen to batch, is none). Time ratios above the target
are reported, not failed (timings vary with the machine's load).
"""

import copy
import cProfile
import logging
import pstats
import sys
import time
from dataclasses import dataclass, field

from bench_common import (
    Run,
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
from bench_order_pricing import (
    QUANTITY_BREAKS,
    break_discount,
    line_quantity,
    open_databases,
)

import odoo
from odoo import Command

LINE_COUNTS = (50, 200)
REPEATS = 7
TIME_RATIO_TARGET = 1.2
TARGET_LINE_COUNT = 200
SCENARIOS = ("edit", "add")
# The edited line's new quantity (the price list's highest break, on a line
# below the lowest) and the new line's quantity: both change the line's
# discount, neither the order's mix or amount breaks.
EDIT_QUANTITY = QUANTITY_BREAKS[-1][0]
NEW_LINE_QUANTITY = QUANTITY_BREAKS[1][0]


@dataclass
class Call:
    """One RPC call the web client makes."""

    model: str
    field_names: list
    run: Run


@dataclass
class Action:
    """A user's action: the calls it makes, and the lines as the client ends
    with them (for the checks)."""

    calls: list = field(default_factory=list)
    lines: dict = field(default_factory=dict)
    key: object = None  # the edited or added line's key in ``lines``

    @property
    def order_call(self):
        """The last sale.order.onchange of the action."""
        return [call for call in self.calls if call.model == "sale.order"][-1]

    @property
    def total(self):
        return Run(
            seconds=sum(call.run.seconds for call in self.calls),
            cpu_seconds=sum(call.run.cpu_seconds for call in self.calls),
            queries=sum(call.run.queries for call in self.calls),
        )


def parse_args():
    parser = argument_parser(__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=REPEATS)
    parser.add_argument(
        "--profile",
        action="store_true",
        help="also profile the addon's order onchange of an edit at 200 lines",
    )
    return parser.parse_args()


# --- The sales rep's environment and the form's fields spec ------------------------


def user_env(cr):
    """The administrator as a web request has them: a real user (access rights
    and record rules apply), in their own context."""
    env = superuser_env(cr)
    user = env.ref("base.user_admin")
    context = {
        **user.context_get(),
        "allowed_company_ids": [user.company_id.id],
    }
    return odoo.api.Environment(cr, user.id, context)


def odoo_tests_form():
    """odoo.tests.Form, imported outside a test run on purpose: its import
    logs an error meant for business modules."""
    test_logger = logging.getLogger("odoo.tests.common")
    level = test_logger.level
    test_logger.setLevel(logging.CRITICAL)
    try:
        from odoo.tests.form import Form  # pylint: disable=import-outside-toplevel
    finally:
        test_logger.setLevel(level)
    return Form


def form_fields_spec(order):
    """{model: fields spec} for the order and its lines, from the real form
    view, as the web client sends it (see the module's docstring)."""
    form = odoo_tests_form()(order)
    view = form._view
    spec = copy.deepcopy(view["fields_spec"])
    with_display_name(spec, view)
    lines_info = view["fields"]["order_line"]
    lines_view = lines_info["edition_view"]
    lines_spec = spec["order_line"]["fields"]
    # The lines' inline form view: its fields are sent too, invisible.
    order_line_node = view["tree"].xpath("//field[@name='order_line']")[0]
    line_form = form._process_view(
        order_line_node.find("form"), order.env["sale.order.line"], level=1
    )
    for fname, field_spec in line_form["fields_spec"].items():
        if fname not in lines_spec:
            field_spec = copy.deepcopy(field_spec)
            if line_form["fields"][fname]["type"] in ("many2one", "reference"):
                field_spec["fields"] = {}  # always invisible: no display_name
            lines_spec[fname] = field_spec
    list_node = order_line_node.find("list")
    spec["order_line"]["limit"] = int(list_node.get("limit", 40))
    spec["order_line"].setdefault("context", {})
    return {
        "sale.order": spec,
        "sale.order.line": lines_spec,
        "line_field_onchange": lines_view["onchange"],
    }


def with_display_name(spec, view):
    """A many2one that is not always invisible asks for its display_name."""
    for fname, field_spec in spec.items():
        info = view["fields"].get(fname) or {}
        ftype = info.get("type")
        if ftype in ("many2one", "reference"):
            modifiers = view["modifiers"].get(fname, {})
            invisible = {modifiers.get("invisible"), modifiers.get("column_invisible")}
            field_spec["fields"] = {} if "True" in invisible else {"display_name": {}}
        elif ftype == "one2many" and "edition_view" in info and "fields" in field_spec:
            with_display_name(field_spec["fields"], info["edition_view"])


# --- The web client's side: values and commands ---------------------------------


class ClientForm:
    """What the web client holds of the quotation being edited: the changes
    of each line, in the list's order, as ``_getChanges`` sends them."""

    def __init__(self, env, order, specs):
        self.env = env
        self.order_id = order.id
        self.specs = specs
        self.line_changes = {line.id: {} for line in order.order_line}
        self.created = set()
        self.last_sequence = max(order.order_line.mapped("sequence"), default=10)

    def order_changes(self):
        commands = []
        for key, changes in self.line_changes.items():
            if key in self.created:
                commands.append((Command.CREATE, key, dict(changes)))
            elif changes:
                commands.append((Command.UPDATE, key, dict(changes)))
        return {"order_line": commands} if commands or self.created else {}

    def parent_values(self):
        """The line's ``order_id`` value: the order's changes and its id."""
        return {**self.order_changes(), "id": self.order_id}

    def apply_line_result(self, key, values):
        self.line_changes[key].update(
            client_values(self.env["sale.order.line"], values)
        )

    def apply_order_result(self, values):
        for command in values.get("order_line", ()):
            if command[0] == Command.UPDATE:
                self.apply_line_result(command[1], command[2])
            elif command[0] == Command.CREATE:
                self.line_changes[command[1]] = client_values(
                    self.env["sale.order.line"], command[2]
                )
                self.created.add(command[1])
            elif command[0] in (Command.DELETE, Command.UNLINK):
                self.line_changes.pop(command[1], None)


def client_values(model, values):
    """Values of an onchange result, as the client sends them back."""
    result = {}
    for fname, value in values.items():
        ftype = model._fields[fname].type
        if ftype in ("many2one", "reference") and isinstance(value, dict):
            value = value.get("id") or False
        elif ftype in ("one2many", "many2many"):
            value = client_commands(model.env[model._fields[fname].comodel_name], value)
        result[fname] = value
    return result


def client_commands(comodel, commands):
    result = []
    for command in commands or ():
        if command[0] == Command.LINK:
            result.append((Command.LINK, command[1]))
        elif command[0] in (Command.CREATE, Command.UPDATE):
            result.append((command[0], command[1], client_values(comodel, command[2])))
        else:
            result.append(tuple(command))
    return result


# --- Timed calls -------------------------------------------------------------------


def timed_onchange(env, action, records, values, field_names, spec, context=None):
    """One onchange call as a separate request: on an empty record cache and
    a cursor cache of its own (``cr.cache``, which a new request's cursor
    starts without)."""
    env.flush_all()
    env.clear()
    env.cr.cache.clear()
    if context:
        records = records.with_context(**context)
    result, run = timed(records.onchange, values, field_names, spec)
    action.calls.append(Call(records._name, list(field_names), run))
    return result


def field_context(specs, fname):
    return specs["sale.order.line"].get(fname, {}).get("context") or {}


def edit_line_quantity(env, order, specs, index):
    """The sales rep types a new quantity on the line at ``index``."""
    client = ClientForm(env, order, specs)
    action = Action()
    line = order.order_line[index]
    changes = {"product_uom_qty": EDIT_QUANTITY}
    update_line(env, action, client, line.id, changes, specs)
    action.lines = client.line_changes
    action.key = line.id
    return action


def edited_line_index(line_count):
    """The middle line of the order, or the next one below every break."""
    return next(
        index
        for index in range(line_count // 2, line_count)
        if line_quantity(index) < QUANTITY_BREAKS[0][0]
    )


def add_line(env, order, specs, product_id):
    """*Add a product*, choose the product, type the quantity."""
    client = ClientForm(env, order, specs)
    action = Action()
    Line = env["sale.order.line"]
    defaults = timed_onchange(
        env,
        action,
        Line,
        {"order_id": client.parent_values()},
        [],
        specs["sale.order.line"],
    )
    key = "virtual_1"
    client.line_changes[key] = client_values(Line, defaults.get("value", {}))
    client.line_changes[key]["sequence"] = client.last_sequence + 1
    client.created.add(key)
    update_line(env, action, client, key, {"product_id": product_id}, specs)
    update_line(env, action, client, key, {"product_uom_qty": NEW_LINE_QUANTITY}, specs)
    action.lines = client.line_changes
    action.key = key
    return action


def update_line(env, action, client, key, changes, specs):
    """A field of a line changes: the line's onchange, then the order's
    (record.js ``_update``; the order's with the line valid only)."""
    Line = env["sale.order.line"]
    line = Line if key in client.created else Line.browse(key)
    (fname,) = changes
    values = {**client.line_changes[key], **changes, "order_id": client.parent_values()}
    if specs["line_field_onchange"].get(fname):
        result = timed_onchange(
            env,
            action,
            line,
            values,
            [fname],
            specs["sale.order.line"],
            field_context(specs, fname),
        )
        client.line_changes[key].update(changes)
        client.apply_line_result(key, result.get("value", {}))
    else:
        client.line_changes[key].update(changes)
    result = timed_onchange(
        env,
        action,
        env["sale.order"].browse(client.order_id),
        client.order_changes(),
        ["order_line"],
        specs["sale.order"],
    )
    client.apply_order_result(result.get("value", {}))


# --- Runs (each in a cursor rolled back afterwards) -----------------------------------


def saved_quotation(env, data, line_count):
    order = env["sale.order"].create(
        {
            "partner_id": data.customer_id,
            "order_line": [
                Command.create(
                    {
                        "product_id": data.product_ids[i],
                        "product_uom_qty": line_quantity(i),
                    }
                )
                for i in range(line_count)
            ],
        }
    )
    env.flush_all()
    env.clear()
    return order


def run_scenario(registry, data, specs, line_count, scenario, check=None):
    cr = registry.cursor()
    try:
        env = user_env(cr)
        order = saved_quotation(env, data, line_count)
        specs = specs or form_fields_spec(order)
        if scenario == "edit":
            action = edit_line_quantity(
                env, order, specs, edited_line_index(line_count)
            )
        else:
            action = add_line(env, order, specs, data.product_ids[line_count])
        if check:
            check(action)
        return action, specs
    finally:
        cr.rollback()
        cr.close()


def final_discount(action):
    return action.lines[action.key].get("discount", 0.0)


def final_quantity(action):
    return action.lines[action.key]["product_uom_qty"]


def check_plain(action):
    expected = break_discount(final_quantity(action))
    assert round(final_discount(action), 2) == expected, (
        f"plain: discount {final_discount(action)} != {expected}"
    )


def check_addon(action):
    # The best rule wins: never less than the line rule's own break.
    expected = break_discount(final_quantity(action))
    assert final_discount(action) >= expected, (
        f"addon: discount {final_discount(action)} for {final_quantity(action)}"
    )


def measure(plain, addon, line_count, repeats):
    """Interleaved runs after one untimed (checked) warm-up of each database."""
    samples = {}
    for scenario in SCENARIOS:
        plain_specs = run_scenario(*plain, None, line_count, scenario, check_plain)[1]
        addon_specs = run_scenario(*addon, None, line_count, scenario, check_addon)[1]
        order_samples = (Samples(), Samples())
        total_samples = (Samples(), Samples())
        for _repeat in range(repeats):
            for side, (registry, data), specs in (
                (0, plain, plain_specs),
                (1, addon, addon_specs),
            ):
                action, _specs = run_scenario(
                    registry, data, specs, line_count, scenario
                )
                order_samples[side].add(action.order_call.run)
                total_samples[side].add(action.total)
        samples[scenario] = {"order_call": order_samples, "action": total_samples}
    return samples


def profile_addon_edit(addon, line_count, top=25):
    """Print what the addon's order onchange of an edit spends its time on."""
    registry, data = addon
    specs = run_scenario(registry, data, None, line_count, "edit")[1]
    cr = registry.cursor()
    profiler = cProfile.Profile()
    try:
        env = user_env(cr)
        order = saved_quotation(env, data, line_count)
        client = ClientForm(env, order, specs)
        line = order.order_line[edited_line_index(line_count)]
        values = {"product_uom_qty": EDIT_QUANTITY, "order_id": client.parent_values()}
        result = line.onchange(values, ["product_uom_qty"], specs["sale.order.line"])
        client.line_changes[line.id].update(product_uom_qty=EDIT_QUANTITY)
        client.apply_line_result(line.id, result.get("value", {}))
        env.flush_all()
        env.clear()
        profiler.runcall(
            order.onchange, client.order_changes(), ["order_line"], specs["sale.order"]
        )
    finally:
        cr.rollback()
        cr.close()
    print(f"\nProfile of the addon's order onchange of an edit at {line_count} lines:")
    stats = pstats.Stats(profiler, stream=sys.stdout).sort_stats("cumulative")
    stats.print_stats(top)


# --- Report ----------------------------------------------------------------------


def result_rows(samples):
    rows = []
    for line_count, by_scenario in samples.items():
        for scenario, by_measure in by_scenario.items():
            for measured, (plain, addon) in by_measure.items():
                rows.append(
                    {
                        "lines": line_count,
                        "scenario": scenario,
                        "measured": measured,
                        **compare(plain, addon),
                        "plain_cpu_seconds": plain.median_cpu_seconds,
                        "addon_cpu_seconds": addon.median_cpu_seconds,
                        # The fewest: Odoo sometimes computes the stock
                        # quantities of the lines twice in one onchange, as
                        # its recomputations happen to come (with or
                        # without the addon).
                        "plain_queries": min(plain.queries),
                        "addon_queries": min(addon.queries),
                        "extra_queries": min(addon.queries) - min(plain.queries),
                        "plain_median_queries": plain.median_queries,
                        "addon_median_queries": addon.median_queries,
                    }
                )
    return rows


def print_table(rows, measured, title):
    print(f"\n{title}")
    header = ("lines",)
    for scenario in SCENARIOS:
        header += (
            f"plain {scenario} s",
            "queries",
            f"addon {scenario} s",
            "queries",
            "ratio",
        )
    by_key = {(row["lines"], row["scenario"], row["measured"]): row for row in rows}
    table = []
    for line_count in LINE_COUNTS:
        cells = (f"{line_count}",)
        for scenario in SCENARIOS:
            row = by_key[line_count, scenario, measured]
            cells += (
                f"{row['plain_seconds']:.3f}",
                f"{row['plain_queries']}",
                f"{row['addon_seconds']:.3f}",
                f"{row['addon_queries']}",
                f"{row['time_ratio']:.3f}",
            )
        table.append(cells)
    print_columns(
        header, table, 13, "(median wall seconds, fewest SQL queries of the repeats)"
    )


def verdicts(rows):
    by_key = {(row["lines"], row["scenario"], row["measured"]): row for row in rows}
    small, large = LINE_COUNTS
    extra = {}
    misses = []
    for scenario in SCENARIOS:
        for measured in ("order_call", "action"):
            extra[f"{scenario}/{measured}"] = [
                by_key[count, scenario, measured]["extra_queries"]
                for count in LINE_COUNTS
            ]
            row = by_key[TARGET_LINE_COUNT, scenario, measured]
            if row["time_ratio"] > TIME_RATIO_TARGET:
                misses.append(f"{scenario}/{measured}")
    return {
        "extra_queries": extra,
        "extra_queries_constant": all(
            counts[-1] <= counts[0] for counts in extra.values()
        ),
        "time_ratio_misses": misses,
        "line_counts": [small, large],
    }


def print_verdicts(rows, verdict):
    small, large = LINE_COUNTS
    for name, (at_small, at_large) in verdict["extra_queries"].items():
        status = "OK  " if at_large <= at_small else "FAIL"
        print(
            f"{status}  extra queries of {name}: {at_small:+d} at {small} lines, "
            f"{at_large:+d} at {large}"
        )
    for row in rows:
        if row["lines"] != TARGET_LINE_COUNT:
            continue
        met = row["time_ratio"] <= TIME_RATIO_TARGET
        print(
            f"{'OK  ' if met else 'MISS'}  time ratio of {row['scenario']}/"
            f"{row['measured']} at {row['lines']} lines: {row['time_ratio']:.3f} "
            f"(target <= {TIME_RATIO_TARGET:.2f}; Python CPU time ratio "
            f"{row['cpu_time_ratio']:.3f})"
        )
    if verdict["time_ratio_misses"]:
        print(
            "The addon is slower than its target (reported only, not a failure); "
            "--profile shows where its time goes."
        )


def main():
    args = parse_args()
    configure_odoo(args)
    start = time.perf_counter()
    plain, addon = open_databases(args)
    samples = measure_sizes(
        LINE_COUNTS, "lines", lambda count: measure(plain, addon, count, args.repeats)
    )
    rows = result_rows(samples)
    verdict = verdicts(rows)
    print_table(rows, "order_call", "The form's sale.order.onchange call:")
    print_table(rows, "action", "The whole action (the line's and the order's calls):")
    print_verdicts(rows, verdict)
    if args.profile:
        profile_addon_edit(addon, TARGET_LINE_COUNT)
    write_json(
        args.json,
        {
            "databases": {"plain": args.plain_db, "addon": args.addon_db},
            "measured": {
                "order_call": "the last sale.order.onchange(values, ['order_line'], "
                "spec) of the action",
                "action": "every onchange call of the action (line and order)",
                "edit": "a saved quotation's line quantity changed in the form",
                "add": "a new line added to a saved quotation: product, then quantity",
            },
            "time_ratio_target": TIME_RATIO_TARGET,
            "time_ratio_target_line_count": TARGET_LINE_COUNT,
            "results": rows,
            **verdict,
        },
        time.perf_counter() - start,
    )
    return 0 if verdict["extra_queries_constant"] else 1


if __name__ == "__main__":
    sys.exit(main())
