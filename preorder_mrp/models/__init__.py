from . import mrp_production
from . import preorder_campaign
