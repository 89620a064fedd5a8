from . import preorder_campaign_invite
