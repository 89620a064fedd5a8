import { registry } from "@web/core/registry";

// Data comes from the Python test (test_website_content_blocks): the admin opens
// "Garden 2027" for Garden Center Green in the website editor.
registry.category("web_tour.tours").add("preorder_content_blocks", {
    steps: () => [
        {
            content: "Wait for the edit mode",
            trigger: ".o_builder_sidebar_open",
            timeout: 30000,
        },
        {
            content: "The area above the grid is the campaign's own, editable",
            trigger: ":iframe .o_preorder_content_top[data-oe-field=website_content_top]",
        },
        {
            content: "Drag the Text blocks onto the area above the grid",
            trigger:
                ".o_block_tab:not(.o_we_ongoing_insertion) #snippet_groups .o_snippet[name='Text'].o_draggable .o_snippet_thumbnail",
            run: "drag_and_drop :iframe .o_preorder_content_top",
        },
        {
            content: "Pick the Text block",
            trigger:
                ".modal .show:iframe .o_snippet_preview_wrap[data-snippet-id='s_text_block']:not(.d-none)",
            run: "click",
        },
        {
            content: "It sits above the grid, in the campaign's area",
            trigger: ":iframe .o_preorder_content_top .s_text_block",
        },
        // Not saved here: with Debian's Chromium 156 the editor's renderer stops
        // answering once text is edited or saved, in Odoo's own editor tours too
        // (website's test_29_website_text_edition). The save itself is tested
        // through the editor's own call (test_editor_saves_*).
    ],
});
