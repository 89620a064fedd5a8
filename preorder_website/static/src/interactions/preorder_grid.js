import { Interaction } from "@web/public/interaction";
import { registry } from "@web/core/registry";
import { readPage } from "./preorder_page";
import { rpc, ConnectionLostError } from "@web/core/network/rpc";
import { _t } from "@web/core/l10n/translation";

const SAVE_DELAY = 500; // ms of quiet typing before a save
const MAX_ITEMS = 200; // the server refuses bigger batches
const MAX_RETRY_DELAY = 30000;
const MAX_CAPPED_IDS = 600; // the server refuses longer product lists

/**
 * The order grid: every quantity change is queued, sent in one debounced batch,
 * retried with backoff while the network is down or another save of the same
 * order held it, and replaced by what the server stored. The server's totals and tier go to the summary via the bus.
 * On a campaign with delivery drops a row has one input per drop (`data-drop-id`):
 * changes are queued per drop and each batch saves one drop.
 */
export class PreorderGrid extends Interaction {
    static selector = ".o_preorder_page";
    dynamicContent = {
        ".o_preorder_rows": {
            "t-on-input": this.onInput,
            "t-on-click": this.onStep,
        },
        ".o_preorder_load_more": {
            "t-on-click": this.locked(this.loadMore, true),
            "t-att-class": () => ({ "d-none": !this.hasMore }),
        },
        ".o_preorder_save_state": {
            "t-att-data-state": () => this.saveState,
            "t-att-class": () => ({
                "text-danger": ["error", "offline"].includes(this.saveState),
                "text-success": this.saveState === "saved",
            }),
            "t-out": () => this.saveLabel(),
        },
        _document: { "t-on-visibilitychange": this.onVisibilityChange },
        _window: {
            "t-on-beforeunload": this.onBeforeUnload,
            "t-on-online": () => this.save(),
        },
    };

    setup() {
        Object.assign(this, readPage(this.el));
        // drop id ("" without drops) -> product id -> typed quantity, not sent yet
        this.pending = {};
        this.inFlight = false;
        this.retryDelay = 0;
        this.saveState = "saved";
        this.errorMessage = "";
        this.hasMore = !!this.el.querySelector(".o_preorder_next");
        this.scheduleSave = this.debounced(this.save, SAVE_DELAY);
    }

    start() {
        this.addListener(this.env.bus, "preorder:saved", (ev) => this.onSavedElsewhere(ev.detail));
    }

    saveLabel() {
        switch (this.saveState) {
            case "pending":
            case "saving":
                return _t("Saving…");
            case "offline":
                return _t("Not saved: connection lost, retrying…");
            case "error":
                return _t("Not saved: %s", this.errorMessage);
            default:
                return _t("All changes saved");
        }
    }

    inputsOf(productId, dropId) {
        const drop = dropId ? `[data-drop-id="${dropId}"]` : "";
        return this.el.querySelectorAll(
            `input.o_preorder_qty[data-product-id="${productId}"]${drop}`
        );
    }

    hasPending() {
        return Object.values(this.pending).some((batch) => Object.keys(batch).length);
    }

    onInput(ev) {
        const input = ev.target.closest("input.o_preorder_qty");
        if (input) {
            this.queue(input);
            this.updateTotals(input);
        }
    }

    /** A variant matrix's row, column and grand totals, from the quantities shown. */
    updateTotals(input) {
        const matrix = input.closest(".o_preorder_matrix");
        if (!matrix) {
            return;
        }
        const columns = {};
        let total = 0;
        for (const row of matrix.querySelectorAll(".o_preorder_matrix_row")) {
            let rowTotal = 0;
            for (const cell of row.querySelectorAll("input.o_preorder_qty")) {
                const quantity = parseFloat(cell.value) || 0;
                const column = cell.closest("td").dataset.column;
                columns[column] = (columns[column] || 0) + quantity;
                rowTotal += quantity;
            }
            row.querySelector(".o_preorder_matrix_row_total").textContent = formatTotal(rowTotal);
            total += rowTotal;
        }
        for (const cell of matrix.querySelectorAll(".o_preorder_matrix_column_total")) {
            cell.textContent = formatTotal(columns[cell.dataset.column] || 0);
        }
        matrix.querySelector(".o_preorder_matrix_total").textContent = formatTotal(total);
    }

