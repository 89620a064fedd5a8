import { registry } from "@web/core/registry";

// Data comes from the Python test (test_website_matrix): "Deck cushion" in colours
// Red and Blue (the matrix's columns) and sizes S, M, L (its rows); Red L and Blue L
// are not offered.
const BLOCK = `.o_preorder_matrix_block:has(.o_preorder_product_name:contains("Deck cushion"))`;
const cell = (size, column) =>
    `${BLOCK} .o_preorder_matrix_row:has(th:contains("${size}")) td[data-column="${column}"]`;
const RED = 0;
const BLUE = 1;

registry.category("web_tour.tours").add("preorder_website_matrix", {
    steps: () => [
        {
            content: "The cushion is one block; its L row has no cell to fill",
            trigger: `body[is-ready=true] ${cell("L", RED)}.o_preorder_cell_unavailable`,
        },
        {
            content: "Four red cushions in S",
            trigger: `${cell("S", RED)} input.o_preorder_qty`,
            run: "edit 4",
        },
        {
            content: "Two blue cushions in M",
            trigger: `${cell("M", BLUE)} input.o_preorder_qty`,
            run: "edit 2",
        },
        {
            content: "The totals follow: S 4, M 2, red 4, blue 2, in all 6",
            trigger: `${BLOCK} .o_preorder_matrix_total:contains(6)`,
        },
        {
            trigger: `${BLOCK} .o_preorder_matrix_column_total[data-column="${BLUE}"]:contains(2)`,
        },
        {
            content: "Saved",
            trigger: ".o_preorder_save_state[data-state=saved]",
        },
        {
            content: "Scan a blue cushion in S",
            trigger: ".o_preorder_scan_input",
            run: "edit 5400000009991",
        },
        {
            trigger: ".o_preorder_scan button[type=submit]",
            run: "click",
        },
        {
            content: "It lands in its cell",
            trigger: `${cell("S", BLUE)} input.o_preorder_qty:value(1)`,
        },
        {
            trigger: `${BLOCK} .o_preorder_matrix_total:contains(7)`,
        },
        {
            content: "Reload: the server kept every cell",
            trigger: ".o_preorder_save_state[data-state=saved]",
            run: () => window.location.reload(),
            expectUnloadPage: true,
        },
        {
            trigger: `body[is-ready=true] ${cell("S", RED)} input.o_preorder_qty:value(4)`,
        },
        {
            trigger: `${cell("M", BLUE)} input.o_preorder_qty:value(2)`,
        },
        {
            trigger: `${cell("S", BLUE)} input.o_preorder_qty:value(1)`,
        },
        {
            trigger: `${BLOCK} .o_preorder_matrix_total:contains(7)`,
        },
    ],
});
