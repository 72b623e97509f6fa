# Copyright 2026 b2b_order_mgmt contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo.tests import TransactionCase, new_test_user, tagged


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
