# Copyright 2026 b2b_order_mgmt contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import Command
from odoo.tests import new_test_user

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
