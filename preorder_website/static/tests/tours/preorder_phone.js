import { registry } from "@web/core/registry";

const FIRST_ROW = "tr.o_preorder_row:first";

/**
 * The first row's quantity input is on screen without scrolling sideways: the
 * page is scrolled vertically only (scrollIntoView could also scroll the grid's
 * scroll container horizontally and hide the fault), and the page itself has
 * nothing wider than the window.
 */
function checkFirstQuantityOnScreen() {
    const input = document.querySelector(`tr.o_preorder_row input.o_preorder_qty`);
    const top = input.getBoundingClientRect().top;
    window.scrollTo(0, window.scrollY + top - window.innerHeight / 2);
    const rect = input.getBoundingClientRect();
    const { innerWidth, innerHeight } = window;
    if (rect.left < 0 || rect.right > innerWidth) {
        throw new Error(
            `The quantity is off screen sideways: ${rect.left}-${rect.right} of ${innerWidth} px`,
        );
    }
    if (rect.top < 0 || rect.bottom > innerHeight) {
        throw new Error(
            `The quantity is off screen: ${rect.top}-${rect.bottom} of ${innerHeight} px`,
        );
    }
    const pageWidth = document.documentElement.scrollWidth;
    if (pageWidth > innerWidth) {
        throw new Error(`The page scrolls sideways: ${pageWidth} px wide in ${innerWidth} px`);
    }
}

/**
 * The demo's spring campaign as its demo customer: the first quantity on
 * screen, one step up with its + button changes the total (`total` is where the
 * layout shows it), the checks of the layout itself (`layout`), then the full
 * summary with its finalize button.
 */
function steps({ total, layout, openSummary, closeSummary }) {
    let totalBefore;
    return [
        {
            content: "The grid is ready",
            trigger:
                "body[is-ready=true] .o_preorder_page .o_preorder_save_state[data-state=saved]",
        },
        {
            content: "The first row's quantity is on screen",
            trigger: `${FIRST_ROW} input.o_preorder_qty`,
            run: checkFirstQuantityOnScreen,
        },
        {
            content: "The total before",
            trigger: total,
            run() {
                totalBefore = this.anchor.textContent.trim();
            },
        },
        {
            content: "One step up with the first row's + button",
            trigger: `${FIRST_ROW} .o_preorder_plus:first`,
            run: "click",
        },
        {
            trigger: ".o_preorder_save_state:not([data-state=saved])",
        },
        {
            trigger: ".o_preorder_save_state[data-state=saved]",
        },
        {
            content: "The total changed",
            trigger: total,
            run() {
                const after = this.anchor.textContent.trim();
                if (after === totalBefore) {
                    throw new Error(`The total is still ${after}`);
                }
            },
        },
        ...layout,
        ...openSummary,
        {
            content: "Finalize is in the full summary",
            trigger: ".o_preorder_summary .o_preorder_finalize_ask",
        },
        ...closeSummary,
        {
            content: "Back to the top of the grid for the screenshot",
            trigger: ".o_preorder_grid",
            async run() {
                document.activeElement?.blur();
                const header = document.querySelector("header");
                const top = this.anchor.getBoundingClientRect().top + window.scrollY;
                window.scrollTo(0, top - (header?.offsetHeight || 0) - 8);
                // The website's header settles after a scroll
                await new Promise((resolve) => setTimeout(resolve, 800));
            },
        },
    ];
}

/**
 * A size/colour matrix wider than its card scrolls inside it, the size column
 * held at its left edge, and the page does not scroll sideways.
 */
function checkMatrixScrollsInItsCard() {
    const scroller = this.anchor;
    window.scrollTo(0, window.scrollY + scroller.getBoundingClientRect().top - 100);
    scroller.scrollLeft = scroller.scrollWidth;
    const sizeLeft = scroller.querySelector("tbody th").getBoundingClientRect().left;
    const cardLeft = scroller.getBoundingClientRect().left;
    if (Math.abs(sizeLeft - cardLeft) > 1) {
        throw new Error(`The size column scrolled away: ${sizeLeft} px, card at ${cardLeft} px`);
    }
    if (document.documentElement.scrollWidth > window.innerWidth) {
        throw new Error("The page scrolls sideways with the matrix");
    }
    scroller.scrollLeft = 0;
}

registry.category("web_tour.tours").add("preorder_website_phone", {
    steps: () =>
        steps({
            total: ".o_preorder_summary_bar [data-field=amount_total]",
            layout: [
                {
                    content: "The drops stack in the card, each with its label",
                    trigger: `${FIRST_ROW} .o_preorder_drop_cell:eq(0) .o_preorder_drop_label:contains(Early spring delivery)`,
                },
                {
                    trigger: `${FIRST_ROW} .o_preorder_drop_cell:eq(1) .o_preorder_drop_label:contains(Late spring delivery)`,
                },
                {
                    content: "A matrix scrolls in its card",
                    trigger: "tr.o_preorder_matrix_block .table-responsive:first",
                    run: checkMatrixScrollsInItsCard,
                },
                {
                    content: "Scan and quick entry open from the bar",
                    trigger:
                        ".o_preorder_summary_bar .o_preorder_bar_tool[aria-controls=o_preorder_entry_tools]",
                    run: "click",
                },
                {
                    trigger: "#o_preorder_entry_tools.show .o_preorder_scan_input",
                },
                {
                    trigger: "#o_preorder_entry_tools.show .o_preorder_quick_input",
                },
                {
                    content: "The filters too, in place of the scan",
                    trigger:
                        ".o_preorder_summary_bar .o_preorder_bar_tool[aria-controls=o_preorder_filter_tools]",
                    run: "click",
                },
                {
                    trigger: "#o_preorder_filter_tools.show .o_preorder_filters input[name=search]",
                },
                {
                    trigger: ".o_preorder_scan_input:not(:visible)",
                },
                {
                    content: "Fold the filters again",
                    trigger:
                        ".o_preorder_summary_bar .o_preorder_bar_tool[aria-controls=o_preorder_filter_tools]",
                    run: "click",
                },
                {
                    trigger: ".o_preorder_filters input[name=search]:not(:visible)",
                },
            ],
            openSummary: [
                {
                    content: "Tap the bar: the full summary opens",
                    trigger: ".o_preorder_summary_bar .o_preorder_bar_open",
                    run: "click",
                },
                {
                    trigger:
                        ".o_preorder_summary_panel.show .o_preorder_summary [data-field=amount_total]",
                },
            ],
            closeSummary: [
                {
                    content: "Close it",
                    trigger: ".o_preorder_summary_panel.show .btn-close",
                    run: "click",
                },
                {
                    trigger: ".o_preorder_summary [data-field=amount_total]:not(:visible)",
                },
            ],
        }),
});

registry.category("web_tour.tours").add("preorder_website_phone_desktop", {
    steps: () =>
        steps({
            total: ".o_preorder_summary [data-field=amount_total]",
            layout: [
                {
                    content:
                        "No bottom bar on a wide screen: scan, quick entry and filters are on the page",
                    trigger: ".o_preorder_summary_bar:not(:visible)",
                },
                {
                    trigger: ".o_preorder_scan_input",
                },
                {
                    trigger: ".o_preorder_quick_input",
                },
                {
                    trigger: ".o_preorder_filters input[name=search]",
                },
            ],
            openSummary: [],
            closeSummary: [],
        }),
});