    onStep(ev) {
        const button = ev.target.closest(".o_preorder_minus, .o_preorder_plus");
        if (!button || button.disabled) {
            return;
        }
        // The button's own input: a row of a campaign with drops has one per drop.
        const input = button
            .closest(".o_preorder_qty_group, .o_preorder_row")
            .querySelector("input.o_preorder_qty");
        const step = parseFloat(input.step) || 1;
        const sign = button.classList.contains("o_preorder_plus") ? 1 : -1;
        const current = parseFloat(input.value) || 0;
        let value = Math.max(0, current + sign * step);
        // The campaign's minimum: "+" from below jumps to the first quantity allowed
        // (a multiple of the step), "-" from it goes to 0 (removing is always allowed).
        const ruleMin = parseFloat(input.dataset.ruleMin) || 0;
        if (ruleMin && value > 0 && value < ruleMin) {
            value = sign > 0 ? Math.ceil(ruleMin / step - 1e-9) * step : 0;
        }
        input.value = Math.round(value * 1000) / 1000;
        this.queue(input);
    }

    queue(input) {
        const max = parseFloat(input.max);
        if (!isNaN(max) && parseFloat(input.value) > max) {
            input.value = max; // no more than the outlet stock or the campaign cap leaves
        }
        const drop = (this.pending[input.dataset.dropId || ""] ||= {});
        drop[input.dataset.productId] = input.value === "" ? 0 : input.value;
        this.saveState = "pending";
        this.scheduleSave();
    }

    /** Put a batch back in the queue of its drop; newer typing wins. */
    requeue(dropKey, batch) {
        this.pending[dropKey] = { ...batch, ...this.pending[dropKey] };
    }

    async save() {
        // One drop per request: the first one with changes.
        const dropKey = Object.keys(this.pending).find(
            (key) => Object.keys(this.pending[key]).length
        );
        if (this.inFlight || dropKey === undefined) {
            return;
        }
        const pending = this.pending[dropKey];
        const batch = {};
        for (const id of Object.keys(pending).slice(0, MAX_ITEMS)) {
            batch[id] = pending[id];
            delete pending[id];
        }
        this.inFlight = true;
        this.saveState = "saving";
        this.updateContent();
        const params = {
            quantities: batch,
            partner_id: this.partnerId,
            capped_ids: this.cappedIds(),
        };
        if (dropKey) {
            params.drop_id = parseInt(dropKey);
        }
        let result;
        try {
            result = await this.waitFor(rpc(`${this.baseUrl}/save`, params));
        } catch (error) {
            this.inFlight = false;
            this.requeue(dropKey, batch);
            if (error instanceof ConnectionLostError) {
                this.saveState = "offline";
                this.retryDelay = Math.min((this.retryDelay || 500) * 2, MAX_RETRY_DELAY);
                this.waitForTimeout(() => this.save(), this.retryDelay);
            } else {
                this.saveState = "error";
                this.errorMessage = error.data?.message || error.message || "";
            }
            return;
        }
        this.inFlight = false;
        if (result.retry) {
            // Another save of this order won the race: send the batch again, quietly.
            this.requeue(dropKey, batch);
            this.saveState = "saving";
            this.retryDelay = Math.min((this.retryDelay || 250) * 2, MAX_RETRY_DELAY);
            this.waitForTimeout(() => this.save(), this.retryDelay);
            return;
        }
        this.retryDelay = 0;
        if (result.error) {
            this.saveState = "error";
            this.errorMessage = result.error;
            this.restoreSaved(Object.keys(batch), dropKey);
        } else {
            this.applyLines(result.lines, dropKey);
            this.applyWarnings(result.warnings, dropKey);
            this.applyCaps(result.caps);
            this.env.bus.trigger("preorder:summary", result.summary);
            this.saveState = this.hasPending() ? "pending" : "saved";
        }
        if (this.hasPending()) {
            this.save();
        }
    }

    /** Show what the server stored, except where the user typed again meanwhile;
     * `dropId`: the drop the lines were saved in (none without drops). */
    applyLines(lines, dropId) {
        const pending = this.pending[dropId || ""] || {};
        for (const [productId, quantity] of Object.entries(lines || {})) {
            for (const input of this.inputsOf(productId, dropId)) {
                input.dataset.saved = quantity;
                if (!(productId in pending) && parseFloat(input.value || 0) !== quantity) {
                    input.value = quantity || "";
                    this.updateTotals(input);
                }
            }
        }
    }

    /** The quantity rule each saved quantity breaks, under its row or on its matrix
     * cell (marked, the rule in its title); "" clears it. */
    applyWarnings(warnings, dropId) {
        const drop = dropId ? `[data-drop-id="${dropId}"]` : "";
        for (const [productId, warning] of Object.entries(warnings || {})) {
            const selector = `tr.o_preorder_row[data-product-id="${productId}"] .o_preorder_rule_warning${drop}`;
            for (const el of this.el.querySelectorAll(selector)) {
                el.textContent = warning || "";
                el.classList.toggle("d-none", !warning);
            }
            for (const input of this.inputsOf(productId, dropId)) {
                if (input.closest(".o_preorder_matrix")) {
                    input.classList.toggle("o_preorder_cell_warning", !!warning);
                    input.dataset.warning = warning || "";
                    this.updateCellTitle(input);
                }
            }
        }
    }

