import { registry } from "@web/core/registry";

// Data comes from the Python test (test_campaign_analysis): "Garden 2027" compared with
// "Garden 2026"; the customer with only drafts, the one laggard of 2027, carries the name
// of its portal login ("preorder_portal ...", see PreorderCommon).
registry.category("web_tour.tours").add("preorder_campaign_analysis", {
    steps: () => [
        {
            content: "Open the campaign's analysis tab",
            trigger: ".o_notebook .nav-link:contains(Analysis)",
            run: "click",
        },
        {
            content: "Both campaigns side by side",
            trigger: ".o_preorder_analysis th:contains(Garden 2026)",
        },
        {
            content: "One laggard this year: list it",
            trigger: ".o_preorder_analysis button[name=action_view_laggards]:contains(1)",
            run: "click",
        },
        {
            content: "The customer to chase",
            trigger: ".o_list_view .o_data_row:contains(preorder_portal)",
        },
        {
            trigger: ".o_breadcrumb .breadcrumb-item a:contains(Garden 2027)",
            run: "click",
        },
        {
            trigger: ".o_notebook .nav-link:contains(Analysis)",
            run: "click",
        },
        {
            content: "Open the analysis",
            trigger: ".o_notebook button[name=action_view_analysis]",
            run: "click",
        },
        {
            content: "The pivot has a column per campaign",
            trigger: ".o_pivot thead th:contains(Garden 2026)",
        },
        {
            trigger: ".o_pivot thead th:contains(Garden 2027)",
        },
    ],
});
