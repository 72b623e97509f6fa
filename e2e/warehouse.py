"""The warehouse against the e-mail queue, driven over JSON-RPC on the running
multi-worker server, then checked at the SMTP sink. Runs after journey.py, whose
setup points Odoo at the sink and makes the Gold customer French.

    warehouse.py three-step ...  a B2B order through a pick-pack-ship warehouse,
        shipped in two deliveries (a partial shipment, then its backorder): one
        e-mail per step, in their order, nothing else.
    warehouse.py rush ...        200 orders confirmed at once, then their 200
        deliveries validated in one call while the cron worker renders and mails
        the confirmations: the call succeeds, and each customer reads its
        confirmation, then its shipped e-mail.

Prints a table of the checks and exits non-zero if any failed.
"""

import argparse
import re
import sys
import time
from email.utils import getaddresses

from journey import CUSTOMER_XMLID, SUBJECTS
from odoo_client import CheckFailed, Mailbox, Rpc, RpcError, check, wait_until

PAPER_XMLID = "b2b_order_mgmt.product_copy_paper_demo"
THREE_STEP_CODE = "E2E3"
# The Gold tier orders copy paper by 20 or more, in multiples of 5 (demo rule).
ORDERED_QTY = 20
FIRST_SHIPMENT_QTY = 12
# The shipped e-mail's list of the goods a later delivery brings (fr.po).
TO_FOLLOW = "Reste à venir"
RUSH_LOGIN = "e2e.rush.{index:03d}@customer.example"
PROGRESS_INTERVAL = 15


def subject(key, order_name):
    return SUBJECTS[key].format(order=order_name)


def recipients(message):
    return {addr for _name, addr in getaddresses(message.get_all("To", []))}


def body(message):
    return message.get_body(("html", "plain")).get_content()


def shipment_text(message):
    """The shipped e-mail's text: (what ships now, what is still to follow)."""
    text = re.sub(r"<[^>]+>", " ", body(message)).replace("&nbsp;", " ")
    now, _sep, to_follow = re.sub(r"\s+", " ", text).partition(TO_FOLLOW)
    return now, to_follow


def lists_quantity(text, quantity):
    """Whether ``text`` lists a product with ``quantity`` units ("12 Unité(s)")."""
    return re.search(rf": {quantity} Unit", text) is not None


def about(messages, order_name):
    """The messages whose subject names the order (S00012, not S000123)."""
    word = re.compile(rf"\b{re.escape(order_name)}\b")
    return [m for m in messages if word.search(m["Subject"] or "")]


class Steps:
    """The checks of the run, each timed, printed as a table at the end."""

    def __init__(self):
        self.rows = []

    def run(self, name, action):
        start = time.monotonic()
        try:
            action()
            result = "ok"
        except CheckFailed as error:
            result = f"FAILED: {error}"
        except (RpcError, OSError) as error:  # the server refused or failed
            result = f"FAILED: {type(error).__name__}: {error}"
        self.rows.append((name, result, f"{time.monotonic() - start:.1f} s"))
        return result == "ok"

    def run_all(self, steps):
        for name, action in steps:
            if not self.run(name, action):
                break  # the next steps need this one
        return all(row[1] == "ok" for row in self.rows)

    def print_table(self):
        rows = [("step", "check", "time"), *self.rows]
        widths = [max(len(row[column]) for row in rows) for column in range(3)]
        for row in rows:
            cells = zip(row, widths, strict=True)
            print("  ".join(cell.ljust(width) for cell, width in cells).rstrip())


