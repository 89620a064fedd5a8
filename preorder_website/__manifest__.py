{
    "name": "Pre-Order Campaigns on the Website",
    "summary": "Customers and sales reps build pre-orders on the website: "
    "/preorder and /outlet, an order grid with realtime saving, scanning and checkout",
    "version": "19.0.1.1.0",
    "category": "Website/eCommerce",
    "author": "Pre-Order Campaigns contributors",
    "website": "https://github.com/preorder-campaigns/preorder",
    "license": "LGPL-3",
    "development_status": "Beta",
    "depends": ["preorder_campaign", "website_sale"],
    "data": [
        # Record data
        "data/website_menu_data.xml",
        # QWeb templates
        "views/preorder_templates.xml",
        "views/preorder_import_templates.xml",
        "views/portal_templates.xml",
        # Model views
        "views/preorder_campaign_views.xml",
    ],
    "demo": [
        "demo/preorder_website_demo.xml",
    ],
    "assets": {
        "web.assets_frontend": [
            "preorder_website/static/src/interactions/**/*",
            "preorder_website/static/src/scss/**/*",
        ],
        "web.assets_tests": [
            "preorder_website/static/tests/tours/**/*",
        ],
        "web.assets_unit_tests": [
            "preorder_website/static/tests/interactions/**/*",
        ],
        "web.assets_unit_tests_setup": [
            "preorder_website/static/src/interactions/**/*",
        ],
    },
    "installable": True,
}
