import { registry } from "@web/core/registry";

const row = (name) => `tr.o_preorder_row:has(.o_preorder_product_name:contains("${name}"))`;

// Data comes from the Python test: the own shop ordered 6 garden tables, 3 of which
// a customer reserved in the shop; the shop buys at 0.
registry.category("web_tour.tours").add("preorder_website_shop_manager", {
    steps: () => [
        {
            content: "The grid is ready",
            trigger:
                "body[is-ready=true] .o_preorder_page .o_preorder_save_state[data-state=saved]",
        },
        {
            content: "The shop sees what its customers reserved",
            trigger: `${row("Garden table")} .o_preorder_reserved:contains(of which reserved for customers: 3)`,
        },
        {
            content: "The shop orders at 0",
            trigger: `${row("Garden table")} .o_preorder_price:contains(0.00)`,
        },
        {
            content: "Fewer than reserved",
            trigger: `${row("Garden table")} input.o_preorder_qty`,
            run: "edit 2",
        },
        {
            content: "Refused: the reserved pieces are in the pre-order",
            trigger: ".o_preorder_save_state[data-state=error]:contains(order at least that many)",
        },
        {
            content: "The saved quantity is back",
            trigger: `${row("Garden table")} input.o_preorder_qty:value(6)`,
        },
        {
            content: "Order 8 tables",
            trigger: `${row("Garden table")} input.o_preorder_qty`,
            run: "edit 8",
        },
        {
            trigger: ".o_preorder_save_state[data-state=saved]",
        },
        {
            content: "And 2 parasols",
            trigger: `${row("Parasol")} input.o_preorder_qty`,
            run: "edit 2",
        },
        {
            trigger: ".o_preorder_save_state[data-state=saved]",
        },
    ],
});