class Warehouse:
    """What both journeys do in the warehouse, as its staff over the API."""

    def __init__(self, args):
        self.args = args
        self.rpc = Rpc(args.url, args.db, "admin", "admin")
        self.mailbox = Mailbox(args.mail_dir)
        user = self.rpc.read_one("res.users", self.rpc.uid, ["company_id"])
        self.company_id = user["company_id"][0]
        # The demo's e-mails that failed at install (no mail server yet) are
        # not this run's: only the e-mails queued from now on are checked.
        last = self.rpc("mail.mail", "search", [], order="id desc", limit=1)
        self.first_mail_id = (last[0] if last else 0) + 1

    def add_stock(self, product_id, location_id, quantity):
        """An inventory adjustment, as the Physical Inventory screen applies it."""
        context = {"inventory_mode": True}
        quant = self.rpc(
            "stock.quant",
            "create",
            {
                "product_id": product_id,
                "location_id": location_id,
                "inventory_quantity": quantity,
            },
            context=context,
        )
        self.rpc("stock.quant", "action_apply_inventory", [quant], context=context)

    def set_quantities(self, picking_ids, quantity=None):
        """Pick ``quantity`` of each move (all it asks for when None)."""
        moves = self.rpc(
            "stock.move",
            "search_read",
            [("picking_id", "in", picking_ids)],
            ["product_uom_qty"],
        )
        for move in moves:
            self.rpc(
                "stock.move",
                "write",
                [move["id"]],
                {"quantity": quantity or move["product_uom_qty"], "picked": True},
            )

    def validate(self, picking_ids, backorder=False):
        """Validate the transfers as the Validate button does, creating the
        backorder of what is left when Odoo asks (``backorder``)."""
        result = self.rpc("stock.picking", "button_validate", picking_ids)
        wizard = isinstance(result, dict) and result.get("res_model")
        if wizard == "stock.backorder.confirmation" and backorder:
            context = result["context"]
            wizard_id = self.rpc(wizard, "create", {}, context=context)
            self.rpc(wizard, "process", [wizard_id], context=context)
        elif wizard:
            raise CheckFailed(f"validating asked for {wizard}")
        states = self.rpc("stock.picking", "read", picking_ids, ["state"])
        not_done = [p for p in states if p["state"] != "done"]
        check(not not_done, f"{len(not_done)} transfers not validated: {not_done[:3]}")

    def customer_deliveries(self, order_ids):
        return self.rpc(
            "stock.picking",
            "search",
            [("sale_id", "in", order_ids), ("b2b_is_customer_delivery", "=", True)],
            order="id",
        )

    def check_stage(self, picking_id, stage):
        found = self.rpc.read_one("stock.picking", picking_id, ["b2b_delivery_stage"])
        check(
            found["b2b_delivery_stage"] == stage,
            f"delivery stage {found['b2b_delivery_stage']}, not {stage}",
        )

    def check_order_state(self, order_id, state):
        found = self.rpc.read_one("sale.order", order_id, ["b2b_state"])
        check(
            found["b2b_state"] == state,
            f"order status {found['b2b_state']}, not {state}",
        )

    def queue_settled(self):
        """Nothing left to post or to send: every e-mail has reached the sink."""
        pending = self.rpc("b2b.customer.email", "search_count", [])
        outgoing = self.rpc("mail.mail", "search_count", [("state", "=", "outgoing")])
        return pending == 0 and outgoing == 0

    def queue_sizes(self):
        pending = self.rpc("b2b.customer.email", "search_count", [])
        outgoing = self.rpc("mail.mail", "search_count", [("state", "=", "outgoing")])
        return f"{pending} customer e-mails to post, {outgoing} e-mails to send"

    def check_no_failure(self):
        failed = self.rpc(
            "b2b.customer.email",
            "search_read",
            [("state", "=", "failed")],
            ["order_id", "last_error"],
        )
        check(not failed, f"{len(failed)} failed customer e-mails: {failed[:3]}")
        exceptions = self.rpc(
            "mail.mail",
            "search_read",
            [("state", "=", "exception"), ("id", ">=", self.first_mail_id)],
            ["subject", "failure_reason"],
        )
        check(
            not exceptions, f"{len(exceptions)} e-mails in exception: {exceptions[:3]}"
        )


