import { registry } from "@web/core/registry";

// Starts on a delivered order of the customer (tests/test_return_portal.py):
// 10 B2B Paper delivered, 2 of them sent back.
registry.category("web_tour.tours").add("b2b_order_mgmt_return_portal", {
    steps: () => [
        {
            content: "The delivered order offers a return",
            trigger: "a.o_b2b_return_request_button",
            run: "click",
        },
        {
            content: "The form lists the paper with what can be returned",
            trigger: "tr.o_b2b_return_line[data-product='B2B Paper'] .o_b2b_returnable:contains(10)",
        },
        {
            content: "Send back 2 of the 10",
            trigger: "tr.o_b2b_return_line[data-product='B2B Paper'] input[name^='qty_']",
            run: "edit 2",
        },
        {
            content: "They arrived damaged",
            trigger: "tr.o_b2b_return_line[data-product='B2B Paper'] select[name^='reason_']",
            run: "selectByLabel Damaged in transit",
        },
        {
            content: "with a word about it",
            trigger: "tr.o_b2b_return_line[data-product='B2B Paper'] input[name^='comment_']",
            run: "edit Torn packs",
        },
        {
            content: "Send the request",
            trigger: "button.o_b2b_return_submit",
            run: "click",
        },
        {
            content: "The request's page thanks the customer",
            trigger: ".o_b2b_return_page .o_b2b_return_message:contains(Thank you!)",
        },
        {
            content: "and shows it submitted, with the 2 packs",
            trigger: ".o_b2b_return_page .o_b2b_return_state_badge[data-state='submitted']",
        },
        {
            trigger: ".o_b2b_return_line[data-product='B2B Paper'] .o_b2b_return_quantity:contains(2.00)",
        },
        {
            content: "Back to the list of requests",
            trigger: ".o_portal_submenu a[href='/my/returns']",
            run: "click",
        },
        {
            content: "The request is listed as submitted",
            trigger: "tr.o_b2b_return_row .o_b2b_return_state_badge[data-state='submitted']:contains(Submitted)",
        },
    ],
});
