from . import test_invite_mailing_list
