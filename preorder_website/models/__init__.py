from . import ir_http
from . import preorder_campaign
from . import res_partner
from . import sale_order
from . import website_menu
