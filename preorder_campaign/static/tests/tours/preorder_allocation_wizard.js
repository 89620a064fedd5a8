import { registry } from "@web/core/registry";

// Data comes from the Python test (test_campaign_allocation): in "Garden 2027", Garden
// Center Green ordered 30 tables and Gold Garden 10; only 20 come.
registry.category("web_tour.tours").add("preorder_allocation_wizard", {
    steps: () => [
        {
            content: "Open the allocation wizard from the campaign",
            trigger: ".o_form_view .o_form_statusbar button:contains(Allocate)",
            run: "click",
        },
        {
            content: "The tables ordered are listed",
            trigger:
                ".modal .o_preorder_allocation_products .o_data_row:contains(Garden table) td[name=ordered_qty]:contains(40)",
        },
        {
            content: "Only 20 tables come",
            trigger:
                ".modal .o_preorder_allocation_products .o_data_row:contains(Garden table) td[name=available_qty]",
            run: "click",
        },
        {
            // The row being edited shows its product in an input: no text to match.
            trigger:
                ".modal .o_preorder_allocation_products .o_selected_row td[name=available_qty] input",
            run: "edit 20",
        },
        {
            content: "Preview",
            trigger: ".modal button[name=action_preview]",
            run: "click",
        },
        {
            content: "Green gets 15 of his 30",
            trigger:
                ".modal .o_preorder_allocation_preview .o_data_row:contains(Garden table):contains(30.00) td[name=proposed_qty]:contains(15)",
        },
        {
            trigger:
                ".modal .o_preorder_allocation_preview .o_data_row:contains(Gold Garden):contains(Garden table) td[name=proposed_qty]:contains(5.00)",
        },
        {
            content: "Apply",
            trigger: ".modal button[name=action_apply]",
            run: "click",
        },
        {
            content: "Confirm",
            trigger: ".modal-footer button.btn-primary:contains(Ok)",
            run: "click",
        },
        {
            content: "Done: the customers are told",
            trigger: ".o_notification:contains(Allocation applied)",
        },
    ],
});
