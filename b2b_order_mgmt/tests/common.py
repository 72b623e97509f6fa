# Copyright 2026 b2b_order_mgmt contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
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
        cls.pricelist_b2b = cls.env["product.pricelist"].create(
            {"name": "B2B test price list"}
        )
        cls.tier_silver = cls._create_tier("Silver", "T-SILVER")
        cls.tier_gold = cls._create_tier("Gold", "T-GOLD", pricelist=cls.pricelist_b2b)
        cls.customer = cls._create_customer("Acme Wholesale", tier=cls.tier_gold)
        cls.customer_contact = cls.env["res.partner"].create(
            {"name": "Alice Purchaser", "parent_id": cls.customer.id}
        )

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
