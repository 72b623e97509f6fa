import { registry } from "@web/core/registry";

// Starts on the quick order pad of a Gold-tier customer's buyer
// (tests/test_portal_quick_order.py): five SKUs pasted as from a spreadsheet,
// checked, then sent as a quotation request.
registry.category("web_tour.tours").add("b2b_order_mgmt_quick_order_pad", {
    steps: () => [
        {
            content: "Paste five SKUs and their quantities",
            trigger: "textarea.o_b2b_quick_order_input",
            // A function: a run string stops at the first line break.
            async run(helpers) {
                await helpers.edit("T-PAPER\t10\nT-PENS;20\nT-CHAIR 2\nT-STAPLER,3\nT-TONER 1");
            },
        },
        {
            content: "Check them",
            trigger: "button.o_b2b_quick_order_check",
            run: "click",
        },
        {
            content: "The pens come at the Gold tier's price",
            trigger: "tr.o_b2b_quick_order_line[data-sku='T-PENS'] .o_b2b_line_price:contains(4.00)",
        },
        {
            content: "and the five lines are listed, none rejected",
            trigger: ".o_b2b_quick_order_lines:not(:has(.o_b2b_line_warning))",
        },
        {
            trigger: "tr.o_b2b_quick_order_line[data-sku='T-TONER']",
        },
        {
            content: "What was pasted is still there",
            trigger: "textarea.o_b2b_quick_order_input:value(T-STAPLER,3)",
        },
        {
            content: "Send the quotation request",
            trigger: "button.o_b2b_quick_order_send",
            run: "click",
        },
        {
            content: "The new quotation's page confirms it",
            trigger: ".o_b2b_order_notice:contains(quotation request has been sent)",
        },
    ],
});