    /** The products of the page with a campaign cap (their "still available"). */
    cappedIds() {
        const inputs = this.el.querySelectorAll("input.o_preorder_qty[data-capped]");
        const ids = new Set([...inputs].map((input) => parseInt(input.dataset.productId)));
        return [...ids].slice(0, MAX_CAPPED_IDS);
    }

    /** What all customers together may still order of each capped product shown
     * (other customers' saves included): the row's badge or the cell's title, and
     * the input's maximum (this order's quantity plus what is still available). */
    applyCaps(caps) {
        for (const [productId, [available, label]] of Object.entries(caps || {})) {
            const selector = `tr.o_preorder_row[data-product-id="${productId}"] .o_preorder_cap_remaining`;
            for (const el of this.el.querySelectorAll(selector)) {
                el.textContent = label;
            }
            for (const input of this.inputsOf(productId)) {
                const saved = parseFloat(input.dataset.saved) || 0;
                input.max = Math.round((saved + available) * 1000) / 1000;
                if (input.closest(".o_preorder_matrix")) {
                    input.dataset.capLabel = label;
                    this.updateCellTitle(input);
                }
            }
        }
    }

    /** A matrix cell's title: its hint, what is still available, the rule it breaks. */
    updateCellTitle(input) {
        const { hint, capLabel, warning } = input.dataset;
        input.title = [hint, capLabel, warning].filter(Boolean).join(" · ");
    }

    restoreSaved(productIds, dropId) {
        for (const productId of productIds) {
            for (const input of this.inputsOf(productId, dropId)) {
                const saved = parseFloat(input.dataset.saved) || 0;
                input.value = saved || "";
                this.updateTotals(input);
            }
        }
    }

    /** A scan saved a quantity: show its row and the stored value. */
    onSavedElsewhere(result) {
        const productId = result.product_id;
        if (productId && !this.inputsOf(productId).length && result.row_html) {
            const template = document.createElement("template");
            template.innerHTML = result.row_html;
            this.el.querySelector(".o_preorder_rows")?.prepend(...template.content.children);
        }
        this.applyLines(result.lines, result.drop_id);
        this.applyWarnings(result.warnings, result.drop_id);
        for (const input of this.inputsOf(productId, result.drop_id)) {
            input.closest(".o_preorder_cell, .o_preorder_row").classList.add("o_preorder_row_flash");
        }
    }

    async loadMore() {
        const marker = this.el.querySelector(".o_preorder_next");
        if (!marker) {
            this.hasMore = false;
            return;
        }
        const response = await this.waitFor(fetch(marker.dataset.url));
        const html = await this.waitFor(response.text());
        marker.remove();
        const template = document.createElement("template");
        template.innerHTML = html;
        this.el.querySelector(".o_preorder_rows").append(...template.content.children);
        this.hasMore = !!this.el.querySelector(".o_preorder_next");
    }

    /** Back on the tab: another tab or device may have changed the order. */
    async onVisibilityChange() {
        if (document.visibilityState === "hidden") {
            this.scheduleSave.cancel();
            this.save();
            return;
        }
        const productIds = [
            ...new Set(
                [...this.el.querySelectorAll("input.o_preorder_qty")].map((input) =>
                    parseInt(input.dataset.productId)
                )
            ),
        ];
        let result;
        try {
            result = await this.waitFor(
                rpc(`${this.baseUrl}/state`, {
                    product_ids: productIds.slice(0, 600),
                    partner_id: this.partnerId,
                })
            );
        } catch {
            return; // refreshing is a nicety: the next save reports problems
        }
        if (!result.error) {
            if (result.drops) {
                for (const [dropId, drop] of Object.entries(result.drops)) {
                    this.applyLines(drop.lines, dropId);
                    this.applyWarnings(drop.warnings, dropId);
                }
            } else {
                this.applyLines(result.lines);
                this.applyWarnings(result.warnings);
            }
            this.env.bus.trigger("preorder:summary", result.summary);
        }
    }

    onBeforeUnload(ev) {
        if (this.inFlight || this.hasPending()) {
            ev.preventDefault();
            ev.returnValue = "";
        }
    }
}

/** A matrix total as the cells show quantities: "12", "2.5"; nothing for 0. */
function formatTotal(quantity) {
    return quantity ? String(Math.round(quantity * 1000) / 1000) : "";
}

registry.category("public.interactions").add("preorder_website.grid", PreorderGrid);
