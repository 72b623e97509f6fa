# Copyright 2026 b2b_order_mgmt contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from psycopg2 import IntegrityError

from odoo.exceptions import AccessError
from odoo.tests import Form, tagged
from odoo.tools import mute_logger

from .common import B2bCommon


@tagged("post_install", "-at_install")
class TestCustomerTier(B2bCommon):
    def test_contacts_follow_their_company_tier(self):
        self.assertEqual(self.customer_contact.b2b_tier_id, self.tier_gold)
        self.customer.b2b_tier_id = self.tier_silver
        self.assertEqual(self.customer_contact.b2b_tier_id, self.tier_silver)
        new_contact = self.env["res.partner"].create(
            {"name": "Bob Storekeeper", "parent_id": self.customer.id}
        )
        self.assertEqual(new_contact.b2b_tier_id, self.tier_silver)

    def test_tier_set_in_partner_form(self):
        with Form(self.env["res.partner"]) as partner_form:
            partner_form.company_type = "company"
            partner_form.name = "Globex Trading"
            partner_form.b2b_tier_id = self.tier_silver
        self.assertEqual(partner_form.record.b2b_tier_id, self.tier_silver)

    def test_tier_is_per_company(self):
        other_company = self.env["res.company"].create({"name": "B2B Second Company"})
        other_tier = self._create_tier("Platinum", "T-PLAT", company=other_company)
        self.customer.with_company(other_company).b2b_tier_id = other_tier
        self.assertEqual(self.customer.b2b_tier_id, self.tier_gold)
        self.assertEqual(
            self.customer.with_company(other_company).b2b_tier_id, other_tier
        )

    def test_partner_count_and_action(self):
        self._create_customer("Initech", tier=self.tier_gold)
        self.assertEqual(
            self.tier_gold.partner_count, 2, "companies only, not contacts"
        )
        action = self.tier_gold.action_view_partners()
        partners = self.env["res.partner"].search(action["domain"])
        self.assertIn(self.customer, partners)
        self.assertIn(self.customer_contact, partners)

    def test_shown_by_its_name_found_by_its_code(self):
        self.assertEqual(self.tier_gold.display_name, "Gold")
        tiers = self.env["b2b.customer.tier"]
        self.assertIn(
            self.tier_gold,
            tiers.browse([tier_id for tier_id, _name in tiers.name_search("T-GOLD")]),
        )

    def test_code_unique_per_company(self):
        with self.assertRaises(IntegrityError), mute_logger("odoo.sql_db"):
            self._create_tier("Gold again", "T-GOLD")
            self.env.flush_all()

    def test_salesman_reads_but_cannot_edit_tiers(self):
        tier_as_salesman = self.tier_gold.with_user(self.salesman)
        self.assertEqual(tier_as_salesman.name, "Gold")
        with self.assertRaises(AccessError):
            tier_as_salesman.name = "Diamond"
        with self.assertRaises(AccessError):
            self.env["b2b.customer.tier"].with_user(self.salesman).create(
                {"name": "Bronze", "code": "T-BRONZE"}
            )

    def test_sales_manager_manages_tiers(self):
        tiers = self.env["b2b.customer.tier"].with_user(self.sales_manager)
        bronze = tiers.create({"name": "Bronze", "code": "T-BRONZE"})
        bronze.name = "Bronze+"
        bronze.unlink()
        self.assertFalse(bronze.exists())

    def test_warehouse_user_can_open_tiered_customer(self):
        partner = self.customer.with_user(self.stock_user)
        self.assertEqual(partner.b2b_tier_id.display_name, "Gold")

    def test_other_company_tier_hidden(self):
        other_company = self.env["res.company"].create({"name": "B2B Hidden Company"})
        hidden_tier = self._create_tier("Hidden", "T-HIDDEN", company=other_company)
        visible = self.env["b2b.customer.tier"].with_user(self.sales_manager).search([])
        self.assertIn(self.tier_gold, visible)
        self.assertNotIn(hidden_tier, visible)
