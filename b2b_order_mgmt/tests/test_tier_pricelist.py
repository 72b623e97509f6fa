# Copyright 2026 b2b_order_mgmt contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo.tests import Form, tagged

from .common import B2bCommon


@tagged("post_install", "-at_install")
class TestTierPricelist(B2bCommon):
    """A tier gives its price list to new quotations, unless the customer has one."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.own_pricelist = cls.env["product.pricelist"].create(
            {"name": "Negotiated price list"}
        )

    def _new_quotation_pricelist(self, partner):
        with Form(self.env["sale.order"]) as order_form:
            order_form.partner_id = partner
            return order_form.pricelist_id

    def test_tier_customer_and_contacts_get_tier_pricelist(self):
        self.assertEqual(
            self._new_quotation_pricelist(self.customer), self.pricelist_b2b
        )
        self.assertEqual(
            self._new_quotation_pricelist(self.customer_contact), self.pricelist_b2b
        )

    def test_own_pricelist_wins_over_tier(self):
        self.customer.property_product_pricelist = self.own_pricelist
        self.assertEqual(
            self._new_quotation_pricelist(self.customer), self.own_pricelist
        )
        self.assertEqual(
            self._new_quotation_pricelist(self.customer_contact), self.own_pricelist
        )

    def test_changing_tier_changes_pricelist_of_new_quotations(self):
        silver_pricelist = self.env["product.pricelist"].create({"name": "Silver list"})
        self.tier_silver.pricelist_id = silver_pricelist
        self.customer.b2b_tier_id = self.tier_silver
        self.assertEqual(self._new_quotation_pricelist(self.customer), silver_pricelist)

    def test_saving_partner_form_keeps_following_tier(self):
        with Form(self.customer) as partner_form:
            partner_form.b2b_tier_id = self.tier_silver
            partner_form.b2b_tier_id = self.tier_gold
            partner_form.phone = "+44 20 7946 0000"
        self.assertFalse(self.customer.specific_property_product_pricelist)
        silver_pricelist = self.env["product.pricelist"].create({"name": "Silver list"})
        self.tier_silver.pricelist_id = silver_pricelist
        self.customer.b2b_tier_id = self.tier_silver
        self.assertEqual(self.customer.property_product_pricelist, silver_pricelist)

    def test_untiered_customer_keeps_odoo_default(self):
        walk_in = self._create_customer("Walk-in Trading")
        default = self.env["product.pricelist"]._get_partner_pricelist_multi(
            walk_in.ids
        )
        self.assertEqual(walk_in.property_product_pricelist, default[walk_in.id])
