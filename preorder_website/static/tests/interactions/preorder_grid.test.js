import { beforeEach, describe, expect, test } from "@odoo/hoot";
import { click, edit, queryOne } from "@odoo/hoot-dom";
import { advanceTime, animationFrame } from "@odoo/hoot-mock";
import { onRpc } from "@web/../tests/web_test_helpers";
import { setupInteractionWhiteList, startInteractions } from "@web/../tests/public/helpers";
import { offlineDatabase } from "@preorder_website/interactions/preorder_offline_store";

setupInteractionWhiteList("preorder_website.grid");
describe.current.tags("interaction_dev");
// Nothing a previous test left on the "device"
beforeEach(() => offlineDatabase().invalidate());

/** Two rows of the grid as the server renders them; the second one is an outlet row. */
const GRID = `
    <div class="o_preorder_page" data-campaign-id="7">
        <span class="o_preorder_save_state"></span>
        <table><tbody class="o_preorder_rows">
            <tr class="o_preorder_row" data-product-id="11"><td>
                <button type="button" class="o_preorder_minus">-</button>
                <input type="number" class="o_preorder_qty" data-product-id="11" data-saved="2" value="2" step="1"/>
                <button type="button" class="o_preorder_plus">+</button>
            </td></tr>
            <tr class="o_preorder_row" data-product-id="12"><td>
                <button type="button" class="o_preorder_minus">-</button>
                <input type="number" class="o_preorder_qty" data-product-id="12" data-saved="" value="" step="1" max="3"/>
                <button type="button" class="o_preorder_plus">+</button>
            </td></tr>
        </tbody></table>
    </div>`;

const SUMMARY = { amount_total: "€ 10.00", line_count: 2 };

function saveState() {
    return queryOne(".o_preorder_save_state").dataset.state;
}

test("changes typed in quick succession are saved in one batch", async () => {
    const batches = [];
    onRpc("/preorder/7/save", async (request) => {
        const { params } = await request.json();
        batches.push(params.quantities);
        return { lines: { 11: 5, 12: 1 }, summary: SUMMARY };
    });
    await startInteractions(GRID);
    await click("tr[data-product-id='11'] input");
    await edit("5");
    await click("tr[data-product-id='12'] .o_preorder_plus");
    expect(saveState()).toBe("pending");
    await advanceTime(400);
    expect(batches).toEqual([], { message: "nothing is sent while the user is typing" });
    await advanceTime(600);
    await animationFrame();
    expect(batches).toEqual([{ 11: "5", 12: "1" }]);
    expect(saveState()).toBe("saved");
    expect("tr[data-product-id='12'] input").toHaveValue(1);
});

test("a refused save shows the server's message and restores the stored quantity", async () => {
    onRpc("/preorder/7/save", () => ({ error: "The campaign is closed." }));
    await startInteractions(GRID);
    await click("tr[data-product-id='11'] input");
    await edit("9");
    await advanceTime(1000);
    await animationFrame();
    expect(saveState()).toBe("error");
    expect(".o_preorder_save_state").toHaveText("Not saved: The campaign is closed.");
    expect("tr[data-product-id='11'] input").toHaveValue(2);
});

test("a save lost on the network is retried until it goes through", async () => {
    let calls = 0;
    onRpc(
        "/preorder/7/save",
        () => {
            calls++;
            if (calls === 1) {
                throw new Error("offline"); // what fetch does when the network is down
            }
            const result = { lines: { 11: 3 }, summary: SUMMARY };
            return new Response(JSON.stringify({ jsonrpc: "2.0", id: 1, result }));
        },
        { pure: true },
    );
    await startInteractions(GRID);
    await click("tr[data-product-id='11'] .o_preorder_plus");
    await advanceTime(1000);
    await animationFrame();
    expect(saveState()).toBe("offline");
    await advanceTime(1000);
    await animationFrame();
    expect(calls).toBe(2);
    expect(saveState()).toBe("saved");
    expect("tr[data-product-id='11'] input").toHaveValue(3);
});

test("an outlet row never asks for more than the free stock", async () => {
    const batches = [];
    onRpc("/preorder/7/save", async (request) => {
        const { params } = await request.json();
        batches.push(params.quantities);
        return { lines: { 12: 3 }, summary: SUMMARY };
    });
    await startInteractions(GRID);
    await click("tr[data-product-id='12'] input");
    await edit("8");
    expect("tr[data-product-id='12'] input").toHaveValue(3);
    await advanceTime(1000);
    await animationFrame();
    expect(batches).toEqual([{ 12: "3" }]);
});

