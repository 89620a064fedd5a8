from . import preorder_purchase_advice
from . import preorder_purchase_advice_line
