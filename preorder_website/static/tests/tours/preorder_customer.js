import { registry } from "@web/core/registry";

const row = (name) => `tr.o_preorder_row:has(.o_preorder_product_name:contains("${name}"))`;

// Data comes from the Python test: the shared campaign "Garden 2027" (tiers from 1000).
registry.category("web_tour.tours").add("preorder_website_customer", {
    steps: () => [
        {
            content: "The grid is ready",
            trigger:
                "body[is-ready=true] .o_preorder_page .o_preorder_save_state[data-state=saved]",
        },
        {
            content: "Type 4 garden tables",
            trigger: `${row("Garden table")} input.o_preorder_qty`,
            run: "edit 4",
        },
        {
            content: "Saved, 200 short of the first tier",
            trigger: ".o_preorder_summary [data-field=next_tier_amount]:contains(200.00)",
        },
        {
            content: "One more with the + button",
            trigger: `${row("Garden table")} .o_preorder_plus`,
            run: "click",
        },
        {
            content: "The Bronze tier is reached",
            trigger: ".o_preorder_summary [data-field=tier_name]:contains(Bronze)",
        },
        {
            content:
                "What the tiers count shows beside the untaxed total: 1000 before the discount",
            trigger: ".o_preorder_summary [data-field=tier_balance]:visible:contains(1,000.00)",
        },
        {
            trigger: ".o_preorder_save_state[data-state=saved]",
        },
        {
            content: "Reload the page",
            trigger: ".o_preorder_page",
            run() {
                window.location.reload();
            },
            expectUnloadPage: true,
        },
        {
            content: "The quantity is still there",
            trigger: `body[is-ready=true] ${row("Garden table")} input.o_preorder_qty:value(5)`,
        },
        {
            content: "Choose a delivery date",
            trigger: ".o_preorder_delivery_date",
            run() {
                // A date input: set the ISO value as the browser's picker does.
                this.anchor.value = "2099-06-15";
                this.anchor.dispatchEvent(new Event("change", { bubbles: true }));
            },
        },
        {
            trigger: ".o_preorder_delivery_date.is-valid",
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

registry.category("web_tour.tours").add("preorder_website_rep", {
    steps: () => [
        {
            content: "Search the customer",
            trigger: "body[is-ready=true] .o_preorder_customer_picker input[name=partner_search]",
            run: "edit preorder_portal",
        },
        {
            trigger: ".o_preorder_customer_picker button[type=submit]",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "Pick the customer",
            trigger: ".o_preorder_partner_choices a:contains(preorder_portal)",
            run: "click",
            expectUnloadPage: true,
        },
        {
            trigger: "body[is-ready=true] .o_preorder_rep_banner:contains(preorder_portal)",
        },
        {
            content: "Enter 3 parasols for the customer",
            trigger: `${row("Parasol")} input.o_preorder_qty`,
            run: "edit 3",
        },
        {
            content: "Saved on the server",
            trigger: ".o_preorder_summary [data-field=line_count]:contains(1)",
        },
        {
            trigger: ".o_preorder_save_state[data-state=saved]",
        },
    ],
});

registry.category("web_tour.tours").add("preorder_website_scan", {
    steps: () => [
        {
            content: "Scan the old chair (replaced by the garden chair)",
            trigger: "body[is-ready=true] .o_preorder_scan_input",
            run: "edit 5400000000073",
        },
        {
            trigger: ".o_preorder_scan button[type=submit]",
            run: "click",
        },
        {
            content: "The replacement is announced",
            trigger:
                ".o_preorder_scan_message.text-success:contains(is replaced by):contains(Garden chair)",
        },
        {
            content: "The garden chair has one",
            trigger: `${row("Garden chair")} input.o_preorder_qty:value(1)`,
        },
        {
            content: "An unknown barcode gets a clear message",
            trigger: ".o_preorder_scan_input",
            run: "edit 123",
        },
        {
            trigger: ".o_preorder_scan button[type=submit]",
            run: "click",
        },
        {
            trigger: ".o_preorder_scan_message.text-danger:contains(Unknown barcode)",
        },
    ],
});

registry.category("web_tour.tours").add("preorder_website_outlet", {
    steps: () => [
        {
            content: "Ask for more tables than the stock",
            trigger: `body[is-ready=true] ${row("Garden table")} input.o_preorder_qty`,
            run: "edit 9",
        },
        {
            content: "Capped at the free stock",
            trigger: `${row("Garden table")} input.o_preorder_qty:value(5)`,
        },
        {
            trigger: ".o_preorder_summary [data-field=line_count]:contains(1)",
        },
        {
            trigger: ".o_preorder_save_state[data-state=saved]",
        },
    ],
});
