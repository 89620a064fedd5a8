from . import test_campaign_counters
from . import test_campaign_reminders
from . import test_campaign_security
from . import test_campaign_selection
from . import test_campaign_state
