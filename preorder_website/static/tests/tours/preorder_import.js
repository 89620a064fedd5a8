import { registry } from "@web/core/registry";

const row = (name) => `tr.o_preorder_row:has(.o_preorder_product_name:contains("${name}"))`;

// Data comes from the Python test: the shared campaign "Garden 2027".
registry.category("web_tour.tours").add("preorder_website_paste", {
    steps: () => [
        {
            content: "The grid is ready",
            trigger:
                "body[is-ready=true] .o_preorder_page .o_preorder_save_state[data-state=saved]",
        },
        {
            content: "Paste two columns copied from a spreadsheet",
            trigger: ".o_preorder_paste_text",
            run() {
                // Several lines: the "edit" action takes one line only.
                this.anchor.value = "PO-TABLE\t2\nPO-CHAIR\t6\nPO-NOPE\t1";
                this.anchor.dispatchEvent(new Event("input", { bubbles: true }));
            },
        },
        {
            trigger: ".o_preorder_paste_submit",
            run: "click",
        },
        {
            content: "The refused row is listed with its reason",
            trigger: ".o_preorder_paste_refused li:contains(Unknown reference PO-NOPE)",
        },
        {
            content: "The grid shows the saved quantities",
            trigger: `${row("Garden chair")} input.o_preorder_qty:value(6)`,
        },
        {
            trigger: `${row("Garden table")} input.o_preorder_qty:value(2)`,
        },
        {
            content: "The summary follows",
            trigger: ".o_preorder_summary [data-field=line_count]:contains(2)",
        },
    ],
});

registry.category("web_tour.tours").add("preorder_website_import", {
    steps: () => [
        {
            content: "The grid is ready",
            trigger:
                "body[is-ready=true] .o_preorder_page .o_preorder_save_state[data-state=saved]",
        },
        {
            content: "Choose a CSV file",
            trigger: ".o_preorder_import_form input[type=file]",
            run() {
                const file = new File(["Reference;Quantity\nPO-PARASOL;3\n"], "order.csv", {
                    type: "text/csv",
                });
                const transfer = new DataTransfer();
                transfer.items.add(file);
                this.anchor.files = transfer.files;
            },
        },
        {
            content: "Preview it",
            trigger: ".o_preorder_import_submit",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The preview lists the recognised product",
            trigger: ".o_preorder_import_row:contains(Parasol)",
        },
        {
            content: "Apply",
            trigger: ".o_preorder_import_apply",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "Back on the grid, with the imported quantity",
            trigger: `body[is-ready=true] .o_preorder_imported`,
        },
        {
            trigger: `${row("Parasol")} input.o_preorder_qty:value(3)`,
        },
    ],
});
