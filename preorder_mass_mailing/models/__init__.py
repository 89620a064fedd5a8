from . import preorder_campaign
from . import preorder_campaign_invitation
