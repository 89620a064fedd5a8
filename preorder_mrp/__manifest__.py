{
    "name": "Pre-Order Campaigns: Manufacturing",
    "summary": "Manufacturing orders instead of RFQs in the purchase advice for campaign "
    "products made in-house",
    "version": "19.0.1.0.0",
    "category": "Manufacturing/Manufacturing",
    "author": "Pre-Order Campaigns contributors",
    "website": "https://github.com/preorder-campaigns/preorder",
    "license": "LGPL-3",
    "development_status": "Beta",
    "depends": ["preorder_purchase", "mrp"],
    "data": [
        # Security
        "security/preorder_mrp_security.xml",
        # Wizards
        "wizard/preorder_purchase_advice_views.xml",
        # Model views
        "views/preorder_campaign_views.xml",
        "views/mrp_production_views.xml",
    ],
    "demo": [
        "demo/product_demo.xml",
        "demo/sale_order_demo.xml",
    ],
    "installable": True,
    "auto_install": True,
}
