import { registry } from "@web/core/registry";

const row = (name) => `tr.o_preorder_row:has(.o_preorder_product_name:contains("${name}"))`;
const qty = (name) => `${row(name)} input.o_preorder_qty`;

// The Python test switches the browser's network off and on when the tour logs
// "preorder-test: offline" / "preorder-test: online" (TestPreorderWebsiteOffline).
registry.category("web_tour.tours").add("preorder_website_offline", {
    steps: () => [
        {
            content: "The campaign page is kept on the phone for use offline",
            trigger:
                "body[is-ready=true] .o_preorder_page[data-offline-ready='1'] .o_preorder_offline_ready:visible",
        },
        {
            content: "The connection drops (in the shop's back room)",
            trigger: ".o_preorder_page",
            run() {
                console.log("preorder-test: offline");
            },
        },
        {
            content: "The page says so plainly",
            trigger: ".o_preorder_save_state:contains(Offline)",
        },
        {
            content: "4 garden tables",
            trigger: qty("Garden table"),
            run: "edit 4",
        },
        {
            content: "3 parasols",
            trigger: qty("Parasol"),
            run: "edit 3",
        },
        {
            content: "Both changes wait on the phone",
            trigger: ".o_preorder_save_state:contains(2 changes kept on this device)",
        },
        {
            content: "Reload while offline",
            trigger: ".o_preorder_page",
            run() {
                window.location.reload();
            },
            expectUnloadPage: true,
        },
        {
            content: "The typed quantities are still there after the reload",
            trigger: `body[is-ready=true] ${qty("Garden table")}:value(4)`,
        },
        {
            trigger: `${qty("Parasol")}:value(3)`,
        },
        {
            trigger: ".o_preorder_save_state:contains(2 changes kept on this device)",
        },
        {
            content: "The connection is back",
            trigger: ".o_preorder_page",
            run() {
                console.log("preorder-test: online");
            },
        },
        {
            content: "The waiting changes are sent",
            trigger: ".o_preorder_save_state[data-state=saved]:contains(All changes saved)",
        },
        {
            content: "Reload online: the server has them",
            trigger: ".o_preorder_page",
            run() {
                window.location.reload();
            },
            expectUnloadPage: true,
        },
        {
            trigger: `body[is-ready=true] ${qty("Garden table")}[data-saved='4.0']:value(4)`,
        },
        {
            trigger: `${qty("Parasol")}[data-saved='3.0']:value(3)`,
        },
    ],
});
