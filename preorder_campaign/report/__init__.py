from . import preorder_campaign_report
