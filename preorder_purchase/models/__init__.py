from . import preorder_campaign
from . import preorder_purchase_plan
from . import purchase_order
from . import purchase_order_line
from . import sale_order
from . import stock_picking
