import { describe, expect, test } from "@odoo/hoot";
import { animationFrame } from "@odoo/hoot-mock";
import { contains, getService, mountWithCleanup, onRpc } from "@web/../tests/web_test_helpers";
import { WebClient } from "@web/webclient/webclient";
import { defineMailModels } from "@mail/../tests/mail_test_helpers";

describe.current.tags("desktop");
defineMailModels(); // the web client's systray of a database with Discuss

/** The client action as the order grid returns it: a cushion in S and M (columns),
 * red (row); red M is not offered in the campaign. */
const ACTION = {
    type: "ir.actions.client",
    tag: "preorder_campaign.open_matrix",
    params: {
        grid_id: 5,
        template_id: 9,
        header: [{ name: "Cushion" }, { name: "S" }, { name: "M" }],
        matrix: [
            [
                { name: "Red" },
                { ptav_ids: [1, 3], qty: 4, is_possible_combination: true },
                { ptav_ids: [2, 3], qty: 0, is_possible_combination: false },
            ],
        ],
    },
};

test("the matrix dialog sends the changed cells to the grid and reloads it", async () => {
    const calls = [];
    onRpc("preorder.order.grid", "action_apply_matrix", ({ args }) => {
        calls.push(args);
        return true;
    });
    await mountWithCleanup(WebClient);
    await getService("action").doAction(ACTION);
    await animationFrame();
    expect(".o_matrix_input").toHaveCount(1, { message: "one variant offered" });
    expect(".o_matrix_input").toHaveValue(4);
    expect(".modal-body").toHaveText(/Not available/);
    await contains(".o_matrix_input").edit("6", { confirm: false });
    await contains(".modal-footer .btn-primary").click();
    expect(calls).toEqual([[[5], [{ qty: 6, ptav_ids: [1, 3] }]]]);
    expect(".modal").toHaveCount(0);
});

test("a dialog closed without change saves nothing", async () => {
    onRpc("preorder.order.grid", "action_apply_matrix", () => {
        expect.step("saved");
        return true;
    });
    await mountWithCleanup(WebClient);
    await getService("action").doAction(ACTION);
    await animationFrame();
    await contains(".modal-footer .btn-primary").click();
    expect.verifySteps([]);
});
