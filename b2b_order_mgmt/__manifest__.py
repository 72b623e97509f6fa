# Copyright 2026 b2b_order_mgmt contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
{
    "name": "B2B Order Management",
    "summary": "B2B sales: customer tiers, bulk discounts, order tracking, returns",
    "version": "18.0.1.0.0",
    "category": "Sales/Sales",
    "author": "b2b_order_mgmt contributors",
    "license": "LGPL-3",
    "depends": [
        "sale_management",
        "sale_stock",
        "sale_loyalty",
        "stock_delivery",
        "portal",
    ],
    "data": [
        "security/b2b_order_mgmt_groups.xml",
        "security/b2b_order_mgmt_security.xml",
        "security/ir.model.access.csv",
        # The confirmation e-mail template attaches the letter: load it first.
        "report/b2b_confirmation_letter_report.xml",
        "report/b2b_confirmation_letter_templates.xml",
        "data/mail_data.xml",
        "data/ir_sequence_data.xml",
        "data/ir_cron_data.xml",
        "data/b2b_return_reason_data.xml",
        "data/b2b_return_mail_data.xml",
        "views/b2b_customer_tier_views.xml",
        "views/res_partner_views.xml",
        "views/b2b_discount_rule_views.xml",
        "views/sale_order_views.xml",
        "views/loyalty_program_views.xml",
        "views/sale_order_status_views.xml",
        # Before stock_picking_views.xml: its "Delivered" button opens it.
        "wizards/b2b_delivery_confirm_wizard_views.xml",
        "views/stock_picking_views.xml",
        "views/sale_portal_templates.xml",
        # After sale_portal_templates.xml: places the order's returns below its
        # timeline.
        "views/b2b_return_portal_templates.xml",
        "views/b2b_quick_order_portal_templates.xml",
        "views/res_config_settings_views.xml",
        "views/b2b_return_reason_views.xml",
        "views/b2b_return_request_views.xml",
        "views/sale_order_return_views.xml",
        "views/stock_picking_return_views.xml",
        "views/b2b_quantity_rule_views.xml",
        "views/sale_order_fast_order_views.xml",
        "wizards/b2b_return_refuse_wizard_views.xml",
        "wizards/sale_quick_order_entry_views.xml",
    ],
    "pre_init_hook": "pre_init_hook",
    "post_init_hook": "post_init_hook",
    "uninstall_hook": "uninstall_hook",
    "assets": {
        "web.assets_backend": [
            "b2b_order_mgmt/static/src/components/**/*",
            "b2b_order_mgmt/static/src/views/*.scss",
        ],
        "web.assets_tests": [
            "b2b_order_mgmt/static/tests/tours/*.js",
        ],
    },
    "demo": [
        "demo/b2b_customer_tier_demo.xml",
        "demo/product_demo.xml",
        "demo/res_partner_demo.xml",
        "demo/b2b_discount_rule_demo.xml",
        "demo/b2b_quantity_rule_demo.xml",
        "demo/sale_order_demo.xml",
    ],
}
