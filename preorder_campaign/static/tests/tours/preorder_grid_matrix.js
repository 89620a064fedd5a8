import { registry } from "@web/core/registry";

// Data comes from the Python test (test_order_grid_matrix): "Grid cushion" in sizes S
// and M (the matrix's columns) and colours Red and Blue (its rows); M Blue is left
// out of the campaign "Garden 2027".
registry.category("web_tour.tours").add("preorder_backoffice_grid_matrix", {
    steps: () => [
        {
            content: "Enter a pre-order for this customer",
            trigger: ".o_form_view button[name=action_preorder_open_grid]",
            run: "click",
        },
        {
            content: "Pick the campaign",
            trigger: ".modal .o_field_widget[name=campaign_id] input",
            run: "edit Garden 2027",
        },
        {
            trigger: ".o-autocomplete--dropdown-menu a:contains(Garden 2027)",
            run: "click",
        },
        {
            trigger: ".modal button[name=action_open_grid]",
            run: "click",
        },
        {
            content: "The cushion's rows have a matrix button",
            trigger:
                ".o_data_row:contains('Grid cushion (S, Red)') button[name=action_open_matrix]",
            run: "click",
        },
        {
            content: "Odoo's matrix dialog: M Blue is not available",
            trigger: ".modal .o_matrix_input_table:contains(Not available)",
        },
        {
            content: "Five red cushions in S",
            trigger: ".modal .o_matrix_input_table tr:contains(Red) .o_matrix_input:eq(0)",
            run: "edit 5",
        },
        {
            trigger: ".modal .o_matrix_input_table tr:contains(Blue) .o_matrix_input:eq(0)",
            run: "edit 2",
        },
        {
            trigger: ".modal-footer button.btn-primary:contains(Confirm)",
            run: "click",
        },
        {
            content: "The grid shows what was saved",
            trigger: ".o_data_row:contains('Grid cushion (S, Red)') td[name=quantity]:contains(5)",
        },
        {
            trigger: ".o_data_row:contains('Grid cushion (S, Blue)') td[name=quantity]:contains(2)",
        },
    ],
});
