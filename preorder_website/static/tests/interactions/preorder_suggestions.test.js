import { beforeEach, describe, expect, test } from "@odoo/hoot";
import { click } from "@odoo/hoot-dom";
import { advanceTime, animationFrame } from "@odoo/hoot-mock";
import { onRpc, patchWithCleanup } from "@web/../tests/web_test_helpers";
import { setupInteractionWhiteList, startInteractions } from "@web/../tests/public/helpers";
import { offlineDatabase } from "@preorder_website/interactions/preorder_offline_store";
import { PreorderSuggestions } from "@preorder_website/interactions/preorder_suggestions";

setupInteractionWhiteList(["preorder_website.grid", "preorder_website.suggestions"]);
describe.current.tags("interaction_dev");
// Nothing a previous test left on the "device"
beforeEach(() => offlineDatabase().invalidate());

const PAGE = `
    <div class="o_preorder_page" data-campaign-id="7">
        <div class="o_preorder_suggestions">
            <button type="button" class="o_preorder_accept_all" data-source="5">Use all</button>
            <span class="o_preorder_suggestions_message"></span>
        </div>
        <span class="o_preorder_save_state"></span>
        <table><tbody class="o_preorder_rows">
            <tr class="o_preorder_row" data-product-id="11"><td>
                <input type="number" class="o_preorder_qty" data-product-id="11" data-saved="" value="" step="1"/>
                <button type="button" class="o_preorder_use_suggestion" data-quantity="6">Use</button>
            </td></tr>
        </tbody></table>
    </div>`;

test("a row's suggestion is saved like typing, only on its click", async () => {
    onRpc("/preorder/7/save", async (request) => {
        const { params } = await request.json();
        expect.step(params.quantities);
        return { lines: { 11: 6 }, summary: {} };
    });
    await startInteractions(PAGE);
    await advanceTime(1000);
    expect.verifySteps([], { message: "nothing saved without a click" });
    await click(".o_preorder_use_suggestion");
    expect(".o_preorder_qty").toHaveValue(6);
    await advanceTime(1000);
    await animationFrame();
    expect.verifySteps([{ 11: "6" }]);
});

test("use all asks the server for one save, then shows the stored page", async () => {
    patchWithCleanup(PreorderSuggestions.prototype, {
        reload() {
            expect.step("reload");
        },
    });
    onRpc("/preorder/7/accept_suggestions", async (request) => {
        const { params } = await request.json();
        expect.step(`accept ${params.source}`);
        return { saved: 3, summary: {} };
    });
    await startInteractions(PAGE);
    await click(".o_preorder_accept_all");
    await animationFrame();
    expect.verifySteps(["accept 5", "reload"]);
    expect(".o_preorder_suggestions_message").toHaveText("3 products taken over.");
});

test("a refusal is shown and nothing reloads", async () => {
    onRpc("/preorder/7/accept_suggestions", () => ({ error: "The deadline has passed." }));
    await startInteractions(PAGE);
    await click(".o_preorder_accept_all");
    await animationFrame();
    expect(".o_preorder_suggestions_message").toHaveText("The deadline has passed.");
});
