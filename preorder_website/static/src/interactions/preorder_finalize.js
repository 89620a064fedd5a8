import { Interaction } from "@web/public/interaction";
import { registry } from "@web/core/registry";

/**
 * Finalize: ask for confirmation, and only submit once every quantity is saved.
 */
export class PreorderFinalize extends Interaction {
    static selector = ".o_preorder_finalize";
    dynamicContent = {
        ".o_preorder_finalize_ask": {
            "t-on-click": () => (this.asking = true),
            "t-att-class": () => ({ "d-none": this.asking }),
        },
        ".o_preorder_finalize_confirm": { "t-att-class": () => ({ "d-none": !this.asking }) },
        ".o_preorder_finalize_wait": { "t-att-class": () => ({ "d-none": !this.waiting }) },
        _root: { "t-on-submit": this.onSubmit },
    };

    setup() {
        this.asking = false;
        this.waiting = false;
    }

    onSubmit(ev) {
        const state = document.querySelector(".o_preorder_save_state")?.dataset.state;
        this.waiting = state && state !== "saved";
        if (this.waiting) {
            ev.preventDefault();
        }
    }
}

registry.category("public.interactions").add("preorder_website.finalize", PreorderFinalize);