test("a save that lost a race with another device is sent again without an error", async () => {
    const batches = [];
    onRpc("/preorder/7/save", async (request) => {
        const { params } = await request.json();
        batches.push(params.quantities);
        if (batches.length === 1) {
            return { error: "The order was being saved from elsewhere.", retry: true };
        }
        return { lines: { 11: 4 }, summary: SUMMARY };
    });
    await startInteractions(GRID);
    await click("tr[data-product-id='11'] input");
    await edit("4");
    await advanceTime(1000);
    await animationFrame();
    expect(saveState()).toBe("saving");
    expect(".o_preorder_save_state").not.toHaveText(/Not saved/);
    expect("tr[data-product-id='11'] input").toHaveValue(4, { message: "the typed value stays" });
    await advanceTime(1000);
    await animationFrame();
    expect(batches).toEqual([{ 11: "4" }, { 11: "4" }]);
    expect(saveState()).toBe("saved");
});

/** A row with a quantity rule: at least 6, by 6, and the warning line under it. */
const RULE_GRID = `
    <div class="o_preorder_page" data-campaign-id="7">
        <span class="o_preorder_save_state"></span>
        <table><tbody class="o_preorder_rows">
            <tr class="o_preorder_row" data-product-id="13"><td>
                <button type="button" class="o_preorder_minus">-</button>
                <input type="number" class="o_preorder_qty" data-product-id="13" data-saved="" value=""
                       min="0" step="6" data-rule-min="6"/>
                <button type="button" class="o_preorder_plus">+</button>
                <div class="o_preorder_rule_warning d-none"></div>
            </td></tr>
        </tbody></table>
    </div>`;

test("the server's rule warning shows on the row, and the next save clears it", async () => {
    const warnings = [{ 13: "Garden chair: order by 6 (6, 12, 18…)." }, { 13: "" }];
    const lines = [{ 13: 7 }, { 13: 12 }];
    onRpc("/preorder/7/save", () => ({
        lines: lines.shift(),
        warnings: warnings.shift(),
        summary: SUMMARY,
    }));
    await startInteractions(RULE_GRID);
    await click("tr[data-product-id='13'] input");
    await edit("7");
    await advanceTime(1000);
    await animationFrame();
    expect(saveState()).toBe("saved");
    expect(".o_preorder_rule_warning").toHaveText("Garden chair: order by 6 (6, 12, 18…).");
    expect(".o_preorder_rule_warning").not.toHaveClass("d-none");
    await edit("12");
    await advanceTime(1000);
    await animationFrame();
    expect(".o_preorder_rule_warning").toHaveText("");
    expect(".o_preorder_rule_warning").toHaveClass("d-none");
});

test("+ and − step by the rule's multiple, from 0 to its minimum and back", async () => {
    const batches = [];
    onRpc("/preorder/7/save", async (request) => {
        const { params } = await request.json();
        batches.push(params.quantities);
        return { lines: params.quantities, warnings: { 13: "" }, summary: SUMMARY };
    });
    await startInteractions(RULE_GRID.replace('data-rule-min="6"', 'data-rule-min="10"'));
    await click("tr[data-product-id='13'] .o_preorder_plus");
    expect("tr[data-product-id='13'] input").toHaveValue(12, {
        message: "the first multiple of 6 reaching the minimum of 10",
    });
    await click("tr[data-product-id='13'] .o_preorder_plus");
    expect("tr[data-product-id='13'] input").toHaveValue(18);
    await click("tr[data-product-id='13'] .o_preorder_minus");
    await click("tr[data-product-id='13'] .o_preorder_minus");
    expect("tr[data-product-id='13'] input").toHaveValue(0, {
        message: "below the minimum: removed",
    });
    await advanceTime(1000);
    await animationFrame();
    expect(batches).toEqual([{ 13: "0" }]);
});

/** A colour x size matrix as the server renders it: sizes S and M as columns,
 * Red and Blue as rows; Blue M is not offered. */
