{
    "name": "Pre-Order Campaigns: Purchase Advice",
    "summary": "Purchase plan and purchase advice from pre-orders: RFQs per vendor "
    "at the agreed prices, customers told when the goods arrive",
    "version": "19.0.1.2.0",
    "category": "Inventory/Purchase",
    "author": "Pre-Order Campaigns contributors",
    "website": "https://github.com/preorder-campaigns/preorder",
    "license": "LGPL-3",
    "development_status": "Beta",
    "depends": ["preorder_campaign", "purchase_stock"],
    "data": [
        # Security
        "security/preorder_purchase_security.xml",
        "security/ir.model.access.csv",
        "security/ir_rules.xml",
        # Record data
        "data/mail_template_data.xml",
        # Reports
        "report/preorder_campaign_reports.xml",
        "report/preorder_campaign_templates.xml",
        # Wizards
        "wizard/preorder_purchase_advice_views.xml",
        # Model views
        "views/preorder_purchase_plan_views.xml",
        "views/preorder_campaign_views.xml",
        "views/purchase_order_views.xml",
        # Menus
        "views/preorder_purchase_menus.xml",
    ],
    "demo": [
        "demo/purchase_order_demo.xml",
    ],
    "installable": True,
}
