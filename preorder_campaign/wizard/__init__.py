from . import base_partner_merge
from . import preorder_order_grid
from . import preorder_order_grid_line
from . import preorder_order_import
from . import preorder_order_import_line
from . import preorder_allocation_wizard
from . import preorder_allocation_wizard_product
from . import preorder_allocation_wizard_line
