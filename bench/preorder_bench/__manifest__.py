{
    "name": "Pre-Order Campaigns: Benchmark",
    "summary": "Measures the pre-order against Odoo's own baselines in one run "
    "(bench/run); holds no data and no feature",
    "version": "19.0.1.0.0",
    "category": "Hidden/Tests",
    "author": "Pre-Order Campaigns contributors",
    "website": "https://github.com/preorder-campaigns/preorder",
    "license": "LGPL-3",
    "depends": ["preorder_website", "preorder_purchase", "website_sale_loyalty"],
    "data": [],
    "installable": True,
}