const MATRIX_GRID = `
    <div class="o_preorder_page" data-campaign-id="7">
        <span class="o_preorder_save_state"></span>
        <table><tbody class="o_preorder_rows">
            <tr class="o_preorder_matrix_block" data-template-id="3"><td>
                <table class="o_preorder_matrix">
                    <tbody>
                        <tr class="o_preorder_matrix_row"><th>Red</th>
                            <td class="o_preorder_cell" data-column="0">
                                <input type="number" class="o_preorder_qty" data-product-id="21" data-saved="2" value="2" data-hint="RED-S"/>
                            </td>
                            <td class="o_preorder_cell" data-column="1">
                                <input type="number" class="o_preorder_qty" data-product-id="22" data-saved="" value="" data-hint="RED-M"/>
                            </td>
                            <td class="o_preorder_matrix_row_total">2</td>
                        </tr>
                        <tr class="o_preorder_matrix_row"><th>Blue</th>
                            <td class="o_preorder_cell" data-column="0">
                                <input type="number" class="o_preorder_qty" data-product-id="23" data-saved="" value="" data-hint="BLUE-S"/>
                            </td>
                            <td class="o_preorder_cell_unavailable" data-column="1">–</td>
                            <td class="o_preorder_matrix_row_total"></td>
                        </tr>
                    </tbody>
                    <tfoot><tr><th>Total</th>
                        <td class="o_preorder_matrix_column_total" data-column="0">2</td>
                        <td class="o_preorder_matrix_column_total" data-column="1"></td>
                        <td class="o_preorder_matrix_total">2</td>
                    </tr></tfoot>
                </table>
            </td></tr>
        </tbody></table>
    </div>`;

function matrixTotals() {
    const texts = (selector) =>
        [...document.querySelectorAll(selector)].map((el) => el.textContent);
    return {
        rows: texts(".o_preorder_matrix_row_total"),
        columns: texts(".o_preorder_matrix_column_total"),
        total: texts(".o_preorder_matrix_total")[0],
    };
}

test("a matrix cell is saved like a row and its totals follow the typing", async () => {
    const batches = [];
    onRpc("/preorder/7/save", async (request) => {
        const { params } = await request.json();
        batches.push(params.quantities);
        return { lines: { 22: 4, 23: 3 }, warnings: { 22: "", 23: "" }, summary: SUMMARY };
    });
    await startInteractions(MATRIX_GRID);
    await click("input[data-product-id='22']");
    await edit("4");
    expect(matrixTotals()).toEqual({ rows: ["6", ""], columns: ["2", "4"], total: "6" });
    await click("input[data-product-id='23']");
    await edit("3");
    expect(matrixTotals()).toEqual({ rows: ["6", "3"], columns: ["5", "4"], total: "9" });
    await advanceTime(1000);
    await animationFrame();
    expect(batches).toEqual([{ 22: "4", 23: "3" }]);
    expect(saveState()).toBe("saved");
});

test("a refused matrix save puts back the stored quantity and its totals", async () => {
    onRpc("/preorder/7/save", () => ({ error: "The campaign is closed." }));
    await startInteractions(MATRIX_GRID);
    await click("input[data-product-id='21']");
    await edit("10");
    expect(matrixTotals().total).toBe("10");
    await advanceTime(1000);
    await animationFrame();
    expect("input[data-product-id='21']").toHaveValue(2);
    expect(matrixTotals()).toEqual({ rows: ["2", ""], columns: ["2", ""], total: "2" });
});

test("a broken quantity rule marks its matrix cell, with the rule in its title", async () => {
    const warnings = [{ 22: "RED-M: order by 2 (2, 4, 6…)." }, { 22: "" }];
    onRpc("/preorder/7/save", async (request) => {
        const { params } = await request.json();
        return { lines: params.quantities, warnings: warnings.shift(), summary: SUMMARY };
    });
    await startInteractions(MATRIX_GRID);
    await click("input[data-product-id='22']");
    await edit("3");
    await advanceTime(1000);
    await animationFrame();
    expect("input[data-product-id='22']").toHaveClass("o_preorder_cell_warning");
    expect("input[data-product-id='22']").toHaveAttribute(
        "title",
        "RED-M · RED-M: order by 2 (2, 4, 6…).",
    );
    await click("input[data-product-id='22']");
    await edit("4");
    await advanceTime(1000);
    await animationFrame();
    expect("input[data-product-id='22']").not.toHaveClass("o_preorder_cell_warning");
    expect("input[data-product-id='22']").toHaveAttribute("title", "RED-M");
});

/** A row being saved and a capped row the save does not touch. */
const CAP_GRID = `
    <div class="o_preorder_page" data-campaign-id="7">
        <span class="o_preorder_save_state"></span>
        <table><tbody class="o_preorder_rows">
            <tr class="o_preorder_row" data-product-id="11"><td>
                <input type="number" class="o_preorder_qty" data-product-id="11" data-saved="2" value="2" step="1"/>
            </td></tr>
            <tr class="o_preorder_row" data-product-id="31"><td>
                <span class="o_preorder_cap_remaining">8 still available</span>
                <input type="number" class="o_preorder_qty" data-product-id="31" data-saved="2" value="2"
                       step="1" max="10" data-capped="True"/>
            </td></tr>
        </tbody></table>
    </div>`;

