import { registry } from "@web/core/registry";

// Data comes from the Python test (test_campaign_invitations): "Garden 2027" is for
// the VIP customers, Garden Center Green and Gold Garden; nobody was invited yet.
registry.category("web_tour.tours").add("preorder_campaign_invite", {
    steps: () => [
        {
            content: "Invite the campaign's customers",
            trigger: ".o_form_view .o_form_statusbar button:contains(Invite Customers)",
            run: "click",
        },
        {
            content: "The VIP customers are proposed, with their addresses",
            trigger: ".modal .o_preorder_invite_partners .o_data_row:contains(gold@example.com)",
        },
        {
            trigger: ".modal .o_preorder_invite_partners .o_data_row:contains(Gold Garden)",
        },
        {
            content: "Send",
            trigger: ".modal button[name=action_invite]:contains(Send Invitations)",
            run: "click",
        },
        {
            content: "Done",
            trigger: ".o_notification:contains(2 customers invited)",
        },
        {
            content: "The campaign counts them",
            trigger: ".o_form_view .oe_stat_button:contains(Invited):contains(2)",
        },
    ],
});
