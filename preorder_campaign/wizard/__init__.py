from . import base_partner_merge
from . import preorder_order_grid
from . import preorder_order_grid_line
