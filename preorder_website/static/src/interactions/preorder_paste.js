import { Interaction } from "@web/public/interaction";
import { registry } from "@web/core/registry";
import { readPage } from "./preorder_page";
import { rpc } from "@web/core/network/rpc";
import { _t } from "@web/core/l10n/translation";

/**
 * Paste from a spreadsheet: two columns, reference or barcode TAB quantity, into the
 * paste field or onto the grid (cells copied from a spreadsheet hold a TAB or a line
 * break, a number typed in one input does not). The server saves every recognised
 * row in one save and answers the refused ones, listed here with their reason.
 */
export class PreorderPaste extends Interaction {
    static selector = ".o_preorder_paste";
    dynamicContent = {
        _root: { "t-on-submit.prevent": this.locked(this.onSubmit, true) },
        ".o_preorder_paste_message": {
            "t-out": () => this.message,
            "t-att-class": () => ({ "text-danger": this.isError, "text-success": !this.isError }),
        },
    };

    setup() {
        Object.assign(this, readPage(this.el));
        this.textarea = this.el.querySelector(".o_preorder_paste_text");
        this.refusedList = this.el.querySelector(".o_preorder_paste_refused");
        this.message = "";
        this.isError = false;
    }

    start() {
        const rows = this.el.closest(".o_preorder_page").querySelector(".o_preorder_rows");
        if (rows) {
            this.addListener(rows, "paste", this.onGridPaste);
        }
    }

    onGridPaste(ev) {
        const text = ev.clipboardData?.getData("text/plain") || "";
        if (!/[\t\n]/.test(text.trim())) {
            return; // one value into one input: the grid's own input handles it
        }
        ev.preventDefault();
        this.textarea.value = text;
        return this.paste(text);
    }

    async onSubmit() {
        const text = this.textarea.value;
        if (text.trim()) {
            await this.paste(text);
        }
    }

    async paste(text) {
        let result;
        try {
            result = await this.waitFor(
                rpc(`${this.baseUrl}/paste`, { text, partner_id: this.partnerId }),
            );
        } catch {
            this.showRefused([]);
            this.isError = true;
            this.message = _t("Not saved: check your connection and paste again.");
            return;
        }
        this.isError = !!result.error || result.refused.length > 0;
        if (result.error) {
            this.showRefused([]);
            this.message = result.error;
            return;
        }
        this.message = result.refused.length
            ? _t("%(saved)s products saved, %(refused)s rows refused:", {
                  saved: result.saved_count,
                  refused: result.refused.length,
              })
            : _t("%(saved)s products saved.", { saved: result.saved_count });
        this.showRefused(result.refused);
        // Only the refused rows stay in the field, to be corrected and pasted again.
        this.textarea.value = result.refused
            .map((row) => `${row.reference}\t${row.quantity}`)
            .join("\n");
        if (result.saved_count) {
            this.env.bus.trigger("preorder:saved", result);
            this.env.bus.trigger("preorder:summary", result.summary);
        }
    }

    showRefused(refused) {
        const items = refused.map((row) => {
            const item = document.createElement("li");
            item.className = "o_preorder_paste_refused_row";
            item.textContent = _t("Row %(row)s (%(reference)s): %(reason)s", {
                row: row.row,
                reference: row.reference,
                reason: row.reason,
            });
            return item;
        });
        this.refusedList.replaceChildren(...items);
    }
}

registry.category("public.interactions").add("preorder_website.paste", PreorderPaste);
