import { beforeEach, describe, expect, test } from "@odoo/hoot";
import { click, edit, press } from "@odoo/hoot-dom";
import { animationFrame } from "@odoo/hoot-mock";
import { onRpc } from "@web/../tests/web_test_helpers";
import { setupInteractionWhiteList, startInteractions } from "@web/../tests/public/helpers";
import { offlineDatabase } from "@preorder_website/interactions/preorder_offline_store";

setupInteractionWhiteList(["preorder_website.grid", "preorder_website.scan"]);
describe.current.tags("interaction_dev");
// Nothing a previous test left on the "device"
beforeEach(() => offlineDatabase().invalidate());

const PAGE = `
    <div class="o_preorder_page" data-campaign-id="7">
        <form class="o_preorder_scan">
            <input type="text" class="o_preorder_scan_input"/>
            <button type="button" class="o_preorder_camera">Camera</button>
            <div class="o_preorder_scan_message"></div>
        </form>
        <span class="o_preorder_save_state"></span>
        <table><tbody class="o_preorder_rows">
            <tr class="o_preorder_row" data-product-id="11"><td>
                <input type="number" class="o_preorder_qty" data-product-id="11" data-saved="" value="" step="1"/>
            </td></tr>
        </tbody></table>
    </div>`;

const NEW_ROW = `
    <tr class="o_preorder_row" data-product-id="12"><td>
        <input type="number" class="o_preorder_qty" data-product-id="12" data-saved="6" value="6" step="6"/>
    </td></tr>`;

test("a scanned barcode adds the product, shows its row and says what was added", async () => {
    onRpc("/preorder/7/scan", async (request) => {
        const { params } = await request.json();
        expect.step(params.barcode);
        return {
            product_id: 12,
            product_name: "Parasol",
            added: 6,
            quantity: 6,
            lines: { 12: 6 },
            summary: {},
            row_html: NEW_ROW,
        };
    });
    await startInteractions(PAGE);
    await click(".o_preorder_scan_input");
    await edit("5400000000035");
    await press("Enter");
    await animationFrame();
    expect.verifySteps(["5400000000035"]);
    expect("tr[data-product-id='12'] input").toHaveValue(6);
    expect("tr[data-product-id='12']").toHaveClass("o_preorder_row_flash");
    expect(".o_preorder_scan_message").toHaveText("Added 6 × Parasol (now 6).");
    expect(".o_preorder_scan_input").toHaveValue("", { message: "ready for the next scan" });
});

test("a replaced product is named, an unknown barcode is refused", async () => {
    onRpc("/preorder/7/scan", async (request) => {
        const { params } = await request.json();
        if (params.barcode === "0000") {
            return { error: "Unknown barcode 0000." };
        }
        return {
            product_id: 11,
            product_name: "Parasol 2027",
            replaced_name: "Parasol 2026",
            added: 1,
            quantity: 1,
            lines: { 11: 1 },
            summary: {},
        };
    });
    await startInteractions(PAGE);
    await click(".o_preorder_scan_input");
    await edit("5400000000042");
    await press("Enter");
    await animationFrame();
    expect(".o_preorder_scan_message").toHaveText(
        "Parasol 2026 is replaced by Parasol 2027. Added 1 × Parasol 2027 (now 1).",
    );
    expect("tr[data-product-id='11'] input").toHaveValue(1);
    await edit("0000");
    await press("Enter");
    await animationFrame();
    expect(".o_preorder_scan_message").toHaveText("Unknown barcode 0000.");
    expect(".o_preorder_scan_message").toHaveClass("text-danger");
});