class ThreeStep(Warehouse):
    """A Gold customer's order through a second warehouse of the company, in
    three steps, shipped 12 now and 8 later."""

    def run(self, steps):
        return steps.run_all(
            [
                ("three-step warehouse with stock", self.setup),
                ("confirm (e-mail with the letter)", self.confirm),
                ("pick (no e-mail)", self.pick),
                ("pack (e-mail: packed)", self.pack),
                ("ship 12 of 20, backorder (e-mail: shipped, 8 to follow)", self.ship),
                ("ship the backorder (e-mail: shipped)", self.ship_backorder),
                ("one e-mail per step, in order, nothing else", self.check_emails),
            ]
        )

    def setup(self):
        rpc = self.rpc
        # Created in one step, then switched, as an administrator would.
        self.warehouse_id = rpc(
            "stock.warehouse",
            "create",
            {
                "name": "e2e Three-step Warehouse",
                "code": THREE_STEP_CODE,
                "company_id": self.company_id,
            },
        )
        rpc(
            "stock.warehouse",
            "write",
            [self.warehouse_id],
            {"delivery_steps": "pick_pack_ship"},
        )
        warehouse = rpc.read_one(
            "stock.warehouse",
            self.warehouse_id,
            ["delivery_steps", "lot_stock_id", "pick_type_id", "pack_type_id"],
        )
        check(
            warehouse["delivery_steps"] == "pick_pack_ship",
            f"delivery steps {warehouse['delivery_steps']}",
        )
        self.types = {
            "pick": warehouse["pick_type_id"][0],
            "pack": warehouse["pack_type_id"][0],
        }
        self.paper = rpc.ref(PAPER_XMLID)
        self.add_stock(self.paper, warehouse["lot_stock_id"][0], ORDERED_QTY)
        self.customer_id = rpc.ref(CUSTOMER_XMLID)
        self.email = rpc.read_one("res.partner", self.customer_id, ["email"])["email"]

    def confirm(self):
        rpc = self.rpc
        self.order_id = rpc(
            "sale.order",
            "create",
            {
                "partner_id": self.customer_id,
                "warehouse_id": self.warehouse_id,
                "client_order_ref": "E2E-PO-3STEP",
                "order_line": [
                    (0, 0, {"product_id": self.paper, "product_uom_qty": ORDERED_QTY})
                ],
            },
        )
        rpc("sale.order", "action_confirm", [self.order_id])
        order = rpc.read_one("sale.order", self.order_id, ["name", "warehouse_id"])
        self.name = order["name"]
        check(
            order["warehouse_id"][0] == self.warehouse_id,
            f"the order ships from {order['warehouse_id']}",
        )
        self.check_order_state(self.order_id, "confirmed")
        self.wait_for("confirm", 1)

    def transfer(self, kind):
        found = self.rpc(
            "stock.picking",
            "search",
            [
                ("sale_id", "=", self.order_id),
                ("picking_type_id", "=", self.types[kind]),
            ],
        )
        check(len(found) == 1, f"{len(found)} {kind} transfers")
        return found

    def pick(self):
        pick = self.transfer("pick")
        self.set_quantities(pick)
        self.validate(pick)
        # The goods are still in the warehouse: the customer hears nothing yet.
        self.check_order_state(self.order_id, "confirmed")

    def pack(self):
        pack = self.transfer("pack")
        self.set_quantities(pack)
        self.validate(pack)
        deliveries = self.customer_deliveries([self.order_id])
        check(len(deliveries) == 1, f"{len(deliveries)} customer deliveries")
        self.delivery_id = deliveries[0]
        self.check_stage(self.delivery_id, "packed")
        self.check_order_state(self.order_id, "packing")
        self.wait_for("pack", 1)

    def ship(self):
        self.set_quantities([self.delivery_id], FIRST_SHIPMENT_QTY)
        self.validate([self.delivery_id], backorder=True)
        self.check_stage(self.delivery_id, "shipped")
        backorders = self.rpc(
            "stock.picking", "search", [("backorder_id", "=", self.delivery_id)]
        )
        check(len(backorders) == 1, f"{len(backorders)} backorders")
        self.backorder_id = backorders[0]
        left = self.rpc(
            "stock.move",
            "search_read",
            [("picking_id", "=", self.backorder_id)],
            ["product_uom_qty"],
        )
        check(
            [m["product_uom_qty"] for m in left] == [ORDERED_QTY - FIRST_SHIPMENT_QTY],
            f"the backorder carries {left}",
        )
        self.check_order_state(self.order_id, "partially_shipped")
        # Its goods went through the pack operation too.
        self.check_stage(self.backorder_id, "packed")
        now, to_follow = shipment_text(self.wait_for("ship", 1)[0])
        left = ORDERED_QTY - FIRST_SHIPMENT_QTY
        check(
            lists_quantity(now, FIRST_SHIPMENT_QTY) and lists_quantity(to_follow, left),
            f"the shipped e-mail does not list {FIRST_SHIPMENT_QTY} shipped and "
            f"{left} to follow: {now[-300:]} | {to_follow[:300]}",
        )

    def ship_backorder(self):
        self.set_quantities([self.backorder_id])
        self.validate([self.backorder_id])
        self.check_stage(self.backorder_id, "shipped")
        self.check_order_state(self.order_id, "shipped")
        now, to_follow = shipment_text(self.wait_for("ship", 2)[-1])
        left = ORDERED_QTY - FIRST_SHIPMENT_QTY
        check(
            lists_quantity(now, left) and not to_follow,
            f"the backorder's shipped e-mail: {now[-300:]} | to follow: {to_follow}",
        )

    def wait_for(self, key, count):
        """The order's e-mails of ``key``, once ``count`` of them arrived."""
        wanted = subject(key, self.name)

        def arrived():
            found = [m for m in self.mailbox.to(self.email) if m["Subject"] == wanted]
            return len(found) >= count and found

        return wait_until(arrived, self.args.mail_timeout, f"{count} x '{wanted}'")

    def check_emails(self):
        wait_until(self.queue_settled, self.args.mail_timeout, "the mail queue")
        # The customer's: Odoo's notes to the salesperson are not checked here.
        messages = about(self.mailbox.to(self.email), self.name)
        expected = [subject(key, self.name) for key in ("confirm", "pack", "ship")]
        expected.append(expected[-1])
        received = [m["Subject"] for m in messages]
        check(received == expected, f"{self.name}: the e-mails arrived as {received}")
        to = [sorted(recipients(m)) for m in messages]
        check(all(r == [self.email] for r in to), f"{self.name}: sent to {to}")
        self.check_no_failure()