test("every save refreshes what is still available of the capped rows shown", async () => {
    const calls = [];
    onRpc("/preorder/7/save", async (request) => {
        const { params } = await request.json();
        calls.push(params);
        // Another customer took 5 of product 31 meanwhile.
        return { lines: { 11: 3 }, summary: SUMMARY, caps: { 31: [3, "3 still available"] } };
    });
    await startInteractions(CAP_GRID);
    await click("tr[data-product-id='11'] input");
    await edit("3");
    await advanceTime(1000);
    await animationFrame();
    expect(calls.map((params) => params.capped_ids)).toEqual([[31]]);
    expect("tr[data-product-id='31'] .o_preorder_cap_remaining").toHaveText("3 still available");
    expect("tr[data-product-id='31'] input").toHaveAttribute("max", "5");
    expect("tr[data-product-id='31'] input").toHaveValue(2, { message: "its quantity stays" });
});

test("a capped matrix cell's title follows what is still available", async () => {
    onRpc("/preorder/7/save", async (request) => {
        const { params } = await request.json();
        expect(params.capped_ids).toEqual([23]);
        return {
            lines: params.quantities,
            summary: SUMMARY,
            caps: { 23: [1, "1 still available"] },
        };
    });
    await startInteractions(
        MATRIX_GRID.replace(
            'data-hint="BLUE-S"',
            'data-hint="BLUE-S" data-capped="True" data-cap-label="6 still available"',
        ),
    );
    await click("input[data-product-id='21']");
    await edit("4");
    await advanceTime(1000);
    await animationFrame();
    expect("input[data-product-id='23']").toHaveAttribute("title", "BLUE-S · 1 still available");
    expect("input[data-product-id='23']").toHaveAttribute("max", "1");
});

/** A row of a campaign with two delivery drops: one input per drop, the second closed. */
const DROPS_GRID = `
    <div class="o_preorder_page" data-campaign-id="7">
        <span class="o_preorder_save_state"></span>
        <table><tbody class="o_preorder_rows">
            <tr class="o_preorder_row" data-product-id="11">
                <td><div class="o_preorder_qty_group">
                    <button type="button" class="o_preorder_minus">-</button>
                    <input type="number" class="o_preorder_qty" data-product-id="11" data-drop-id="3" data-saved="" value="" step="1"/>
                    <button type="button" class="o_preorder_plus">+</button>
                </div></td>
                <td><div class="o_preorder_qty_group">
                    <button type="button" class="o_preorder_minus">-</button>
                    <input type="number" class="o_preorder_qty" data-product-id="11" data-drop-id="4" data-saved="2" value="2" step="1"/>
                    <button type="button" class="o_preorder_plus">+</button>
                </div></td>
            </tr>
        </tbody></table>
    </div>`;

test("with delivery drops each drop's changes are saved in their own request", async () => {
    const requests = [];
    onRpc("/preorder/7/save", async (request) => {
        const { params } = await request.json();
        requests.push([params.drop_id, params.quantities]);
        const saved = Object.fromEntries(
            Object.entries(params.quantities).map(([id, qty]) => [id, parseFloat(qty)]),
        );
        return { drop_id: params.drop_id, lines: saved, summary: SUMMARY };
    });
    await startInteractions(DROPS_GRID);
    await click("input[data-drop-id='3']");
    await edit("5");
    await click("[data-drop-id='4'] ~ .o_preorder_plus");
    await advanceTime(1000);
    await animationFrame();
    await animationFrame();
    expect(requests).toEqual([
        [3, { 11: "5" }],
        [4, { 11: "3" }],
    ]);
    expect("input[data-drop-id='3']").toHaveValue(5);
    expect("input[data-drop-id='4']").toHaveValue(3);
    expect(saveState()).toBe("saved");
});

test("a drop's refused save restores only that drop's quantity", async () => {
    onRpc("/preorder/7/save", () => ({
        error: "The order deadline of delivery March has passed.",
    }));
    await startInteractions(DROPS_GRID);
    await click("input[data-drop-id='4']");
    await edit("9");
    await advanceTime(1000);
    await animationFrame();
    expect(saveState()).toBe("error");
    expect("input[data-drop-id='4']").toHaveValue(2);
    expect(queryOne("input[data-drop-id='3']").value).toBe("");
});
