from . import test_purchase_plan
from . import test_purchase_advice
from . import test_purchase_orders
from . import test_arrival
from . import test_access
from . import test_performance
from . import test_purchase_lines
from . import test_purchase_units
