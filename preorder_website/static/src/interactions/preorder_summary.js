import { Interaction } from "@web/public/interaction";
import { registry } from "@web/core/registry";
import { readPage } from "./preorder_page";
import { rpc } from "@web/core/network/rpc";
import { _t } from "@web/core/l10n/translation";

/**
 * Fill `el`'s figures from a summary the server sent: `data-field` elements get
 * their text, `data-show` ones are shown when their figure is set, `data-disable`
 * ones disabled when it is.
 */
export function renderSummary(el, summary) {
    if (!summary) {
        return;
    }
    for (const field of el.querySelectorAll("[data-field]")) {
        field.textContent = summary[field.dataset.field] ?? "";
    }
    for (const shown of el.querySelectorAll("[data-show]")) {
        shown.classList.toggle("d-none", !summary[shown.dataset.show]);
    }
    // Finalizing waits for the campaign's minimum order value.
    for (const button of el.querySelectorAll("[data-disable]")) {
        button.disabled = !!summary[button.dataset.disable];
    }
}

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
        renderSummary(this.el, summary);
    }

    async onDateChange(ev) {
        const input = ev.currentTarget;
        let result;
        try {
            result = await this.waitFor(
                rpc(`${this.baseUrl}/delivery_date`, {
                    delivery_date: input.value || false,
                    partner_id: this.partnerId,
                }),
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
            // Through the bus: the phone's bar shows the same figures
            this.env.bus.trigger("preorder:summary", result.summary);
        }
    }
}

/**
 * The bar at the bottom of a phone's screen: the summary's total and tiers,
 * updated after every save like the summary (the grid fills its saving state).
 */
export class PreorderSummaryBar extends Interaction {
    static selector = ".o_preorder_summary_bar";

    start() {
        this.addListener(this.env.bus, "preorder:summary", (ev) =>
            renderSummary(this.el, ev.detail),
        );
    }
}

registry.category("public.interactions").add("preorder_website.summary", PreorderSummary);
registry.category("public.interactions").add("preorder_website.summary_bar", PreorderSummaryBar);
