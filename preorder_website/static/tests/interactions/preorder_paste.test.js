import { beforeEach, describe, expect, test } from "@odoo/hoot";
import { click, edit, manuallyDispatchProgrammaticEvent } from "@odoo/hoot-dom";
import { animationFrame } from "@odoo/hoot-mock";
import { onRpc } from "@web/../tests/web_test_helpers";
import { setupInteractionWhiteList, startInteractions } from "@web/../tests/public/helpers";
import { offlineDatabase } from "@preorder_website/interactions/preorder_offline_store";

setupInteractionWhiteList(["preorder_website.grid", "preorder_website.paste"]);
describe.current.tags("interaction_dev");
// Nothing a previous test left on the "device"
beforeEach(() => offlineDatabase().invalidate());

const PAGE = `
    <div class="o_preorder_page" data-campaign-id="7">
        <span class="o_preorder_save_state"></span>
        <table><tbody class="o_preorder_rows">
            <tr class="o_preorder_row" data-product-id="11"><td>
                <input type="number" class="o_preorder_qty" data-product-id="11" data-saved="" value="" step="1"/>
            </td></tr>
            <tr class="o_preorder_row" data-product-id="12"><td>
                <input type="number" class="o_preorder_qty" data-product-id="12" data-saved="" value="" step="1"/>
            </td></tr>
        </tbody></table>
        <form class="o_preorder_paste">
            <textarea class="o_preorder_paste_text"></textarea>
            <button type="submit" class="o_preorder_paste_submit">Add</button>
            <div class="o_preorder_paste_message"></div>
            <ul class="o_preorder_paste_refused"></ul>
        </form>
    </div>`;

function answer(params) {
    expect.step(params.text);
    return {
        lines: { 11: 3, 12: 2 },
        saved_count: 2,
        refused: [
            { row: 3, reference: "PO-NOPE", quantity: "1", reason: "Unknown reference PO-NOPE." },
        ],
        summary: {},
    };
}

test("pasted rows are saved in one request, refused ones are listed and kept", async () => {
    onRpc("/preorder/7/paste", async (request) => answer((await request.json()).params));
    await startInteractions(PAGE);
    await click(".o_preorder_paste_text");
    await edit("PO-TABLE\t3\nPO-CHAIR\t2\nPO-NOPE\t1");
    await click(".o_preorder_paste_submit");
    await animationFrame();
    expect.verifySteps(["PO-TABLE\t3\nPO-CHAIR\t2\nPO-NOPE\t1"]);
    expect("input[data-product-id='11']").toHaveValue(3);
    expect("input[data-product-id='12']").toHaveValue(2);
    expect(".o_preorder_paste_message").toHaveText("2 products saved, 1 rows refused:");
    expect(".o_preorder_paste_refused li").toHaveText(
        "Row 3 (PO-NOPE): Unknown reference PO-NOPE.",
    );
    expect(".o_preorder_paste_text").toHaveValue("PO-NOPE\t1");
});

test("cells pasted onto the grid go to the paste route, one value stays in its input", async () => {
    onRpc("/preorder/7/paste", async (request) => answer((await request.json()).params));
    await startInteractions(PAGE);
    const input = document.querySelector("input[data-product-id='11']");
    const paste = (text) => {
        const data = new DataTransfer();
        data.setData("text/plain", text);
        return manuallyDispatchProgrammaticEvent(input, "paste", { clipboardData: data });
    };
    await paste("5");
    await animationFrame();
    expect.verifySteps([]);
    await paste("PO-TABLE\t3\r\nPO-CHAIR\t2\r\n");
    await animationFrame();
    expect.verifySteps(["PO-TABLE\t3\r\nPO-CHAIR\t2\r\n"]);
    expect("input[data-product-id='12']").toHaveValue(2);
});

test("a refusal of the whole paste is shown", async () => {
    onRpc("/preorder/7/paste", () => ({ error: "The deadline has passed." }));
    await startInteractions(PAGE);
    await click(".o_preorder_paste_text");
    await edit("PO-TABLE\t3");
    await click(".o_preorder_paste_submit");
    await animationFrame();
    expect(".o_preorder_paste_message").toHaveText("The deadline has passed.");
    expect(".o_preorder_paste_message").toHaveClass("text-danger");
});
