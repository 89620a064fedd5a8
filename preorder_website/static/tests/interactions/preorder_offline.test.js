import { beforeEach, describe, expect, getFixture, test } from "@odoo/hoot";
import { click, edit, manuallyDispatchProgrammaticEvent, press } from "@odoo/hoot-dom";
import { advanceTime, animationFrame } from "@odoo/hoot-mock";
import { onRpc } from "@web/../tests/web_test_helpers";
import { setupInteractionWhiteList, startInteractions } from "@web/../tests/public/helpers";
import { offlineDatabase } from "@preorder_website/interactions/preorder_offline_store";

setupInteractionWhiteList(["preorder_website.grid", "preorder_website.scan"]);
describe.current.tags("interaction_dev");

/** Two rows and the scan field, as the server renders them; product 11 is saved at 2. */
const PAGE = `
    <div class="o_preorder_page" data-campaign-id="7">
        <form class="o_preorder_scan">
            <input type="text" class="o_preorder_scan_input"/>
            <div class="o_preorder_scan_message"></div>
        </form>
        <span class="o_preorder_save_state"></span>
        <button type="button" class="o_preorder_discard_refused d-none">Discard</button>
        <div class="o_preorder_conflicts"></div>
        <table><tbody class="o_preorder_rows">
            <tr class="o_preorder_row" data-product-id="11"><td>
                <div class="o_preorder_product_name">Parasol</div>
                <button type="button" class="o_preorder_minus">-</button>
                <input type="number" class="o_preorder_qty" data-product-id="11" data-saved="2" value="2" step="1"/>
                <button type="button" class="o_preorder_plus">+</button>
            </td></tr>
            <tr class="o_preorder_row" data-product-id="12"><td>
                <div class="o_preorder_product_name">Garden chair</div>
                <button type="button" class="o_preorder_minus">-</button>
                <input type="number" class="o_preorder_qty" data-product-id="12" data-saved="" value="" step="1"/>
                <button type="button" class="o_preorder_plus">+</button>
            </td></tr>
        </tbody></table>
    </div>`;

const SUMMARY = { amount_total: "€ 10.00", line_count: 2 };

/** The network: down (what fetch does then) or up, answering with `answer(params)`. */
const network = { up: true };
function mockRoute(route, answer) {
    onRpc(
        route,
        async (request) => {
            if (!network.up) {
                throw new Error("offline");
            }
            const { params } = await request.json();
            const result = await answer(params);
            return new Response(JSON.stringify({ jsonrpc: "2.0", id: 1, result }));
        },
        { pure: true },
    );
}

async function goOnline() {
    network.up = true;
    manuallyDispatchProgrammaticEvent(window, "online");
    await animationFrame();
    await advanceTime(1000);
    await animationFrame();
}

/** A reload: the page's interactions stop, the server renders the page again, the
 * interactions start on it (reading what the device kept). */
async function reload(core) {
    core.stopInteractions();
    getFixture().querySelector("#wrapwrap").innerHTML = PAGE;
    await core.startInteractions();
    await animationFrame();
}

function saveState() {
    return document.querySelector(".o_preorder_save_state").dataset.state;
}

beforeEach(async () => {
    network.up = true;
    await offlineDatabase().invalidate();
});

test("changes made offline survive a reload and are sent, once, when back online", async () => {
    const requests = [];
    mockRoute("/preorder/7/save", (params) => {
        requests.push(params);
        return { lines: { 11: 5, 12: 1 }, warnings: {}, conflicts: {}, summary: SUMMARY };
    });
    network.up = false;
    const { core } = await startInteractions(PAGE);
    await click("tr[data-product-id='11'] input");
    await edit("5");
    await click("tr[data-product-id='12'] .o_preorder_plus");
    await advanceTime(1000);
    await animationFrame();
    expect(saveState()).toBe("offline");
    expect(".o_preorder_save_state").toHaveText(
        "Offline: 2 changes kept on this device, sent when the connection is back.",
    );
    await reload(core);
    expect("tr[data-product-id='11'] input").toHaveValue(5, { message: "kept across the reload" });
    expect("tr[data-product-id='12'] input").toHaveValue(1);
    expect(".o_preorder_save_state").toHaveText(/2 changes kept on this device/);
    expect(requests).toEqual([], { message: "nothing reached the server while offline" });

    await goOnline();
    expect(requests.length).toBe(1);
    expect(requests[0].quantities).toEqual({ 11: "5", 12: "1" });
    expect(requests[0].base).toEqual(
        { 11: 2, 12: 0 },
        {
            message: "each change carries the stored quantity it started from",
        },
    );
    expect(requests[0].batch_id).toMatch(/\S{8,}/);
    expect(saveState()).toBe("saved");
    await reload(core);
    await advanceTime(1000);
    expect(requests.length).toBe(1, { message: "a saved batch is not sent again" });
});

