import { edit } from "@odoo/hoot-dom";
import { registry } from "@web/core/registry";

const row = (name) => `tr.o_preorder_row:has(.o_preorder_product_name:contains("${name}"))`;
const QUICK = ".o_preorder_quick_entry";
const OPTIONS = `${QUICK} .o_preorder_quick_list.show [role=option]`;

// Keyboard only: the field gets the focus as a Tab would give it, then only keys.
// Data comes from the Python test: the shared campaign "Garden 2027" (tiers from 1000).
registry.category("web_tour.tours").add("preorder_website_quick_entry", {
    steps: () => [
        {
            content: "Focus the quick entry (as a Tab would)",
            trigger: `body[is-ready=true] ${QUICK} .o_preorder_quick_input`,
            run() {
                this.anchor.focus();
            },
        },
        {
            content: "Type a name fragment",
            trigger: `${QUICK} .o_preorder_quick_input:focus`,
            run: () => edit("garden"),
        },
        {
            content: "Three products match: garden chair, old garden chair, garden table",
            trigger: `${OPTIONS}:nth-child(3):contains(Garden table)`,
        },
        {
            content: "Walk down to the garden table",
            trigger: `${QUICK} .o_preorder_quick_input[aria-expanded=true]`,
            run: "press ArrowDown && press ArrowDown && press ArrowDown",
        },
        {
            trigger: `${QUICK} [aria-activedescendant=o_preorder_quick_option_2]`,
            run: "press Enter",
        },
        {
            content: "Picked: the quantity has the focus",
            trigger: `${QUICK} .o_preorder_quick_qty:focus`,
            run: () => edit("5"),
        },
        {
            trigger: `${QUICK} .o_preorder_quick_qty:value(5)`,
            run: "press Enter",
        },
        {
            content: "Saved, said near the field",
            trigger: `${QUICK} .text-success:contains(Garden table: 5 saved)`,
        },
        {
            content: "The row shows it, the summary too",
            trigger: `${row("Garden table")} input.o_preorder_qty:value(5)`,
        },
        {
            trigger: ".o_preorder_summary [data-field=tier_name]:contains(Bronze)",
        },
        {
            content: "The field is empty and keeps the focus: scan or type a barcode",
            trigger: `${QUICK} .o_preorder_quick_input:focus:value(/^$/)`,
            run: () => edit("5400000000035"),
        },
        {
            content: "An exact barcode: Enter picks it",
            trigger: `${QUICK} .o_preorder_quick_input:value(5400000000035)`,
            run: "press Enter",
        },
        {
            trigger: `${QUICK} .o_preorder_quick_input:value(PO-PARASOL Parasol)`,
        },
        {
            trigger: `${QUICK} .o_preorder_quick_qty:focus`,
            run: () => edit("3"),
        },
        {
            trigger: `${QUICK} .o_preorder_quick_qty:value(3)`,
            run: "press Enter",
        },
        {
            trigger: `${QUICK} .o_preorder_quick_message:contains(Parasol: 3 saved)`,
        },
        {
            trigger: `${row("Parasol")} input.o_preorder_qty:value(3)`,
        },
        {
            trigger: `${QUICK} .o_preorder_quick_input:focus:value(/^$/)`,
        },
    ],
});
