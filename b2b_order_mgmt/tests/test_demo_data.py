# Copyright 2026 b2b_order_mgmt contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo.tests import HttpCase, TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestDemoData(TransactionCase):
    """The demo a newcomer sees after `make run` is complete and consistent."""

    def test_two_tiers_gold_with_b2b_pricelist(self):
        gold = self.env.ref("b2b_order_mgmt.tier_gold_demo")
        silver = self.env.ref("b2b_order_mgmt.tier_silver_demo")
        self.assertEqual((gold.code, silver.code), ("GOLD", "SILVER"))
        pricelist = self.env.ref("b2b_order_mgmt.pricelist_b2b_wholesale_demo")
        self.assertEqual(gold.pricelist_id, pricelist)
        product = self.env.ref("b2b_order_mgmt.product_copy_paper_demo")
        self.assertAlmostEqual(pricelist._get_product_price(product, 1.0), 24.90 * 0.88)

    def test_three_b2b_customers_with_contacts(self):
        customers = {
            "partner_northwind_demo": "GOLD",
            "partner_contoso_demo": "SILVER",
            "partner_fabrikam_demo": "SILVER",
        }
        for xmlid, tier_code in customers.items():
            company = self.env.ref(f"b2b_order_mgmt.{xmlid}")
            self.assertTrue(company.is_company)
            self.assertTrue(company.child_ids, f"{company.name} has contacts")
            for partner in company | company.child_ids:
                self.assertEqual(partner.b2b_tier_id.code, tier_code, partner.name)

    def test_demo_quotation_shows_every_kind_of_discount(self):
        order = self.env.ref("b2b_order_mgmt.sale_order_northwind_demo")
        self.assertEqual(
            order.pricelist_id,
            self.env.ref("b2b_order_mgmt.pricelist_b2b_wholesale_demo"),
            "the Gold tier's price list",
        )
        paper, pens, toner = order.order_line
        self.assertEqual(
            paper.b2b_discount_rule_id,
            self.env.ref("b2b_order_mgmt.rule_paper_line_qty_demo"),
        )
        self.assertEqual(paper.b2b_rule_discount, 5)
        self.assertAlmostEqual(paper.discount, 16.4, msg="12% list, then 5%")
        self.assertEqual(
            pens.b2b_discount_rule_id,
            self.env.ref("b2b_order_mgmt.rule_office_mix_demo"),
        )
        self.assertEqual(
            toner.b2b_discount_rule_id,
            self.env.ref("b2b_order_mgmt.rule_order_amount_demo"),
        )
        self.assertTrue(paper.b2b_next_tier_hint)
        self.assertGreater(order.b2b_amount_saved, 0)

    def test_products_in_stock(self):
        products = self.env["product.product"].search(
            [("default_code", "=like", "B2B-%")]
        )
        self.assertGreaterEqual(len(products), 5)
        for product in products:
            self.assertTrue(product.is_storable, product.name)
            self.assertGreater(product.qty_available, 0, product.name)
            self.assertTrue(product.sale_ok, product.name)


@tagged("post_install", "-at_install")
class TestDemoPortalLogin(HttpCase):
    def test_portal_buyer_logs_in_and_sees_portal_home(self):
        user = self.env.ref("b2b_order_mgmt.user_northwind_buyer_demo")
        self.assertTrue(user.has_group("base.group_portal"))
        self.assertFalse(user.has_group("base.group_user"))
        self.assertEqual(user.partner_id.commercial_partner_id.b2b_tier_id.code, "GOLD")
        self.authenticate("portal.buyer@northwind.example", "portal")
        response = self.url_open("/my/home")
        self.assertEqual(response.status_code, 200)
        self.assertIn("Nora Buyer", response.text)


@tagged("post_install", "-at_install")
class TestDemoBackOfficeTour(HttpCase):
    def test_customer_tiers_in_the_browser(self):
        self.start_tour(
            "/odoo/action-b2b_order_mgmt.action_b2b_customer_tier",
            "b2b_order_mgmt_customer_tier",
            login="admin",
        )