test("a batch whose answer was lost is sent again with the same id, then the next one", async () => {
    const requests = [];
    let loseAnswer = true;
    mockRoute("/preorder/7/save", (params) => {
        requests.push(params);
        if (loseAnswer) {
            loseAnswer = false;
            network.up = false; // the server stored it, the answer never arrived
            throw new Error("offline");
        }
        const lines = Object.fromEntries(
            Object.entries(params.quantities).map(([id, qty]) => [id, parseFloat(qty)]),
        );
        return {
            lines,
            warnings: {},
            conflicts: {},
            summary: SUMMARY,
            replayed: requests.length === 2,
        };
    });
    await startInteractions(PAGE);
    await click("tr[data-product-id='11'] input");
    await edit("5");
    await advanceTime(1000);
    await animationFrame();
    expect(saveState()).toBe("offline");
    await click("tr[data-product-id='11'] input");
    await edit("7");
    await advanceTime(1000);
    await goOnline();
    await advanceTime(1000);
    await animationFrame();
    expect(requests.map((params) => params.quantities)).toEqual(
        [{ 11: "5" }, { 11: "5" }, { 11: "7" }],
        {
            message: "in order: the lost batch again, then what was typed after it",
        },
    );
    expect(requests[1].batch_id).toBe(requests[0].batch_id);
    expect(requests[2].batch_id).not.toBe(requests[0].batch_id);
    expect(requests[2].base).toEqual(
        { 11: 5 },
        { message: "starts from what the first batch stored" },
    );
    expect(saveState()).toBe("saved");
});

test("a quantity changed elsewhere meanwhile is shown beside ours: keep ours", async () => {
    const requests = [];
    mockRoute("/preorder/7/save", (params) => {
        requests.push(params);
        if (requests.length === 1) {
            return { lines: { 11: 4 }, warnings: {}, conflicts: { 11: 4 }, summary: SUMMARY };
        }
        return { lines: { 11: 6 }, warnings: {}, conflicts: {}, summary: SUMMARY };
    });
    await startInteractions(PAGE);
    await click("tr[data-product-id='11'] input");
    await edit("6");
    await advanceTime(1000);
    await animationFrame();
    expect(saveState()).toBe("conflict");
    expect(".o_preorder_conflict_item").toHaveText(
        /Parasol: changed elsewhere to 4 while you entered 6\./,
    );
    expect("tr[data-product-id='11'] input").toHaveValue(6);
    expect("tr[data-product-id='11'] input").toHaveClass("o_preorder_conflict");
    await click(".o_preorder_conflict_choice[data-choice='mine']");
    await advanceTime(1000);
    await animationFrame();
    expect(requests[1].quantities).toEqual({ 11: 6 });
    expect(requests[1].base).toEqual({ 11: 4 }, { message: "ours now starts from theirs" });
    expect(".o_preorder_conflict_item").toHaveCount(0);
    expect(saveState()).toBe("saved");
});

test("a quantity changed elsewhere meanwhile: take theirs, nothing is sent", async () => {
    const requests = [];
    mockRoute("/preorder/7/save", (params) => {
        requests.push(params);
        return { lines: { 11: 4 }, warnings: {}, conflicts: { 11: 4 }, summary: SUMMARY };
    });
    const { core } = await startInteractions(PAGE);
    await click("tr[data-product-id='11'] input");
    await edit("6");
    await advanceTime(1000);
    await animationFrame();
    await reload(core);
    expect(".o_preorder_conflict_item").toHaveCount(1, {
        message: "the choice waits across a reload",
    });
    await click(".o_preorder_conflict_choice[data-choice='current']");
    await advanceTime(1000);
    await animationFrame();
    expect("tr[data-product-id='11'] input").toHaveValue(4);
    expect(".o_preorder_conflict_item").toHaveCount(0);
    expect(requests.length).toBe(1);
    expect(saveState()).toBe("saved");
});

test("changes refused after waiting offline (deadline passed) stay visible", async () => {
    mockRoute("/preorder/7/save", () => ({ error: "The deadline of this campaign has passed." }));
    network.up = false;
    await startInteractions(PAGE);
    await click("tr[data-product-id='11'] input");
    await edit("9");
    await advanceTime(1000);
    await goOnline();
    expect(saveState()).toBe("refused");
    expect(".o_preorder_save_state").toHaveText(
        "Not saved: The deadline of this campaign has passed. Your changes are kept on this device: call your sales representative.",
    );
    expect("tr[data-product-id='11'] input").toHaveValue(9, { message: "not undone" });
    expect(".o_preorder_discard_refused").not.toHaveClass("d-none");
    await click(".o_preorder_discard_refused");
    await animationFrame();
    expect("tr[data-product-id='11'] input").toHaveValue(2);
    expect(saveState()).toBe("saved");
});

test("scans made offline are kept and sent in order when back online; an unknown one is reported", async () => {
    const scanned = [];
    const batchIds = new Set();
    mockRoute("/preorder/7/scan", (params) => {
        scanned.push(params.barcode);
        batchIds.add(params.batch_id);
        if (params.barcode === "0000") {
            return { error: "Unknown barcode 0000." };
        }
        return {
            product_id: 11,
            product_name: "Parasol",
            added: 1,
            quantity: 3,
            lines: { 11: 3 },
            summary: SUMMARY,
        };
    });
    network.up = false;
    const { core } = await startInteractions(PAGE);
    for (const barcode of ["5400000000042", "0000"]) {
        await click(".o_preorder_scan_input");
        await edit(barcode);
        await press("Enter");
        await animationFrame();
    }
    expect(".o_preorder_scan_message").toHaveText(
        "Offline: 0000 is kept on this device and added when the connection is back.",
    );
    expect(".o_preorder_save_state").toHaveText(/2 changes kept on this device/);
    await reload(core);
    await goOnline();
    expect(scanned).toEqual(["5400000000042", "0000"]);
    expect(batchIds.size).toBe(2, {
        message: "each scan has its own id, not added twice if resent",
    });
    expect("tr[data-product-id='11'] input").toHaveValue(3);
    expect(".o_preorder_scan_message").toHaveText(
        "Scanned offline, not added: 0000: Unknown barcode 0000.",
    );
    expect(".o_preorder_scan_message").toHaveClass("text-danger");
});
