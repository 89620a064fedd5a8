import base64

from odoo.tests import tagged

from odoo.addons.preorder_campaign.tests.common import PIXEL_PNG

from .common import PreorderWebsiteCommon


@tagged("post_install", "-at_install")
class TestPreorderWebsiteInvitations(PreorderWebsiteCommon):
    """With the website, an invitation leads to the campaign's page, and its picture
    shows to a reader who is not signed in."""

    def test_invitation_links_to_the_campaign_page_with_its_picture(self):
        self.campaign.image_1920 = PIXEL_PNG
        invitations = self.campaign._invite_partners(self.customer | self.customer_gold)
        page = self.campaign.get_base_url() + f"/preorder/{self.campaign.id}"
        self.assertEqual(set(invitations.mapped("campaign_url")), {page})
        self.assertEqual(self.campaign._get_invitation_link(), page)

        # an unpublished campaign's picture is not public: the token opens it
        self.campaign.is_published = False
        self.authenticate(None, None)
        image = base64.b64decode(self.campaign.image_512)
        picture = self.url_open(invitations[0].image_url)
        self.assertEqual(picture.status_code, 200)
        self.assertEqual(picture.content, image)
        guessed = self.url_open(f"/web/image/preorder.campaign/{self.campaign.id}/image_512")
        self.assertNotEqual(guessed.content, image, "Odoo's placeholder without the token")
