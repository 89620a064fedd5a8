{
    "name": "Pre-Order Campaigns: Email Marketing",
    "summary": "Invite a campaign's customers through a mailing list of Email Marketing",
    "version": "19.0.1.0.0",
    "category": "Marketing/Email Marketing",
    "author": "Pre-Order Campaigns contributors",
    "website": "https://github.com/preorder-campaigns/preorder",
    "license": "LGPL-3",
    "development_status": "Beta",
    "depends": ["preorder_campaign", "mass_mailing"],
    "data": [
        "wizard/preorder_campaign_invite_views.xml",
        "views/preorder_campaign_views.xml",
    ],
    "installable": True,
    "auto_install": True,
}
