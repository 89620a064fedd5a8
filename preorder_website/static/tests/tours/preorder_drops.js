import { registry } from "@web/core/registry";

const row = (name) => `tr.o_preorder_row:has(.o_preorder_product_name:contains("${name}"))`;
const cell = (name, drop) => `${row(name)} .o_preorder_drop_cell:eq(${drop}) input.o_preorder_qty`;

// Data comes from the Python test: the campaign has two drops, March and May.
registry.category("web_tour.tours").add("preorder_website_drops", {
    steps: () => [
        {
            content: "One column per drop",
            trigger: "body[is-ready=true] .o_preorder_drop_head:contains(March drop)",
        },
        {
            trigger: ".o_preorder_drop_head:contains(May drop)",
        },
        {
            content: "3 tables in March",
            trigger: cell("Garden table", 0),
            run: "edit 3",
        },
        {
            trigger: ".o_preorder_save_state[data-state=saved]",
        },
        {
            content: "2 tables in May",
            trigger: cell("Garden table", 1),
            run: "edit 2",
        },
        {
            content: "Both drops together reach the first tier",
            trigger: ".o_preorder_summary [data-field=tier_name]:contains(Bronze)",
        },
        {
            trigger: ".o_preorder_save_state[data-state=saved]",
        },
        {
            content: "Each drop's total is in the summary",
            trigger: ".o_preorder_drop_totals dd:contains(392.00)",
        },
        {
            content: "Reload: both drops keep their quantities",
            trigger: ".o_preorder_page",
            run() {
                window.location.reload();
            },
            expectUnloadPage: true,
        },
        {
            trigger: `body[is-ready=true] ${cell("Garden table", 0)}:value(3)`,
        },
        {
            trigger: `${cell("Garden table", 1)}:value(2)`,
        },
        {
            content: "Finalize",
            trigger: ".o_preorder_finalize_ask",
            run: "click",
        },
        {
            content: "Confirm",
            trigger: ".o_preorder_finalize_confirm_button:visible",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The pre-order is finalized",
            trigger: ".o_preorder_finalized_message",
        },
    ],
});
