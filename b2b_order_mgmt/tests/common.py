# Copyright 2026 b2b_order_mgmt contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from dateutil.relativedelta import relativedelta
from lxml import html

from odoo import Command, fields, http
from odoo.tests import Form, new_test_user

from odoo.addons.base.tests.common import BaseCommon


class B2bCommon(BaseCommon):
    """Users per role, tiers and a tiered B2B customer; independent of demo data."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.salesman = new_test_user(
            cls.env,
            login="b2b_salesman",
            groups="sales_team.group_sale_salesman",
            name="B2B Salesman",
        )
        cls.sales_manager = new_test_user(
            cls.env,
            login="b2b_sales_manager",
            groups="sales_team.group_sale_manager",
            name="B2B Sales Manager",
        )
        cls.stock_user = new_test_user(
            cls.env,
            login="b2b_stock_user",
            groups="stock.group_stock_user",
            name="B2B Warehouse Operator",
        )
        # Demo rules would apply to these customers too.
        cls.env["b2b.discount.rule"].search([]).active = False
        cls.pricelist_b2b = cls.env["product.pricelist"].create(
            {"name": "B2B test price list"}
        )
        cls.tier_silver = cls._create_tier("Silver", "T-SILVER")
        cls.tier_gold = cls._create_tier("Gold", "T-GOLD", pricelist=cls.pricelist_b2b)
        cls.customer = cls._create_customer("Acme Wholesale", tier=cls.tier_gold)
        cls.customer_contact = cls.env["res.partner"].create(
            {"name": "Alice Purchaser", "parent_id": cls.customer.id}
        )
        cls.categ_office = cls.env["product.category"].create({"name": "B2B Office"})
        cls.categ_paper = cls.env["product.category"].create(
            {"name": "B2B Paper", "parent_id": cls.categ_office.id}
        )
        cls.categ_other = cls.env["product.category"].create({"name": "B2B Other"})
        cls.paper = cls._create_product("B2B Paper", 10.0, cls.categ_paper)
        cls.pens = cls._create_product("B2B Pens", 5.0, cls.categ_office)
        cls.chairs = cls._create_product("B2B Chair", 100.0, cls.categ_other)
        cls.paper.is_storable = True
        cls.pens.is_storable = True
        cls.warehouse = cls.env["stock.warehouse"].search(
            [("company_id", "=", cls.env.company.id)], limit=1
        )
        cls.stock_location = cls.warehouse.lot_stock_id

    @classmethod
    def _create_tier(cls, name, code, pricelist=None, company=None):
        return cls.env["b2b.customer.tier"].create(
            {
                "name": name,
                "code": code,
                "pricelist_id": pricelist.id if pricelist else False,
                "company_id": (company or cls.env.company).id,
            }
        )

    @classmethod
    def _create_customer(cls, name, tier=None):
        return cls.env["res.partner"].create(
            {
                "name": name,
                "is_company": True,
                "b2b_tier_id": tier.id if tier else False,
            }
        )

    @classmethod
    def _create_product(cls, name, price, categ, **values):
        return cls.env["product.product"].create(
            {
                "name": name,
                "list_price": price,
                "categ_id": categ.id,
                "type": "consu",
                "taxes_id": [Command.clear()],
                **values,
            }
        )

    @classmethod
    def _create_rule(cls, name, basis, thresholds, **values):
        """thresholds: [(min_value, discount), ...]"""
        return cls.env["b2b.discount.rule"].create(
            {
                "name": name,
                "basis": basis,
                "threshold_ids": [
                    Command.create({"min_value": minimum, "discount": discount})
                    for minimum, discount in thresholds
                ],
                **values,
            }
        )

    @classmethod
    def _send_pending_confirmations(cls):
        """What the scheduled action does, run after run, while some are left:
        the order's later e-mails wait behind its confirmation."""
        while cls.env["b2b.customer.email"]._cron_send():
            pass

    @classmethod
    def _create_order(cls, lines, partner=None, **values):
        """lines: [(product, quantity), ...] created with the order, in one create."""
        return cls.env["sale.order"].create(
            {
                "partner_id": (partner or cls.customer).id,
                "order_line": [
                    Command.create({"product_id": product.id, "product_uom_qty": qty})
                    for product, qty in lines
                ],
                **values,
            }
        )

    def _stage_emails(self, picking):
        """The addon's step e-mails posted on the delivery, oldest first."""
        return self.env["mail.message"].search(
            [
                ("model", "=", "stock.picking"),
                ("res_id", "=", picking.id),
                (
                    "subtype_id",
                    "=",
                    self.env.ref("b2b_order_mgmt.mt_b2b_order_update").id,
                ),
            ],
            order="id",
        )

    @classmethod
    def _put_in_stock(cls, product, quantity):
        cls.env["stock.quant"]._update_available_quantity(
            product, cls.stock_location, quantity
        )

    @classmethod
    def _ship(cls, picking, quantities=None):
        """Validate a transfer; ``quantities``: {product: done quantity} for a
        partial one, with a backorder."""
        for move in picking.move_ids:
            move.quantity = (quantities or {}).get(
                move.product_id, move.product_uom_qty
            )
            move.picked = True
        result = picking.button_validate()
        if (
            isinstance(result, dict)
            and result.get("res_model") == "stock.backorder.confirmation"
        ):
            wizard = Form(
                cls.env["stock.backorder.confirmation"].with_context(
                    **result["context"]
                )
            ).save()
            wizard.process()


