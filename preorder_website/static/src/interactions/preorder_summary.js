import { Interaction } from "@web/public/interaction";
import { registry } from "@web/core/registry";
import { readPage } from "./preorder_page";
import { rpc } from "@web/core/network/rpc";
import { _t } from "@web/core/l10n/translation";

/**
 * The summary panel: totals and tier as the server last sent them, and the
 * desired delivery date, validated by the server against the campaign's rules.
 */
export class PreorderSummary extends Interaction {
    static selector = ".o_preorder_summary";
    dynamicContent = {
        ".o_preorder_delivery_date": { "t-on-change": this.locked(this.onDateChange) },
        ".o_preorder_delivery_error": { "t-out": () => this.dateError },
    };

    setup() {
        Object.assign(this, readPage(this.el));
        this.dateError = "";
    }

    start() {
        this.addListener(this.env.bus, "preorder:summary", (ev) => this.render(ev.detail));
    }

    render(summary) {
        if (!summary) {
            return;
        }
        for (const el of this.el.querySelectorAll("[data-field]")) {
            el.textContent = summary[el.dataset.field] ?? "";
        }
        for (const el of this.el.querySelectorAll("[data-show]")) {
            el.classList.toggle("d-none", !summary[el.dataset.show]);
        }
        // Finalizing waits for the campaign's minimum order value.
        for (const el of this.el.querySelectorAll("[data-disable]")) {
            el.disabled = !!summary[el.dataset.disable];
        }
    }

    async onDateChange(ev) {
        const input = ev.currentTarget;
        let result;
        try {
            result = await this.waitFor(
                rpc(`${this.baseUrl}/delivery_date`, {
                    delivery_date: input.value || false,
                    partner_id: this.partnerId,
                })
            );
        } catch {
            this.dateError = _t("Not saved: check your connection and try again.");
            return;
        }
        if (result.error) {
            this.dateError = result.error;
            input.classList.add("is-invalid");
        } else {
            this.dateError = "";
            input.classList.remove("is-invalid");
            input.classList.add("is-valid");
            this.render(result.summary);
        }
    }
}

registry.category("public.interactions").add("preorder_website.summary", PreorderSummary);
