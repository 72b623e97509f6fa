"""A bounded portal load check on the running server (loopback only).

Creates N portal customers, each with a delivered order, through the API;
then N concurrent sessions list and open their orders and returns and submit
return requests for a fixed time. Every response is checked: no 5xx, nothing
of another customer in a page, another customer's order and request refused.
Prints requests, errors and latency percentiles; exits non-zero on any error.
"""

import argparse
import random
import re
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor

from odoo_client import CheckFailed, Portal, Rpc, check, percentile

ORDER_NAME = re.compile(r"\bS[0-9]{5}\b")
RETURN_NAME = re.compile(r"\bRET/[0-9]{4}/[0-9]{5}\b")
LOGIN = "e2e.load.{index:02d}@customer.example"
# Copy paper ships by 5 (the demo's quantity rule for tiers other than Gold).
ORDERED_QTY = 5


class Customer:
    """One portal customer of the load: its user, order and requests."""

    def __init__(self, index):
        self.index = index
        self.login = LOGIN.format(index=index)
        self.order_id = self.order_name = self.line_id = None
        self.return_ids = []
        self.return_names = set()


def create_customers(rpc, count):
    """The customers, their portal users and delivered orders, each kind in one
    batch call (as an import would)."""
    customers = [Customer(index) for index in range(count)]
    silver = rpc.ref("b2b_order_mgmt.tier_silver_demo")
    companies = rpc(
        "res.partner",
        "create",
        [
            {
                "name": f"e2e Load Customer {c.index:02d}",
                "is_company": True,
                "b2b_tier_id": silver,
                "child_ids": [
                    (0, 0, {"name": f"Buyer {c.index:02d}", "email": c.login})
                ],
            }
            for c in customers
        ],
    )
    contacts = [
        partner["child_ids"][0]
        for partner in rpc("res.partner", "read", companies, ["child_ids"])
    ]
    portal_group = rpc.ref("base.group_portal")
    rpc(
        "res.users",
        "create",
        [
            {
                "login": c.login,
                "password": c.login,
                "partner_id": contact,
                "groups_id": [(6, 0, [portal_group])],
            }
            for c, contact in zip(customers, contacts, strict=True)
        ],
        context={"no_reset_password": True},
    )
    paper = rpc.ref("b2b_order_mgmt.product_copy_paper_demo")
    line = {"product_id": paper, "product_uom_qty": ORDERED_QTY}
    orders = rpc(
        "sale.order",
        "create",
        [{"partner_id": contact, "order_line": [(0, 0, line)]} for contact in contacts],
    )
    rpc("sale.order", "action_confirm", orders)
    for customer, order in zip(
        customers,
        rpc("sale.order", "read", orders, ["name", "order_line"]),
        strict=True,
    ):
        customer.order_id, customer.order_name = order["id"], order["name"]
        customer.line_id = order["order_line"][0]
    # Validated at once, while the cron worker renders and mails the
    # confirmations: neither waits for the other (b2b.customer.email).
    pickings = rpc("stock.picking", "search", [("sale_id", "in", orders)])
    moves = rpc("stock.move", "search", [("picking_id", "in", pickings)])
    rpc("stock.move", "write", moves, {"quantity": ORDERED_QTY, "picked": True})
    rpc("stock.picking", "button_validate", pickings)
    states = rpc("stock.picking", "read", pickings, ["state"])
    check(
        len(pickings) == count and all(p["state"] == "done" for p in states),
        f"the load customers' deliveries are not all done: {states}",
    )
    return customers


