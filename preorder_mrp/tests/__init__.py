from . import test_production_advice
from . import test_production_performance
from . import test_production_drops
