"""Returns sent at the same moment, as a customer's two buyers (or two tabs) do.

For each round, an order of the demo customer is shipped (2 units), then two portal
sessions post the return form for both units at the same instant: exactly one
request is submitted, for 2 units, and the other post is refused without an error.
Then one form is posted twice at the same instant (a double click): one request.
Exits non-zero if any check failed.
"""

import argparse
import re
import sys
import threading

from odoo_client import CheckFailed, Portal, Rpc, check

CUSTOMER_XMLID = "b2b_order_mgmt.partner_northwind_buyer_demo"
CUSTOMER_LOGIN = "portal.buyer@northwind.example"
CUSTOMER_PASSWORD = "portal"
PRODUCT_XMLID = "b2b_order_mgmt.product_pens_demo"
QUANTITY = 2
ROUNDS = 3
SUBMISSION_KEY = re.compile(r'name="submission_key" value="([0-9a-f]+)"')


class ReturnRace:
    def __init__(self, args):
        self.url = args.url
        self.rpc = Rpc(args.url, args.db, "admin", "admin")
        self.customer = self.rpc.ref(CUSTOMER_XMLID)
        self.product = self.rpc.ref(PRODUCT_XMLID)
        self.reason = self.rpc.ref("b2b_order_mgmt.return_reason_damaged")

    def shipped_order(self):
        """A confirmed order of the customer, its delivery validated."""
        rpc = self.rpc
        order_id = rpc(
            "sale.order",
            "create",
            {
                "partner_id": self.customer,
                "order_line": [
                    (0, 0, {"product_id": self.product, "product_uom_qty": QUANTITY})
                ],
            },
        )
        rpc("sale.order", "action_confirm", [order_id])
        (delivery,) = rpc(
            "stock.picking",
            "search",
            [("sale_id", "=", order_id), ("b2b_is_customer_delivery", "=", True)],
        )
        for move in rpc("stock.move", "search_read", [("picking_id", "=", delivery)]):
            rpc(
                "stock.move",
                "write",
                [move["id"]],
                {"quantity": move["product_uom_qty"], "picked": True},
            )
        rpc("stock.picking", "button_validate", [delivery])
        state = rpc.read_one("stock.picking", delivery, ["state"])["state"]
        check(state == "done", f"delivery not validated ({state})")
        (line,) = rpc("sale.order.line", "search", [("order_id", "=", order_id)])
        return order_id, line

    def form(self, session, order_id, line):
        """The form's fields for all the units, as the customer fills it in."""
        page = session.get(f"/my/orders/{order_id}/return")
        check(page.status_code == 200, f"return form: {page.status_code}")
        key = SUBMISSION_KEY.search(page.text)
        check(key, "no submission key in the return form")
        return {
            "csrf_token": session.csrf_token(page.text),
            "submission_key": key.group(1),
            "request_type": "return",
            f"qty_{line}": str(QUANTITY),
            f"reason_{line}": str(self.reason),
            f"comment_{line}": "e2e: sent at the same moment",
        }

    def post_together(self, posts):
        """posts: [(session, path, data)], sent at the same instant."""
        barrier = threading.Barrier(len(posts))
        responses = [None] * len(posts)

        def send(index, session, path, data):
            barrier.wait()
            responses[index] = session.post(path, data, allow_redirects=False)

        threads = [
            threading.Thread(target=send, args=(index, *post))
            for index, post in enumerate(posts)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        return responses

    def requested(self, order_id):
        requests = self.rpc(
            "b2b.return.request",
            "search_read",
            [("order_id", "=", order_id), ("state", "!=", "cancelled")],
            ["state", "line_ids"],
        )
        lines = self.rpc(
            "b2b.return.request.line",
            "search_read",
            [("request_id", "in", [request["id"] for request in requests])],
            ["quantity"],
        )
        return requests, sum(line["quantity"] for line in lines)

    def check_outcome(self, order_id, responses, what):
        statuses = sorted(response.status_code for response in responses)
        check(500 not in statuses, f"{what}: a post answered 500 ({statuses})")
        requests, quantity = self.requested(order_id)
        check(
            len(requests) == 1 and quantity == QUANTITY,
            f"{what}: {len(requests)} requests for {quantity} of {QUANTITY} units "
            f"(answers {statuses})",
        )
        check(requests[0]["state"] == "submitted", f"{what}: {requests[0]['state']}")
        print(f"{what}: one request of {QUANTITY}, answers {statuses}", file=sys.stderr)

    def run(self):
        buyers = [
            Portal(self.url).login(CUSTOMER_LOGIN, CUSTOMER_PASSWORD) for _ in range(2)
        ]
        for round_number in range(1, ROUNDS + 1):
            order_id, line = self.shipped_order()
            path = f"/my/orders/{order_id}/return"
            forms = [self.form(buyer, order_id, line) for buyer in buyers]
            responses = self.post_together(
                [(buyer, path, form) for buyer, form in zip(buyers, forms, strict=True)]
            )
            self.check_outcome(order_id, responses, f"two buyers, round {round_number}")
        order_id, line = self.shipped_order()
        path = f"/my/orders/{order_id}/return"
        form = self.form(buyers[0], order_id, line)
        responses = self.post_together([(buyers[0], path, form)] * 2)
        self.check_outcome(order_id, responses, "one form sent twice")


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--url", required=True)
    parser.add_argument("--db", required=True)
    args = parser.parse_args()
    try:
        ReturnRace(args).run()
    except CheckFailed as error:
        print(f"return race: FAILED: {error}", file=sys.stderr)
        return 1
    print("return race: passed", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
