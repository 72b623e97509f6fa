"""The whole order journey, driven from outside as a customer and the staff do.

Back office through Odoo's JSON-RPC API, the customer through the portal, then what
the SMTP server received: one e-mail per step, to the customer, in French,
the confirmation letter as a real PDF, and the links in the e-mails working.
Prints a table of the steps and exits non-zero if any check failed.
"""

import argparse
import re
import sys
import time
from email.utils import getaddresses

from odoo_client import CheckFailed, Mailbox, Portal, Rpc, RpcError, check, wait_until

CUSTOMER_XMLID = "b2b_order_mgmt.partner_northwind_buyer_demo"
CUSTOMER_LOGIN = "portal.buyer@northwind.example"
CUSTOMER_PASSWORD = "portal"
TRACKING_REF = "E2E-TRK-0001"
ORDER_LINES = {"product_copy_paper_demo": 60, "product_pens_demo": 40}
RETURN_QTY = 5
# French subjects (i18n/fr.po): the customer's language.
SUBJECTS = {
    "confirm": "Votre commande {order} est confirmée",
    "pack": "Votre commande {order} a été emballée",
    "ship": "Votre commande {order} a été expédiée",
    "out for delivery": "Votre commande {order} sera livrée aujourd'hui",
    "deliver": "Votre commande {order} a été livrée",
    "return request (portal)": "Nous avons bien reçu votre demande de retour {ret}",
    "approve return": "Votre demande de retour {ret} a été acceptée",
    "receive returned goods": (
        "Nous avons bien reçu la marchandise de votre retour {ret}"
    ),
    "credit note": "Votre retour {ret} est réglé",
}
# The steps of an order, in the order its customer must read their e-mails.
ORDER_STEPS = ("confirm", "pack", "ship", "out for delivery", "deliver")
# A confirmation reaches the customer within a minute, even when the warehouse
# moves the order on while its letter is being rendered.
CONFIRMATION_DELAY = 60
MIN_PDF_SIZE = 5000
HREF = re.compile(r'href="([^"]+)"')
# Links a GET would act on: never followed.
SIDE_EFFECT_LINKS = ("unfollow", "unsubscribe")


