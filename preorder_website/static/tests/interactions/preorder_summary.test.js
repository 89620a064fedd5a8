import { beforeEach, describe, expect, test } from "@odoo/hoot";
import { clear, click, edit } from "@odoo/hoot-dom";
import { advanceTime, animationFrame } from "@odoo/hoot-mock";
import { onRpc } from "@web/../tests/web_test_helpers";
import { setupInteractionWhiteList, startInteractions } from "@web/../tests/public/helpers";
import { offlineDatabase } from "@preorder_website/interactions/preorder_offline_store";

setupInteractionWhiteList([
    "preorder_website.grid",
    "preorder_website.summary",
    "preorder_website.summary_bar",
]);
describe.current.tags("interaction_dev");
// Nothing a previous test left on the "device"
beforeEach(() => offlineDatabase().invalidate());

const PAGE = `
    <div class="o_preorder_page" data-campaign-id="7">
        <span class="o_preorder_save_state"></span>
        <table><tbody class="o_preorder_rows">
            <tr class="o_preorder_row" data-product-id="11"><td>
                <input type="number" class="o_preorder_qty" data-product-id="11" data-saved="" value="" step="1"/>
                <button type="button" class="o_preorder_plus">+</button>
            </td></tr>
        </tbody></table>
        <div class="o_preorder_summary">
            <span data-field="amount_total">€ 0.00</span>
            <span data-field="tier_name"></span>
            <span class="d-none" data-show="next_tier_amount">
                Add <span data-field="next_tier_amount"></span> for the next tier
            </span>
            <input type="text" class="o_preorder_delivery_date"/>
            <div class="o_preorder_delivery_error"></div>
        </div>
    </div>`;

test("the summary shows the totals and tier the save returned", async () => {
    onRpc("/preorder/7/save", () => ({
        lines: { 11: 1 },
        summary: {
            amount_total: "€ 1,200.00",
            tier_name: "Bronze",
            next_tier_amount: "€ 3,800.00",
        },
    }));
    await startInteractions(PAGE);
    await click(".o_preorder_plus");
    await advanceTime(600);
    await animationFrame();
    expect("[data-field=amount_total]").toHaveText("€ 1,200.00");
    expect("[data-field=tier_name]").toHaveText("Bronze");
    expect("[data-show=next_tier_amount]").not.toHaveClass("d-none");
});

test("a refused delivery date shows why, next to the date", async () => {
    onRpc("/preorder/7/delivery_date", async (request) => {
        const { params } = await request.json();
        expect.step(params.delivery_date);
        return { error: "Campaign Garden delivers from 2027-03-01 on." };
    });
    await startInteractions(PAGE);
    await click(".o_preorder_delivery_date");
    await edit("2027-02-01", { confirm: "blur" });
    await animationFrame();
    expect.verifySteps(["2027-02-01"]);
    expect(".o_preorder_delivery_error").toHaveText("Campaign Garden delivers from 2027-03-01 on.");
    expect(".o_preorder_delivery_date").toHaveClass("is-invalid");
});

test("clearing the delivery date sends false and shows the cleared summary", async () => {
    onRpc("/preorder/7/delivery_date", async (request) => {
        const { params } = await request.json();
        expect.step(params.delivery_date);
        if (params.delivery_date === "2027-02-01") {
            return { error: "Campaign Garden delivers from 2027-03-01 on." };
        }
        return { summary: { amount_total: "€ 0.00", delivery_date: "" } };
    });
    await startInteractions(PAGE);
    await click(".o_preorder_delivery_date");
    await edit("2027-02-01", { confirm: "blur" });
    await animationFrame();
    await click(".o_preorder_delivery_date");
    await clear({ confirm: "blur" });
    await animationFrame();
    // false, not an empty string nor a missing key: the route clears on false
    expect.verifySteps(["2027-02-01", false]);
    expect(".o_preorder_delivery_error").toHaveText("");
    expect(".o_preorder_delivery_date").not.toHaveClass("is-invalid");
    expect(".o_preorder_delivery_date").toHaveValue("");
});

test("finalizing waits until the order reaches the campaign's minimum", async () => {
    const shortfalls = ["€ 300.00", ""];
    onRpc("/preorder/7/save", () => ({
        lines: { 11: 1 },
        summary: { amount_total: "€ 200.00", min_order_shortfall: shortfalls.shift() },
    }));
    await startInteractions(
        PAGE.replace(
            '<input type="text" class="o_preorder_delivery_date"/>',
            `<div class="d-none" data-show="min_order_shortfall">
                 Add <span data-field="min_order_shortfall"></span>
             </div>
             <button type="button" class="o_preorder_finalize_ask" data-disable="min_order_shortfall">Finalize</button>
             <input type="text" class="o_preorder_delivery_date"/>`,
        ),
    );
    await click(".o_preorder_plus");
    await advanceTime(600);
    await animationFrame();
    expect("[data-show=min_order_shortfall]").not.toHaveClass("d-none");
    expect("[data-field=min_order_shortfall]").toHaveText("€ 300.00");
    expect(".o_preorder_finalize_ask").not.toBeEnabled();
    await click(".o_preorder_plus");
    await advanceTime(600);
    await animationFrame();
    expect("[data-show=min_order_shortfall]").toHaveClass("d-none");
    expect(".o_preorder_finalize_ask").toBeEnabled();
});

test("a phone's bottom bar shows the total, tier and saving state of every save", async () => {
    onRpc("/preorder/7/save", () => ({
        lines: { 11: 2 },
        summary: { amount_total: "€ 1,200.00", tier_name: "Bronze", next_tier_amount: "" },
    }));
    await startInteractions(
        PAGE.replace(
            '<div class="o_preorder_summary">',
            `<div class="o_preorder_summary_bar">
                 <span class="bar_total" data-field="amount_total">€ 0.00</span>
                 <span class="bar_tier d-none" data-show="tier_name"><span data-field="tier_name"></span></span>
                 <span class="bar_next" data-show="next_tier_amount">Next tier</span>
                 <span class="o_preorder_save_state bar_state"></span>
             </div>
             <div class="o_preorder_summary">`,
        ),
    );
    await click(".o_preorder_plus");
    await animationFrame();
    expect(".bar_state").toHaveAttribute("data-state", "pending");
    await advanceTime(600);
    await animationFrame();
    expect(".bar_total").toHaveText("€ 1,200.00");
    expect(".bar_tier").not.toHaveClass("d-none");
    expect(".bar_tier").toHaveText("Bronze");
    expect(".bar_next").toHaveClass("d-none");
    expect(".bar_state").toHaveAttribute("data-state", "saved");
});

test("a delivery date the server accepts updates the bar too", async () => {
    onRpc("/preorder/7/delivery_date", () => ({
        summary: { amount_total: "€ 1,250.00", delivery_date: "2027-03-15" },
    }));
    await startInteractions(
        PAGE.replace(
            '<div class="o_preorder_summary">',
            `<div class="o_preorder_summary_bar"><span class="bar_total" data-field="amount_total">€ 0.00</span></div>
             <div class="o_preorder_summary">`,
        ),
    );
    await click(".o_preorder_delivery_date");
    await edit("2027-03-15", { confirm: "blur" });
    await animationFrame();
    expect(".bar_total").toHaveText("€ 1,250.00");
    expect(".o_preorder_summary [data-field=amount_total]").toHaveText("€ 1,250.00");
});
