import { beforeEach, describe, expect, test } from "@odoo/hoot";
import { click, edit, press, queryOne } from "@odoo/hoot-dom";
import { advanceTime, animationFrame, Deferred } from "@odoo/hoot-mock";
import { onRpc } from "@web/../tests/web_test_helpers";
import { setupInteractionWhiteList, startInteractions } from "@web/../tests/public/helpers";
import { offlineDatabase } from "@preorder_website/interactions/preorder_offline_store";

setupInteractionWhiteList(["preorder_website.grid", "preorder_website.quick_entry"]);
describe.current.tags("interaction_dev");
// Nothing a previous test left on the "device"
beforeEach(() => offlineDatabase().invalidate());

/** The quick entry above a grid showing one product (11); product 12 is on another page. */
const page = (editable = "1") => `
    <div class="o_preorder_page" data-campaign-id="7" data-editable="${editable}">
        <form class="o_preorder_quick_entry">
            <input type="text" class="o_preorder_quick_input" role="combobox"/>
            <input type="number" class="o_preorder_quick_qty"/>
            <button type="submit">Save</button>
            <ul class="o_preorder_quick_list" role="listbox"></ul>
            <div class="o_preorder_quick_message"></div>
        </form>
        <span class="o_preorder_save_state"></span>
        <table><tbody class="o_preorder_rows">
            <tr class="o_preorder_row" data-product-id="11"><td>
                <input type="number" class="o_preorder_qty" data-product-id="11"
                       data-saved="" value="" step="1"/>
            </td></tr>
        </tbody></table>
    </div>`;

const TABLE = {
    id: 11,
    reference: "PO-TABLE",
    name: "Garden table",
    price: "€ 200.00",
    quantity: 0,
    whole: true,
    exact: false,
};
const PARASOL = {
    ...TABLE,
    id: 12,
    reference: "PO-PARASOL",
    name: "Parasol",
    price: "€ 80.00",
    quantity: 2, // already ordered
};

function onSuggest(answer) {
    onRpc("/preorder/7/suggest", async (request) => {
        const { params } = await request.json();
        expect.step(`suggest ${params.text}`);
        return answer(params.text);
    });
}

function onSave() {
    onRpc("/preorder/7/save", async (request) => {
        const { params } = await request.json();
        const [[productId, quantity]] = Object.entries(params.quantities);
        expect.step(`save ${productId}=${quantity}`);
        return { lines: { [productId]: parseFloat(quantity) }, summary: {} };
    });
}

test("debounced suggestions, picked with the arrows, the quantity saved with Enter", async () => {
    onSuggest(() => ({ products: [TABLE, PARASOL] }));
    onSave();
    await startInteractions(page());
    await click(".o_preorder_quick_input");
    await edit("po-");
    await advanceTime(100);
    expect.verifySteps([]);
    await advanceTime(100);
    await animationFrame();
    expect.verifySteps(["suggest po-"]);
    expect(".o_preorder_quick_input").toHaveAttribute("aria-expanded", "true");
    expect("[role=option]").toHaveCount(2);
    expect("[role=option]:eq(1)").toHaveText(/PO-PARASOL\s*Parasol\s*€ 80.00\s*ordered: 2/);
    await press("ArrowDown");
    await press("ArrowDown");
    await animationFrame();
    expect(".o_preorder_quick_input").toHaveAttribute(
        "aria-activedescendant",
        "o_preorder_quick_option_1",
    );
    expect("#o_preorder_quick_option_1").toHaveAttribute("aria-selected", "true");
    await press("Enter");
    await animationFrame();
    expect(".o_preorder_quick_qty").toBeFocused();
    expect(".o_preorder_quick_input").toHaveAttribute("aria-expanded", "false");
    await edit("4");
    await press("Enter");
    await animationFrame();
    expect.verifySteps(["save 12=4"]);
    expect(".o_preorder_quick_message").toHaveText("Parasol: 4 saved", {
        message: "not on this page: said near the field",
    });
    expect(".o_preorder_quick_input").toHaveValue("");
    expect(".o_preorder_quick_input").toBeFocused();
});

test("Enter picks an exact reference at once; the row on the page shows the quantity", async () => {
    onSuggest((text) => ({ products: [{ ...TABLE, exact: text === "PO-TABLE" }, PARASOL] }));
    onSave();
    await startInteractions(page());
    await click(".o_preorder_quick_input");
    await edit("PO-TABLE");
    await press("Enter"); // before the debounce: asked at once
    await animationFrame();
    expect.verifySteps(["suggest PO-TABLE"]);
    expect(".o_preorder_quick_qty").toBeFocused();
    await edit("5");
    await press("Enter");
    await animationFrame();
    expect.verifySteps(["save 11=5"]);
    expect("tr[data-product-id='11'] input").toHaveValue(5);
    expect("tr[data-product-id='11']").toHaveClass("o_preorder_row_flash");
    await advanceTime(200);
    expect.verifySteps([], { message: "the cleared field asks nothing more" });
});

test("an older answer arriving last is ignored", async () => {
    const slow = new Deferred();
    onSuggest(async (text) => {
        if (text === "par") {
            await slow;
            return { products: [TABLE] };
        }
        return { products: [PARASOL] };
    });
    await startInteractions(page());
    await click(".o_preorder_quick_input");
    await edit("par");
    await advanceTime(200);
    await edit("paras");
    await advanceTime(200);
    await animationFrame();
    expect.verifySteps(["suggest par", "suggest paras"]);
    slow.resolve();
    await animationFrame();
    expect("[role=option]").toHaveCount(1);
    expect("[role=option]").toHaveText(/Parasol/);
});

test("the server's refusals are shown in the field's feedback", async () => {
    onSuggest((text) =>
        text === "x" ? { error: "This campaign does not exist." } : { products: [PARASOL] },
    );
    onRpc("/preorder/7/save", () => ({ error: "Only 5 Parasol left." }));
    await startInteractions(page());
    await click(".o_preorder_quick_input");
    await edit("x");
    await advanceTime(200);
    await animationFrame();
    expect(".o_preorder_quick_message").toHaveText("This campaign does not exist.");
    expect(".o_preorder_quick_message").toHaveClass("text-danger");
    await edit("parasol");
    await press("Enter");
    await animationFrame();
    expect(".o_preorder_quick_qty").toBeFocused();
    await edit("7");
    await press("Enter");
    await animationFrame();
    expect.verifySteps(["suggest x", "suggest parasol"]);
    expect(".o_preorder_quick_message").toHaveText("Only 5 Parasol left.");
    expect(".o_preorder_quick_qty").toBeFocused();
    expect(".o_preorder_quick_qty").toHaveValue(7, { message: "kept, to correct it" });
});

test("no quick entry on a page that cannot be changed", async () => {
    await startInteractions(page(""));
    expect(".o_preorder_quick_entry").toHaveClass("d-none");
    expect(queryOne(".o_preorder_quick_entry")).not.toBeVisible();
});
