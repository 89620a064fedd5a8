/**
 * What every interaction of a campaign page needs from the page: the base URL of
 * its routes and, in rep mode, the customer the page works for (`partner_id` of
 * every request). `el` is the page or an element inside it.
 */
export function readPage(el) {
    const { campaignId, partnerId } = el.closest(".o_preorder_page").dataset;
    return {
        baseUrl: `/preorder/${campaignId}`,
        partnerId: partnerId ? parseInt(partnerId) : undefined,
    };
}