class Rush(Warehouse):
    """Many orders confirmed, then all their deliveries validated at once."""

    def run(self, steps):
        return steps.run_all(
            [
                (f"{self.args.orders} customers and a product in stock", self.setup),
                (f"create and confirm {self.args.orders} orders", self.confirm),
                ("validate their deliveries in one call", self.validate_all),
                ("each customer: confirmation, then shipped", self.wait_emails),
                ("no failed e-mail", self.check_no_failure),
            ]
        )

    def setup(self):
        rpc = self.rpc
        count = self.args.orders
        self.product = rpc(
            "product.product",
            "create",
            {"name": "e2e Rush Item", "is_storable": True, "list_price": 10.0},
        )
        warehouse = rpc(
            "stock.warehouse",
            "search_read",
            [("company_id", "=", self.company_id)],
            ["lot_stock_id"],
            order="id",
            limit=1,
        )[0]
        self.add_stock(self.product, warehouse["lot_stock_id"][0], count)
        silver = rpc.ref("b2b_order_mgmt.tier_silver_demo")
        self.emails = [RUSH_LOGIN.format(index=index) for index in range(count)]
        # One batch, as an import would.
        companies = rpc(
            "res.partner",
            "create",
            [
                {
                    "name": f"e2e Rush Customer {index:03d}",
                    "is_company": True,
                    "b2b_tier_id": silver,
                    "lang": "fr_FR",
                    "child_ids": [
                        (0, 0, {"name": f"Buyer {index:03d}", "email": email})
                    ],
                }
                for index, email in enumerate(self.emails)
            ],
        )
        self.contacts = [
            partner["child_ids"][0]
            for partner in rpc("res.partner", "read", companies, ["child_ids"])
        ]
        contacts = rpc("res.partner", "read", self.contacts, ["lang", "email"])
        check(
            all(c["lang"] == "fr_FR" for c in contacts),
            "the contacts are not French",
        )

    def confirm(self):
        rpc = self.rpc
        line = {"product_id": self.product, "product_uom_qty": 1}
        start = time.monotonic()
        self.orders = rpc(
            "sale.order",
            "create",
            [
                {"partner_id": contact, "order_line": [(0, 0, line)]}
                for contact in self.contacts
            ],
        )
        created = time.monotonic()
        rpc("sale.order", "action_confirm", self.orders)
        self.confirmed_at = time.monotonic()
        print(
            f"rush: {len(self.orders)} orders created in {created - start:.1f} s, "
            f"confirmed in {self.confirmed_at - created:.1f} s",
            file=sys.stderr,
        )
        self.names = {
            order["id"]: order["name"]
            for order in rpc("sale.order", "read", self.orders, ["name"])
        }

    def validate_all(self):
        """At once, while the cron worker renders the letters: one click on
        all the deliveries, as a list view's Validate does."""
        rpc = self.rpc
        deliveries = self.customer_deliveries(self.orders)
        check(
            len(deliveries) == len(self.orders),
            f"{len(deliveries)} deliveries for {len(self.orders)} orders",
        )
        pending = rpc("b2b.customer.email", "search_count", [])
        moves = rpc(
            "stock.move",
            "search_read",
            [("picking_id", "in", deliveries)],
            ["quantity", "product_uom_qty"],
        )
        short = [m["id"] for m in moves if m["quantity"] < m["product_uom_qty"]]
        if short:  # not reserved: pick them by hand
            rpc("stock.move", "write", short, {"quantity": 1, "picked": True})
        start = time.monotonic()
        self.validate(deliveries)
        print(
            f"rush: {len(deliveries)} deliveries validated in one call in "
            f"{time.monotonic() - start:.1f} s, with {pending} customer e-mails "
            f"still to post when it started, {len(short)} moves not reserved",
            file=sys.stderr,
        )

    def arrivals(self):
        """Per order, the subjects of its customer's e-mails, as they arrived."""
        by_name = {name: [] for name in self.names.values()}
        by_email = dict(zip(self.names.values(), self.emails, strict=True))
        pattern = re.compile(r"\bS[0-9]{5,}\b")
        for message in self.mailbox.messages():
            for name in pattern.findall(message["Subject"] or ""):
                if name in by_name:
                    by_name[name].append((message["Subject"], recipients(message)))
        return by_name, by_email

    def progress(self):
        by_name, _by_email = self.arrivals()
        confirmed = sum(
            any(s == subject("confirm", n) for s, _to in got)
            for n, got in by_name.items()
        )
        shipped = sum(
            any(s == subject("ship", n) for s, _to in got) for n, got in by_name.items()
        )
        return confirmed, shipped

    def wait_emails(self):
        deadline = time.monotonic() + self.args.rush_timeout
        count = len(self.orders)
        last_print = 0.0
        while True:
            confirmed, shipped = self.progress()
            now = time.monotonic()
            done = confirmed == count and shipped == count and self.queue_settled()
            if done or now > deadline or now - last_print >= PROGRESS_INTERVAL:
                last_print = now
                print(
                    f"rush: {now - self.confirmed_at:5.0f} s after confirming: "
                    f"{confirmed}/{count} confirmations, {shipped}/{count} shipped "
                    f"e-mails at the SMTP server; {self.queue_sizes()}",
                    file=sys.stderr,
                )
            if done:
                break
            check(
                now <= deadline,
                f"after {self.args.rush_timeout} s, {confirmed}/{count} "
                f"confirmations and {shipped}/{count} shipped e-mails; "
                f"{self.queue_sizes()}",
            )
            time.sleep(2)
        elapsed = time.monotonic() - self.confirmed_at
        print(
            f"rush: all {2 * count} e-mails in {elapsed:.0f} s "
            f"({count / elapsed:.2f} orders/s)",
            file=sys.stderr,
        )
        self.check_order_of_emails()

    def check_order_of_emails(self):
        by_name, by_email = self.arrivals()
        wrong = []
        for name, got in by_name.items():
            expected = [
                (subject("confirm", name), {by_email[name]}),
                (subject("ship", name), {by_email[name]}),
            ]
            if got != expected:
                wrong.append(f"{name}: {got}")
        check(not wrong, f"{len(wrong)} orders mailed wrong: {wrong[:3]}")


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("journey", choices=("three-step", "rush"))
    parser.add_argument("--url", required=True)
    parser.add_argument("--db", required=True)
    parser.add_argument("--mail-dir", required=True)
    parser.add_argument("--mail-timeout", type=float, default=120)
    parser.add_argument("--orders", type=int, default=200)
    # 200 confirmations, each rendering its letter in the cron worker.
    parser.add_argument("--rush-timeout", type=float, default=480)
    args = parser.parse_args()
    steps = Steps()
    try:
        journey = ThreeStep(args) if args.journey == "three-step" else Rush(args)
        ok = journey.run(steps)
    except (CheckFailed, RpcError, OSError) as error:  # before the first step
        steps.rows.append(("setup", f"FAILED: {error}", "-"))
        ok = False
    steps.print_table()
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
