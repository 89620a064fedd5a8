from . import mrp_production
from . import preorder_campaign
from . import preorder_purchase_plan
