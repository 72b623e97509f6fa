# Copyright 2026 b2b_order_mgmt contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo.tests import TransactionCase, new_test_user, tagged

from ..hooks import IMPLIED_GROUPS_PARAM, uninstall_hook


@tagged("post_install", "-at_install")
class TestInstall(TransactionCase):
    def test_module_installed_with_manifest_version(self):
        module = self.env["ir.module.module"].search([("name", "=", "b2b_order_mgmt")])
        self.assertEqual(module.state, "installed")
        self.assertEqual(module.installed_version, "18.0.1.0.0")
        self.assertEqual(module.license, "LGPL-3")

    def test_price_lists_and_line_discounts_enabled_for_internal_users(self):
        user = new_test_user(
            self.env, login="b2b_new_employee", groups="base.group_user"
        )
        self.assertTrue(user.has_group("product.group_product_pricelist"))
        self.assertTrue(user.has_group("sale.group_discount_per_so_line"))

    def test_uninstall_turns_off_what_install_turned_on(self):
        params = self.env["ir.config_parameter"].sudo()
        added = (params.get_param(IMPLIED_GROUPS_PARAM) or "").split(",")
        self.assertIn("sale.group_discount_per_so_line", added)
        internal = self.env.ref("base.group_user")
        user = new_test_user(self.env, login="b2b_leaver", groups="base.group_user")
        pricelists = self.env["product.pricelist"].search([])
        uninstall_hook(self.env)
        for xmlid in added:
            group = self.env.ref(xmlid)
            self.assertNotIn(group, internal.implied_ids, xmlid)
            self.assertNotIn(user, group.users, xmlid)
        if "product.group_product_pricelist" in added:
            self.assertFalse(pricelists.filtered("active"), "as the setting does")
        self.assertFalse(params.get_param(IMPLIED_GROUPS_PARAM))

    def test_customers_without_tier_keep_the_default_price_list(self):
        default = self.env["product.pricelist"].search(
            [("company_id", "in", [self.env.company.id, False])], limit=1
        )
        walk_in = self.env["res.partner"].create({"name": "Walk-in"})
        self.assertEqual(walk_in.property_product_pricelist, default)
        self.assertNotEqual(
            default,
            self.env.ref(
                "b2b_order_mgmt.pricelist_b2b_wholesale_demo", raise_if_not_found=False
            ),
            "the demo's B2B price list is not everyone's",
        )

    def test_configuration_menu_for_sales_managers(self):
        menu = self.env.ref("b2b_order_mgmt.menu_b2b_customer_tier")
        self.assertEqual(
            menu.parent_id.parent_id, self.env.ref("sale.menu_sale_config")
        )
        manager = new_test_user(
            self.env, login="b2b_menu_manager", groups="sales_team.group_sale_manager"
        )
        visible_ids = self.env["ir.ui.menu"].with_user(manager)._visible_menu_ids()
        self.assertIn(menu.id, visible_ids)
