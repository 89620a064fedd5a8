from . import preorder_discount_rule
from . import preorder_campaign
from . import preorder_campaign_session
from . import preorder_campaign_reminder
from . import product_product
from . import res_partner
from . import sale_order
from . import sale_order_line