class Journey:
    def __init__(self, args):
        self.args = args
        self.url = args.url
        self.rpc = Rpc(args.url, args.db, "admin", "admin")
        self.mailbox = Mailbox(args.mail_dir)
        self.rows = []
        self.names = {}
        self.ids = {}

    # --- running and reporting ------------------------------------------------

    def run(self):
        self.setup()
        steps = [
            ("order with tier and bulk discounts", self.create_order),
            ("confirm", self.confirm),
            ("pack", self.pack),
            ("ship", self.ship),
            ("out for delivery", self.out_for_delivery),
            ("deliver", self.deliver),
            ("order delivered while its letter renders", self.rush_order),
            ("invoice", self.invoice),
            ("return request (portal)", self.request_return),
            ("approve return", self.approve_return),
            ("receive returned goods", self.receive_return),
            ("credit note", self.refund),
        ]
        for key, action in steps:
            if not self.step(key, action):
                break  # the next steps need this one
        else:
            self.step("one e-mail per step, nothing else", self.check_no_other_email)
            self.step("links in the e-mails", self.check_links)
        return all(row[3] == "ok" for row in self.rows)

    def step(self, key, action):
        """Run one step, then wait for its e-mail and check it; record a row."""
        start = time.monotonic()
        subject = ""
        try:
            action()
            if key in SUBJECTS:
                subject = SUBJECTS[key].format(**self.names)
                self.check_email(key, subject)
            result = "ok"
        except CheckFailed as error:
            result = f"FAILED: {error}"
        except (RpcError, OSError) as error:  # the server refused or failed
            result = f"FAILED: {type(error).__name__}: {error}"
        recipient = self.customer_email if subject else "-"
        elapsed = time.monotonic() - start
        self.rows.append((key, subject or "-", recipient, result, elapsed))
        return result == "ok"

    def print_table(self):
        headers = ("step", "e-mail subject", "recipient", "check", "time")
        rows = [(*row[:4], f"{row[4]:.1f} s") for row in self.rows]
        columns = zip(headers, *rows, strict=True)
        widths = [max(len(str(cell)) for cell in column) for column in columns]
        for row in (headers, *rows):
            cells = zip(row, widths, strict=True)
            print("  ".join(str(cell).ljust(width) for cell, width in cells).rstrip())

    # --- setup ------------------------------------------------------------------

    def setup(self):
        """The mail server, the base URL of the links, a carrier, and the
        Gold-tier customer of the demo data, made French."""
        rpc = self.rpc
        for server_id in rpc("ir.mail_server", "search", []):
            rpc("ir.mail_server", "write", [server_id], {"active": False})
        rpc(
            "ir.mail_server",
            "create",
            {
                "name": "e2e SMTP sink",
                "smtp_host": "127.0.0.1",
                "smtp_port": self.args.smtp_port,
                "smtp_encryption": "none",
                "sequence": 1,
            },
        )
        rpc("ir.config_parameter", "set_param", "web.base.url", self.url)
        rpc("ir.config_parameter", "set_param", "web.base.url.freeze", "True")
        customer_id = rpc.ref(CUSTOMER_XMLID)
        rpc("res.partner", "write", [customer_id], {"lang": "fr_FR"})
        customer = rpc.read_one(
            "res.partner", customer_id, ["email", "lang", "b2b_tier_id"]
        )
        check(customer["lang"] == "fr_FR", "the customer is not French")
        self.ids["customer"] = customer_id
        self.customer_email = customer["email"]
        tier = rpc.read_one(
            "b2b.customer.tier", customer["b2b_tier_id"][0], ["name", "pricelist_id"]
        )
        check(
            tier["name"] == "Gold" and tier["pricelist_id"],
            f"the customer's tier is {tier['name']}, not Gold with a price list",
        )
        self.ids["tier_pricelist"] = tier["pricelist_id"][0]
        freight = rpc(
            "product.product", "create", {"name": "e2e freight", "type": "service"}
        )
        self.ids["carrier"] = rpc(
            "delivery.carrier",
            "create",
            {
                "name": "e2e Express Freight",
                "delivery_type": "fixed",
                "fixed_price": 0.0,
                "tracking_url": "https://track.example/<shipmenttrackingnumber>",
                "product_id": freight,
            },
        )

    # --- the order --------------------------------------------------------------

    def create_order(self):
        products = {
            self.rpc.ref(f"b2b_order_mgmt.{xmlid}"): qty
            for xmlid, qty in ORDER_LINES.items()
        }
        order_id = self._create_quotation(products, client_order_ref="E2E-PO-1")
        self.ids["order"] = order_id
        order = self.rpc.read_one("sale.order", order_id, ["name", "pricelist_id"])
        self.names["order"] = order["name"]
        check(
            order["pricelist_id"][0] == self.ids["tier_pricelist"],
            f"order price list {order['pricelist_id']}, not the Gold tier's",
        )
        self.check_bulk_discounts(order_id, products)

    def _create_quotation(self, products, **values):
        lines = [
            (0, 0, {"product_id": product, "product_uom_qty": qty})
            for product, qty in products.items()
        ]
        return self.rpc(
            "sale.order",
            "create",
            {"partner_id": self.ids["customer"], "order_line": lines, **values},
        )

    def _unit_prices(self, order_id):
        lines = self.rpc(
            "sale.order.line",
            "search_read",
            [("order_id", "=", order_id)],
            ["product_id", "price_reduce_taxexcl", "b2b_discount_rule_id"],
        )
        return {line["product_id"][0]: line for line in lines}

    def check_bulk_discounts(self, order_id, products):
        """Each line has a rule, and its unit price is below the one of a
        single unit at the tier's price list (a quotation made to compare)."""
        single = self._create_quotation(dict.fromkeys(products, 1))
        tier_prices = self._unit_prices(single)
        self.rpc("sale.order", "unlink", [single])
        for product, line in self._unit_prices(order_id).items():
            tier_price = tier_prices[product]["price_reduce_taxexcl"]
            check(
                line["b2b_discount_rule_id"]
                and line["price_reduce_taxexcl"] < tier_price - 0.001,
                f"{line['product_id'][1]}: unit price {line['price_reduce_taxexcl']} "
                f"with rule {line['b2b_discount_rule_id']}, tier price {tier_price}",
            )

    def confirm(self):
        rpc = self.rpc
        rpc("sale.order", "action_confirm", [self.ids["order"]])
        order = rpc.read_one("sale.order", self.ids["order"], ["state", "picking_ids"])
        check(order["state"] == "sale", f"order state {order['state']}")
        deliveries = rpc(
            "stock.picking",
            "search",
            [
                ("id", "in", order["picking_ids"]),
                ("b2b_is_customer_delivery", "=", True),
            ],
        )
        check(len(deliveries) == 1, f"{len(deliveries)} customer deliveries")
        self.ids["delivery"] = deliveries[0]

    def _advance(self, method, stage, order_state, **kwargs):
        rpc = self.rpc
        if method:
            rpc("stock.picking", method, [self.ids["delivery"]], **kwargs)
        picking = rpc.read_one(
            "stock.picking", self.ids["delivery"], ["b2b_delivery_stage"]
        )
        check(
            picking["b2b_delivery_stage"] == stage,
            f"delivery stage {picking['b2b_delivery_stage']}, not {stage}",
        )
        order = rpc.read_one("sale.order", self.ids["order"], ["b2b_state"])
        check(
            order["b2b_state"] == order_state,
            f"order status {order['b2b_state']}, not {order_state}",
        )

    def pack(self):
        self._advance("action_b2b_mark_packed", "packed", "packing")

    def ship(self):
        rpc = self.rpc
        rpc(
            "stock.picking",
            "write",
            [self.ids["delivery"]],
            {"carrier_id": self.ids["carrier"], "carrier_tracking_ref": TRACKING_REF},
        )
        self._validate(self.ids["delivery"])
        self._advance(None, "shipped", "shipped")

    def _validate(self, picking_id):
        """Pick everything the transfer asks for and validate it."""
        rpc = self.rpc
        picking = rpc.read_one("stock.picking", picking_id, ["move_ids"])
        for move in rpc("stock.move", "read", picking["move_ids"], ["product_uom_qty"]):
            rpc(
                "stock.move",
                "write",
                [move["id"]],
                {"quantity": move["product_uom_qty"], "picked": True},
            )
        result = rpc("stock.picking", "button_validate", [picking_id])
        state = rpc.read_one("stock.picking", picking_id, ["state"])["state"]
        check(state == "done", f"transfer not validated ({state}, {result})")

    def out_for_delivery(self):
        self._advance(
            "action_b2b_out_for_delivery", "out_for_delivery", "out_for_delivery"
        )

    def deliver(self):
        self._advance(
            "action_b2b_mark_delivered",
            "delivered",
            "delivered",
            received_by="Nora Buyer",
        )

    def rush_order(self):
        """Confirm another order and drive its delivery at once over the API,
        while the cron worker renders its letter: the confirmation must still
        reach the customer first, within a minute, then each step in order."""
        rpc = self.rpc
        paper = rpc.ref("b2b_order_mgmt.product_copy_paper_demo")
        order_id = self._create_quotation({paper: 20}, client_order_ref="E2E-PO-2")
        name = rpc.read_one("sale.order", order_id, ["name"])["name"]
        self.names["rush"] = name
        start = time.monotonic()
        rpc("sale.order", "action_confirm", [order_id])
        delivery = rpc(
            "stock.picking",
            "search",
            [("sale_id", "=", order_id), ("b2b_is_customer_delivery", "=", True)],
        )
        rpc("stock.picking", "action_b2b_mark_packed", delivery)
        self._validate(delivery[0])
        rpc("stock.picking", "action_b2b_out_for_delivery", delivery)
        rpc("stock.picking", "action_b2b_mark_delivered", delivery)
        subjects = [SUBJECTS[key].format(order=name) for key in ORDER_STEPS]
        self.mailbox.wait_for(
            self.customer_email,
            subjects[0],
            CONFIRMATION_DELAY - (time.monotonic() - start),
        )
        received = wait_until(
            lambda: (
                len(arrived := self._subjects_received(subjects)) >= len(subjects)
                and arrived
            ),
            self.args.mail_timeout,
            f"the e-mails of {name}",
        )
        check(received == subjects, f"{name}: the e-mails arrived as {received}")

    def _subjects_received(self, subjects):
        """The customer's e-mails among ``subjects``, in the order they arrived."""
        return [
            message["Subject"]
            for message in self.mailbox.to(self.customer_email)
            if message["Subject"] in subjects
        ]

    def invoice(self):
        """Invoice the delivered goods, so that the return is refunded."""
        rpc = self.rpc
        context = {"active_model": "sale.order", "active_ids": [self.ids["order"]]}
        wizard = rpc(
            "sale.advance.payment.inv",
            "create",
            {
                "advance_payment_method": "delivered",
                "sale_order_ids": [(6, 0, [self.ids["order"]])],
            },
            context=context,
        )
        rpc("sale.advance.payment.inv", "create_invoices", [wizard], context=context)
        invoices = rpc.read_one("sale.order", self.ids["order"], ["invoice_ids"])[
            "invoice_ids"
        ]
        check(len(invoices) == 1, f"{len(invoices)} invoices")
        rpc("account.move", "action_post", invoices)

    # --- the return -----------------------------------------------------------

    def request_return(self):
        """The customer posts the portal's return form for part of the paper."""
        self.portal = Portal(self.url).login(CUSTOMER_LOGIN, CUSTOMER_PASSWORD)
        order_id = self.ids["order"]
        form_url = f"/my/orders/{order_id}/return"
        page = self.portal.get(form_url)
        check(page.status_code == 200, f"GET {form_url}: {page.status_code}")
        paper_line = self.rpc(
            "sale.order.line",
            "search",
            [
                ("order_id", "=", order_id),
                ("product_id.default_code", "=", "B2B-PAPER-A4"),
            ],
        )[0]
        reason = self.rpc.ref("b2b_order_mgmt.return_reason_damaged")
        check(
            f'name="qty_{paper_line}"' in page.text, "the paper line is not in the form"
        )
        response = self.portal.post(
            form_url,
            {
                "csrf_token": self.portal.csrf_token(page.text),
                "request_type": "return",
                f"qty_{paper_line}": str(RETURN_QTY),
                f"reason_{paper_line}": str(reason),
                f"comment_{paper_line}": "e2e: torn boxes",
            },
            allow_redirects=False,
        )
        location = response.headers.get("Location", "")
        match = re.search(r"/my/returns/([0-9]+)\?message=submitted$", location)
        check(
            response.status_code == 303 and match,
            f"POST {form_url}: {response.status_code} {location}",
        )
        self.ids["return"] = int(match.group(1))
        request = self.rpc.read_one(
            "b2b.return.request", self.ids["return"], ["name", "state"]
        )
        check(request["state"] == "submitted", f"request state {request['state']}")
        self.names["ret"] = request["name"]
        self.ids["paper_line"] = paper_line

    def _request_state(self, state):
        request = self.rpc.read_one("b2b.return.request", self.ids["return"], ["state"])
        check(
            request["state"] == state, f"request state {request['state']}, not {state}"
        )

    def approve_return(self):
        self.rpc("b2b.return.request", "action_approve", [self.ids["return"]])
        self._request_state("approved")

    def receive_return(self):
        receipts = self.rpc.read_one(
            "b2b.return.request", self.ids["return"], ["return_picking_ids"]
        )["return_picking_ids"]
        check(len(receipts) == 1, f"{len(receipts)} return receipts")
        self._validate(receipts[0])
        self._request_state("received")

    def refund(self):
        rpc = self.rpc
        rpc("b2b.return.request", "action_done", [self.ids["return"]])
        self._request_state("done")
        credit_notes = rpc.read_one(
            "b2b.return.request", self.ids["return"], ["credit_note_ids"]
        )["credit_note_ids"]
        check(len(credit_notes) == 1, f"{len(credit_notes)} credit notes")
        note = rpc.read_one(
            "account.move", credit_notes[0], ["move_type", "state", "amount_untaxed"]
        )
        line = rpc.read_one(
            "sale.order.line", self.ids["paper_line"], ["price_reduce_taxexcl"]
        )
        expected = round(RETURN_QTY * line["price_reduce_taxexcl"], 2)
        check(
            note["move_type"] == "out_refund" and note["state"] == "posted",
            f"credit note {note['move_type']} {note['state']}",
        )
        check(
            abs(note["amount_untaxed"] - expected) < 0.02,
            f"credit note of {note['amount_untaxed']}, not {expected}",
        )

    # --- e-mails ------------------------------------------------------------------

    def check_email(self, key, subject):
        messages = self.mailbox.wait_for(
            self.customer_email, subject, self.args.mail_timeout
        )
        check(len(messages) == 1, f"{len(messages)} e-mails '{subject}'")
        message = messages[0]
        recipients = {addr for _name, addr in getaddresses(message.get_all("To", []))}
        check(recipients == {self.customer_email}, f"sent to {sorted(recipients)}")
        body = message.get_body(("html", "plain")).get_content()
        if key == "confirm":
            self.check_letter(message)
            check("E2E-PO-1" in body, "the PO number is not in the confirmation")
        if key == "ship":
            check(TRACKING_REF in body, "the tracking reference is not in the e-mail")

    def check_letter(self, message):
        pdfs = [
            part
            for part in message.iter_attachments()
            if part.get_content_type() == "application/pdf"
        ]
        check(len(pdfs) == 1, f"{len(pdfs)} PDF attachments to the confirmation")
        content = pdfs[0].get_content()
        check(content.startswith(b"%PDF"), "the letter is not a PDF")
        check(len(content) > MIN_PDF_SIZE, f"the letter is only {len(content)} bytes")
        check(
            self.names["order"] in (pdfs[0].get_filename() or ""),
            f"letter named {pdfs[0].get_filename()}",
        )

    def check_no_other_email(self):
        expected = sorted(
            [subject.format(**self.names) for subject in SUBJECTS.values()]
            + [SUBJECTS[key].format(order=self.names["rush"]) for key in ORDER_STEPS]
        )
        received = sorted(
            message["Subject"] for message in self.mailbox.to(self.customer_email)
        )
        check(received == expected, f"the customer received {received}")

    def check_links(self):
        """Every link to this server in the customer's e-mails opens, for the
        customer and for a visitor with the link alone."""
        links = set()
        for message in self.mailbox.to(self.customer_email):
            body = message.get_body(("html",)).get_content()
            links.update(
                link.replace("&amp;", "&")
                for link in HREF.findall(body)
                if link.startswith(self.url)
                and not any(word in link for word in SIDE_EFFECT_LINKS)
            )
        check(links, "no link to the portal in the e-mails")
        for link in sorted(links):
            for who, session in (
                ("customer", self.portal),
                ("visitor", Portal(self.url)),
            ):
                response = session.get(link)
                check(
                    response.status_code == 200,
                    f"{who} GET {link}: {response.status_code}",
                )
                if who == "customer":
                    check(
                        "/web/login" not in response.url,
                        f"customer sent to login by {link}",
                    )
        print(f"links checked: {len(links)}", file=sys.stderr)


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--url", required=True)
    parser.add_argument("--db", required=True)
    parser.add_argument("--smtp-port", type=int, required=True)
    parser.add_argument("--mail-dir", required=True)
    parser.add_argument("--mail-timeout", type=float, default=120)
    args = parser.parse_args()
    journey = Journey(args)
    try:
        ok = journey.run()
    except CheckFailed as error:
        journey.rows.append(("setup", "-", "-", f"FAILED: {error}", 0.0))
        ok = False
    journey.print_table()
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