class B2bReturnCommon(B2bCommon):
    """Delivered orders, the returns team and the customers' portal users."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # Return windows count in days: one time zone for the whole test.
        cls.env = cls.env(context=dict(cls.env.context, tz="UTC"))
        cls.company = cls.env.company
        cls.company.b2b_return_window_days = 30
        cls.chairs.is_storable = True
        cls.salesman.email = "sam@b2b.example"
        cls.other_salesman = new_test_user(
            cls.env,
            login="b2b_other_salesman",
            groups="sales_team.group_sale_salesman",
            name="Other Team Salesman",
        )
        cls.team = cls.env["crm.team"].create(
            {"name": "B2B Team North", "member_ids": [Command.link(cls.salesman.id)]}
        )
        cls.other_team = cls.env["crm.team"].create(
            {
                "name": "B2B Team South",
                "member_ids": [Command.link(cls.other_salesman.id)],
            }
        )
        cls.after_sales = new_test_user(
            cls.env,
            login="b2b_after_sales",
            groups="sales_team.group_sale_salesman,b2b_order_mgmt.group_b2b_after_sales",
            name="B2B After-Sales",
        )
        # After-Sales closes returns (posting their credit notes) without
        # Invoicing rights: the company says so (see TestReturnRequest).
        cls.env.company.b2b_after_sales_refunds = True
        cls.customer.email = "orders@acme.example"
        cls.customer_contact.email = "alice@acme.example"
        cls.portal_user = new_test_user(
            cls.env,
            login="b2b_portal_alice",
            groups="base.group_portal",
            partner_id=cls.customer_contact.id,
        )
        cls.other_customer = cls._create_customer(
            "Globex Supplies", tier=cls.tier_silver
        )
        cls.other_customer.email = "buyer@globex.example"
        cls.other_portal_user = new_test_user(
            cls.env,
            login="b2b_portal_globex",
            groups="base.group_portal",
            name="Gary Globex",
            parent_id=cls.other_customer.id,
        )
        cls.reason_damaged = cls.env.ref("b2b_order_mgmt.return_reason_damaged")
        cls.reason_wrong = cls.env.ref("b2b_order_mgmt.return_reason_wrong_product")

    # --- orders and deliveries ------------------------------------------------

    @classmethod
    def _confirmed_order(cls, lines, partner=None, **values):
        for product, quantity in lines:
            cls._put_in_stock(product, quantity)
        order = cls._create_order(
            lines,
            partner=partner,
            user_id=cls.salesman.id,
            team_id=cls.team.id,
            **values,
        )
        order.action_confirm()
        cls._send_pending_confirmations()
        return order

    @classmethod
    def _delivered_order(cls, lines, partner=None, **values):
        """A confirmed order whose delivery is shipped (validated)."""
        order = cls._confirmed_order(lines, partner=partner, **values)
        cls._ship(order.picking_ids)
        return order

    @classmethod
    def _invoice(cls, order):
        invoice = order._create_invoices()
        invoice.action_post()
        return invoice

    @classmethod
    def _set_delivery_date(cls, pickings, days_ago):
        pickings.write(
            {"date_done": fields.Datetime.now() - relativedelta(days=days_ago)}
        )

    # --- requests ------------------------------------------------------------------

    @classmethod
    def _line_of(cls, order, product):
        return order.order_line.filtered(lambda line: line.product_id == product)

    @classmethod
    def _create_request(
        cls, order, lines, request_type="return", partner=None, user=None
    ):
        """lines: [(product, quantity), ...] of ``order``, damaged in transit."""
        model = cls.env["b2b.return.request"]
        if user:
            model = model.with_user(user)
        return model.create(
            {
                "order_id": order.id,
                "partner_id": (partner or cls.customer_contact).id,
                "request_type": request_type,
                "line_ids": [
                    Command.create(
                        {
                            "sale_line_id": cls._line_of(order, product).id,
                            "quantity": quantity,
                            "reason_id": cls.reason_damaged.id,
                        }
                    )
                    for product, quantity in lines
                ],
            }
        )

    @classmethod
    def _approved_request(cls, order, lines, request_type="return"):
        request = cls._create_request(order, lines, request_type=request_type)
        request.with_user(cls.salesman).action_submit()
        request.with_user(cls.after_sales).action_approve()
        return request

    @classmethod
    def _receive(cls, request, quantities=None):
        for picking in request.return_picking_ids.filtered(
            lambda picking: picking.state not in ("done", "cancel")
        ):
            cls._ship(picking, quantities)


class B2bFastOrderCommon(B2bCommon):
    """Products with SKUs and barcodes, a B2B price, a line rule and a
    mix-and-match rule, for fast order entry, quantity rules and reorders."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.paper.write({"default_code": "T-PAPER", "barcode": "2000000000011"})
        cls.pens.write({"default_code": "T-PENS", "barcode": "2000000000028"})
        cls.chairs.default_code = "T-CHAIR"
        # The Gold tier's B2B price of pens.
        cls.pricelist_b2b.item_ids = [
            Command.create(
                {
                    "applied_on": "0_product_variant",
                    "product_id": cls.pens.id,
                    "compute_price": "fixed",
                    "fixed_price": 4.0,
                }
            )
        ]
        cls.paper_rule = cls._create_rule(
            "Paper by the box",
            "line_qty",
            [(50, 10)],
            product_tmpl_ids=[Command.set(cls.paper.product_tmpl_id.ids)],
        )
        # Reached only by paper and pens together: a discount that depends on
        # the sibling lines.
        cls.office_mix_rule = cls._create_rule(
            "Office mix",
            "mix_qty",
            [(100, 5)],
            categ_ids=[Command.set(cls.categ_office.ids)],
        )
        # What fast order entry refuses: an archived and an unsellable product.
        cls.old_binder = cls._create_product(
            "B2B Old Binder", 3.0, cls.categ_office, default_code="T-OLD"
        )
        cls.old_binder.active = False
        cls.internal_use = cls._create_product(
            "B2B Internal Toner",
            30.0,
            cls.categ_other,
            default_code="T-INTERNAL",
            sale_ok=False,
        )

    @classmethod
    def _create_quantity_rule(cls, product, min_qty=0.0, qty_multiple=0.0, **values):
        return cls.env["b2b.quantity.rule"].create(
            {
                "product_tmpl_id": product.product_tmpl_id.id,
                "min_qty": min_qty,
                "qty_multiple": qty_multiple,
                **values,
            }
        )

    @classmethod
    def _line_of(cls, order, product):
        return order.order_line.filtered(lambda line: line.product_id == product)


class B2bPortalHttpMixin:
    """Requests to the portal in HttpCase tests, as the logged-in user: the
    test's writes are flushed first (the server works in its own environment)
    and re-read after; a 500 fails at once."""

    def _login(self, user):
        # new_test_user's password is its login.
        self.authenticate(user.login, user.login)

    def _get(self, url, **kwargs):
        self.env.flush_all()
        response = self.url_open(url, allow_redirects=False, **kwargs)
        self.assertNotEqual(response.status_code, 500, url)
        self.env.invalidate_all()
        return response

    def _post(self, url, data, files=None, csrf=True):
        self.env.flush_all()
        if csrf:
            data = dict(data, csrf_token=http.Request.csrf_token(self))
        response = self.url_open(url, data=data, files=files, allow_redirects=False)
        self.assertNotEqual(response.status_code, 500, url)
        self.env.invalidate_all()
        return response

    def _page(self, url):
        response = self._get(url)
        self.assertEqual(response.status_code, 200, url)
        return html.fromstring(response.content)
