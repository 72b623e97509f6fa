import { registry } from "@web/core/registry";

// Runs on the demo data: Contoso's quotation and the office-supply products.
registry.category("web_tour.tours").add("b2b_order_mgmt_quick_entry", {
    steps: () => [
        {
            content: "Open the quick entry from the quotation",
            trigger: ".o_form_view button[name='action_b2b_open_quick_entry']",
            run: "click",
        },
        {
            content: "Paste an internal reference, an unknown SKU and a barcode",
            trigger: ".modal div[name='input_text'] textarea",
            // One row per line: a function, as "edit ..." takes a single line.
            run: (helpers) => helpers.edit("B2B-PEN-50\t10\nB2B-NOPE 3\n4006381000031;2"),
        },
        {
            content: "Add them to the order",
            trigger: ".modal button[name='action_add_lines']",
            run: "click",
        },
        {
            content: "The unknown SKU is listed with its row and why",
            trigger:
                ".modal div[name='result_ids'] .o_data_row:contains(B2B-NOPE 3):contains(No product has this Internal Reference or barcode)",
        },
        {
            content: "and it is back in the input, to fix",
            trigger: ".modal div[name='input_text'] textarea:value(B2B-NOPE 3)",
        },
        {
            content: "Close",
            trigger: ".modal .modal-footer button:contains(Close)",
            run: "click",
        },
        {
            content: "The good rows are on the quotation",
            trigger:
                ".o_form_view div[name='order_line'] .o_data_row:contains(Heavy-duty Stapler)",
        },
        {
            content: "with the pens",
            trigger: ".o_form_view div[name='order_line'] .o_data_row:contains(Ballpoint Pens)",
        },
    ],
});
