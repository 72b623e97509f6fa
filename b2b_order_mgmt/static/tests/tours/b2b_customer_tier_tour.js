import { registry } from "@web/core/registry";

// Runs on the demo data: the Gold tier and its B2B Wholesale price list.
registry.category("web_tour.tours").add("b2b_order_mgmt_customer_tier", {
    url: "/odoo/action-b2b_order_mgmt.action_b2b_customer_tier",
    steps: () => [
        {
            content: "The Gold tier is listed with its code",
            trigger: ".o_list_view .o_data_row td[name='code']:contains(GOLD)",
            run: "click",
        },
        {
            content: "Its form shows the tier's price list",
            trigger: ".o_form_view .o_field_widget[name='pricelist_id'] input:value(B2B Wholesale)",
        },
        {
            content: "and how many customer companies are Gold",
            trigger: ".o_form_view button[name='action_view_partners'] .o_stat_value:contains(1)",
            run: "click",
        },
        {
            content: "The button lists them",
            trigger: ".o_kanban_view .o_kanban_record:contains(Northwind Office Supplies Ltd)",
        },
    ],
});
