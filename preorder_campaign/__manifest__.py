{
    "name": "Pre-Order Campaigns",
    "summary": "Pre-order and outlet campaigns: selected customers order selected "
    "products before a deadline, with tiered discounts on the order total",
    "version": "19.0.1.2.0",
    "category": "Sales/Sales",
    "author": "Pre-Order Campaigns contributors",
    "website": "https://github.com/preorder-campaigns/preorder",
    "license": "LGPL-3",
    "development_status": "Beta",
    "depends": ["sale_stock", "product_matrix", "product_brand"],
    "data": [
        # Security
        "security/preorder_campaign_security.xml",
        "security/ir.model.access.csv",
        "security/ir_rules.xml",
        # Record data
        "data/ir_cron_data.xml",
        "data/mail_template_data.xml",
        # Reports
        "report/sale_order_report_templates.xml",
        "report/preorder_campaign_report_views.xml",
        # Wizards
        "wizard/preorder_order_import_views.xml",
        "wizard/preorder_order_grid_views.xml",
        "wizard/preorder_allocation_wizard_views.xml",
        "wizard/preorder_campaign_invite_views.xml",
        # Model views
        "views/preorder_campaign_views.xml",
        "views/preorder_discount_rule_views.xml",
        "views/sale_order_views.xml",
        "views/preorder_delivery_drop_views.xml",
        "views/product_product_views.xml",
        "views/res_partner_views.xml",
        # Menus
        "views/preorder_campaign_menus.xml",
    ],
    "assets": {
        "web.assets_backend": [
            "preorder_campaign/static/src/js/**/*",
        ],
        "web.assets_tests": [
            "preorder_campaign/static/tests/tours/**/*",
        ],
        "web.assets_unit_tests": [
            "preorder_campaign/static/tests/*.test.js",
        ],
    },
    "demo": [
        "demo/res_partner_demo.xml",
        "demo/res_users_demo.xml",
        "demo/product_demo.xml",
        "demo/stock_quant_demo.xml",
        "demo/preorder_campaign_demo.xml",
        "demo/preorder_delivery_drop_demo.xml",
        "demo/preorder_campaign_invitation_demo.xml",
        "demo/sale_order_demo.xml",
        "demo/own_shop_demo.xml",
    ],
    "application": True,
    "installable": True,
}
