import { registry } from "@web/core/registry";

// Starts on a B2B quotation (tests/test_price_story_tour.py): 60 reams of paper
// at the Gold tier's price list (-12%), a volume rule (-5% from 50) and a 10%
// promotion, beside 10 pens.
const story = ".o_b2b_price_story";
const paperIcon =
    ".o_form_view div[name='order_line'] .o_data_row:contains(B2B Paper) .o_b2b_price_story_button";

registry.category("web_tour.tours").add("b2b_order_mgmt_price_story", {
    steps: () => [
        {
            content: "Open the price story of the paper",
            trigger: paperIcon,
            run: "click",
        },
        {
            content: "It starts from the list price",
            trigger: `${story} tbody tr:nth-child(1)[data-kind='list']:contains(List price):contains(10.00)`,
        },
        {
            content: "then the price list: -12%, saves 72.00 on 60 units",
            trigger: `${story} tbody tr:nth-child(2)[data-kind='pricelist']:contains(-12%):contains(8.80):contains(72.00)`,
        },
        {
            content: "then the bulk rule, by its customer label",
            trigger: `${story} tbody tr:nth-child(3)[data-kind='rule']:contains(Volume discount):contains(-5%):contains(8.36):contains(26.40)`,
        },
        {
            content: "then the promotion's share of the line",
            trigger: `${story} tbody tr:nth-child(4)[data-kind='coupon']:contains(Ten off everything):contains(7.52):contains(50.16)`,
        },
        {
            content: "and the net price",
            trigger: `${story} tbody tr:nth-child(5)[data-kind='net']:contains(Net price):contains(7.52)`,
        },
        {
            content: "What the line saves in all",
            trigger: `${story} .o_b2b_price_story_total:contains(Total Saved):contains(148.56)`,
        },
        {
            content: "then the next break of the line's quantity",
            trigger: `${story} .o_b2b_price_story_hint:contains(Order 40 Units more to get 8%)`,
        },
        {
            content: "The line did not open for editing",
            trigger: ".o_form_view div[name='order_line']:not(:has(.o_selected_row))",
        },
        {
            content: "The promotion's own line has no story: its share is in the products'",
            trigger:
                ".o_form_view div[name='order_line'] .o_data_row:contains(on your order):not(:has(.o_b2b_price_story_button))",
        },
        {
            content: "Close the story",
            trigger: ".o_form_view .o_form_sheet",
            run: "click",
        },
        {
            trigger: `body:not(:has(${story}))`,
        },
        {
            content: "Add a line",
            trigger: ".o_form_view div[name='order_line'] a:contains(Add a product)",
            run: "click",
        },
        {
            trigger: ".o_data_row.o_selected_row div[name='product_template_id'] input",
            run: "edit B2B Pens",
        },
        {
            trigger: "ul.ui-autocomplete a:contains(B2B Pens)",
            run: "click",
        },
        {
            content: "The new line's story needs the quotation saved first",
            trigger: ".o_data_row.o_selected_row .o_b2b_price_story_button",
            run: "click",
        },
        {
            trigger: `${story}:contains(Save the quotation to see the price story)`,
        },
        {
            content: "Leave the quotation as it was",
            trigger: ".o_form_view .o_form_button_cancel",
            run: "click",
        },
        {
            content: "Nothing left to save",
            trigger: ".o_form_view .o_form_status_indicator_buttons.invisible:not(:visible)",
        },
    ],
});
