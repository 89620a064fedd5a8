import { Interaction } from "@web/public/interaction";
import { registry } from "@web/core/registry";
import { readPage } from "./preorder_page";
import { rpc } from "@web/core/network/rpc";
import { _t } from "@web/core/l10n/translation";

/**
 * Start from last season: a row's "Use" button puts its suggested quantity in the
 * row's input, which the grid then saves like any typing; "Use all suggestions"
 * asks the server to take them all over in one save, then shows the stored page.
 */
export class PreorderSuggestions extends Interaction {
    static selector = ".o_preorder_page";
    dynamicContent = {
        ".o_preorder_suggest_source": { "t-on-change": (ev) => ev.target.form.requestSubmit() },
        ".o_preorder_rows": { "t-on-click": this.onUse },
        ".o_preorder_accept_all": { "t-on-click": this.locked(this.acceptAll, true) },
        ".o_preorder_suggestions_message": { "t-out": () => this.message },
    };

    setup() {
        Object.assign(this, readPage(this.el));
        this.message = "";
    }

    onUse(ev) {
        const button = ev.target.closest(".o_preorder_use_suggestion");
        if (!button || button.disabled) {
            return;
        }
        const input = button.closest("tr").querySelector("input.o_preorder_qty");
        input.value = button.dataset.quantity;
        // The grid saves it like typed input.
        input.dispatchEvent(new Event("input", { bubbles: true }));
    }

    async acceptAll(ev) {
        const result = await this.waitFor(
            rpc(`${this.baseUrl}/accept_suggestions`, {
                source: ev.currentTarget.dataset.source,
                partner_id: this.partnerId,
            }),
        );
        if (result.error) {
            this.message = result.error;
            return;
        }
        this.message = _t("%s products taken over.", result.saved);
        this.env.bus.trigger("preorder:summary", result.summary);
        if (result.saved) {
            this.reload();
        }
    }

    reload() {
        window.location.reload();
    }
}

registry.category("public.interactions").add("preorder_website.suggestions", PreorderSuggestions);