class Load:
    def __init__(self, url, customers, reason_id, others_request_ids):
        self.url = url
        self.customers = customers
        self.reason_id = reason_id
        self.order_names = {c.order_name for c in customers}
        self.latencies = []
        self.errors = []
        self.lock = threading.Lock()
        self.others_request_ids = others_request_ids

    def timed(self, session, method, path, **kwargs):
        start = time.monotonic()
        try:
            response = getattr(session, method)(path, **kwargs)
        except OSError as error:  # connection refused or reset, timeout
            self.error(f"{method.upper()} {path}: {error}")
            return None
        with self.lock:
            self.latencies.append(time.monotonic() - start)
        if response.status_code >= 500:
            self.error(f"{method.upper()} {path}: {response.status_code}")
            return None
        return response

    def error(self, message):
        with self.lock:
            self.errors.append(message)

    def expect(self, condition, message):
        if not condition:
            self.error(message)

    def run(self, duration):
        deadline = time.monotonic() + duration
        with ThreadPoolExecutor(len(self.customers)) as pool:
            futures = [pool.submit(self.browse, c, deadline) for c in self.customers]
        for future in futures:
            if future.exception():
                self.error(f"a session stopped: {future.exception()!r}")

    def browse(self, customer, deadline):
        portal = Portal(self.url).login(customer.login, customer.login)
        other = random.Random(customer.index)
        actions = [
            self.list_orders,
            self.open_order,
            self.list_returns,
            self.open_other,
        ]
        while time.monotonic() < deadline:
            action = other.choice(actions)
            if len(customer.return_ids) < 2 and other.random() < 0.15:
                action = self.submit_return
            action(portal, customer, other)

    # --- what a customer does -------------------------------------------------

    def list_orders(self, portal, customer, _random):
        response = self.timed(portal, "get", "/my/orders")
        if response is not None:
            seen = set(ORDER_NAME.findall(response.text))
            self.expect(
                response.status_code == 200, f"/my/orders: {response.status_code}"
            )
            self.expect(
                customer.order_name in seen, f"{customer.login}: own order not listed"
            )
            self.expect(
                not (seen & self.order_names) - {customer.order_name},
                f"{customer.login}: /my/orders shows {sorted(seen)}",
            )

    def open_order(self, portal, customer, _random):
        path = f"/my/orders/{customer.order_id}"
        response = self.timed(portal, "get", path)
        if response is not None:
            self.expect(response.status_code == 200, f"{path}: {response.status_code}")

    def list_returns(self, portal, customer, _random):
        response = self.timed(portal, "get", "/my/returns")
        if response is not None:
            seen = set(RETURN_NAME.findall(response.text))
            self.expect(
                response.status_code == 200, f"/my/returns: {response.status_code}"
            )
            self.expect(
                seen <= customer.return_names,
                f"{customer.login}: /my/returns shows {sorted(seen)}",
            )
            for request_id in customer.return_ids:
                path = f"/my/returns/{request_id}"
                response = self.timed(portal, "get", path)
                self.expect(
                    response is not None and response.status_code == 200,
                    f"{path}: {response and response.status_code}",
                )

    def open_other(self, portal, customer, rand):
        """Another customer's order or return request: refused, never shown."""
        other = rand.choice([c for c in self.customers if c is not customer])
        paths = [f"/my/orders/{other.order_id}", f"/my/orders/{other.order_id}/return"]
        paths += [f"/my/returns/{i}" for i in self.others_request_ids]
        path = rand.choice(paths)
        response = self.timed(portal, "get", path, allow_redirects=False)
        if response is not None:
            # Odoo's own order page redirects to /my; the addon's pages 404.
            refused = response.status_code in (403, 404) or (
                response.status_code == 303
                and response.headers.get("Location", "").endswith("/my")
            )
            self.expect(refused, f"{customer.login} GET {path}: {response.status_code}")

    def submit_return(self, portal, customer, _random):
        path = f"/my/orders/{customer.order_id}/return"
        page = self.timed(portal, "get", path)
        if page is None:
            return
        try:
            token = portal.csrf_token(page.text)
        except CheckFailed:
            self.error(f"{customer.login} {path}: no form ({page.status_code})")
            return
        data = {
            "csrf_token": token,
            "request_type": "return",
            f"qty_{customer.line_id}": "1",
            f"reason_{customer.line_id}": str(self.reason_id),
        }
        response = self.timed(portal, "post", path, data=data, allow_redirects=False)
        if response is None:
            return
        match = re.search(
            r"/my/returns/([0-9]+)\?", response.headers.get("Location", "")
        )
        self.expect(
            response.status_code == 303 and match,
            f"{customer.login} POST {path}: {response.status_code}",
        )
        if match:
            customer.return_ids.append(int(match.group(1)))
            self.read_request_name(portal, customer, response.headers["Location"])

    def read_request_name(self, portal, customer, location):
        """The new request's page, where the customer learns its reference."""
        response = self.timed(portal, "get", location)
        names = (
            set(RETURN_NAME.findall(response.text)) if response is not None else set()
        )
        self.expect(len(names) == 1, f"{location} shows the requests {sorted(names)}")
        customer.return_names |= names


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--url", required=True)
    parser.add_argument("--db", required=True)
    parser.add_argument("--customers", type=int, default=20)
    parser.add_argument("--duration", type=float, default=40)
    args = parser.parse_args()
    rpc = Rpc(args.url, args.db, "admin", "admin")
    start = time.monotonic()
    customers = create_customers(rpc, args.customers)
    print(
        f"{len(customers)} portal customers with a delivered order created in "
        f"{time.monotonic() - start:.0f} s",
        file=sys.stderr,
    )
    # The journey's return request: no load customer may open it.
    journey_requests = rpc("b2b.return.request", "search", [])
    load = Load(
        args.url,
        customers,
        rpc.ref("b2b_order_mgmt.return_reason_damaged"),
        journey_requests,
    )
    load.run(args.duration)
    return report(rpc, load, args.duration)


def report(rpc, load, duration):
    submitted = [i for c in load.customers for i in c.return_ids]
    states = (
        rpc("b2b.return.request", "read", submitted, ["state"]) if submitted else []
    )
    load.expect(
        all(state["state"] == "submitted" for state in states),
        f"requests not submitted: {states}",
    )
    load.expect(submitted, "no return request was submitted")
    count = len(load.latencies)
    print(
        f"load: {len(load.customers)} concurrent portal customers for {duration:.0f} s"
    )
    print(
        f"load: {count} requests ({count / duration:.1f}/s), "
        f"{len(load.errors)} errors, "
        f"p50 {percentile(load.latencies, 0.5) * 1000:.0f} ms, "
        f"p95 {percentile(load.latencies, 0.95) * 1000:.0f} ms, "
        f"{len(submitted)} return requests submitted"
    )
    for error in load.errors[:20]:
        print(f"load: FAILED: {error}")
    return 0 if not load.errors and count else 1


if __name__ == "__main__":
    sys.exit(main())
