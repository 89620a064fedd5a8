import { Interaction } from "@web/public/interaction";
import { registry } from "@web/core/registry";
import { readPage } from "./preorder_page";
import { rpc } from "@web/core/network/rpc";
import { _t } from "@web/core/l10n/translation";

const SUGGEST_DELAY = 150; // ms of quiet typing before asking for suggestions

/**
 * Quick entry above the grid, keyboard only: type a reference, barcode or name,
 * pick a suggestion (arrows + Enter; Enter alone when one product or an exact
 * reference matches), type a quantity, Enter. The quantity is SET through the
 * grid's own save route, and the grid shows it through the bus like a scan.
 */
export class PreorderQuickEntry extends Interaction {
    static selector = ".o_preorder_quick_entry";
    dynamicContent = {
        _root: {
            "t-on-submit.prevent": this.locked(this.onSubmit),
            "t-att-class": () => ({ "d-none": !this.editable }),
        },
        ".o_preorder_quick_input": {
            "t-on-input": this.onInput,
            "t-on-keydown": this.onKeydown,
            "t-on-blur": () => (this.isOpen = false),
            "t-att-aria-expanded": () => String(this.isOpen),
            "t-att-aria-activedescendant": () =>
                this.isOpen && this.activeIndex >= 0 ? this.optionId(this.activeIndex) : false,
        },
        ".o_preorder_quick_qty": {
            "t-on-keydown": this.onQuantityKeydown,
            "t-att-step": () => (this.selected?.whole ? "1" : "any"),
        },
        ".o_preorder_quick_list": {
            // Keep the focus in the field while the mouse picks an option
            "t-on-mousedown.prevent": () => {},
            "t-on-click": this.onOptionClick,
            "t-att-class": () => ({ show: this.isOpen }),
        },
        ".o_preorder_quick_message": {
            "t-out": () => this.message,
            "t-att-class": () => ({ "text-danger": this.isError, "text-success": !this.isError }),
        },
    };

    setup() {
        const page = this.el.closest(".o_preorder_page");
        Object.assign(this, readPage(page));
        // The server leaves the form out of a read-only page; this also covers
        // a page whose flag is changed without reloading.
        this.editable = !!page.dataset.editable;
        this.input = this.el.querySelector(".o_preorder_quick_input");
        this.qtyInput = this.el.querySelector(".o_preorder_quick_qty");
        this.list = this.el.querySelector(".o_preorder_quick_list");
        this.suggestions = [];
        this.suggestedText = ""; // the text `suggestions` answer
        this.lastRequest = 0; // out-of-order answers are dropped
        this.activeIndex = -1;
        this.isOpen = false;
        this.selected = null;
        this.message = "";
        this.isError = false;
        this.scheduleSuggest = this.debounced(() => this.suggest(this.text()), SUGGEST_DELAY);
    }

    text() {
        return this.input.value.trim();
    }

    optionId(index) {
        return `o_preorder_quick_option_${index}`;
    }

    onInput() {
        this.selected = null;
        this.message = "";
        if (!this.text()) {
            this.scheduleSuggest.cancel();
            this.lastRequest++;
            this.setSuggestions("", []);
            return;
        }
        this.scheduleSuggest();
    }

    /** Ask the server; answers to an older text than the latest asked are ignored. */
    async suggest(text) {
        const requestId = ++this.lastRequest;
        let result;
        try {
            result = await this.waitFor(
                rpc(`${this.baseUrl}/suggest`, { text, partner_id: this.partnerId }),
            );
        } catch {
            if (requestId === this.lastRequest) {
                this.showError(_t("No suggestions: check your connection."));
            }
            return false;
        }
        if (requestId !== this.lastRequest) {
            return false;
        }
        if (result.error) {
            this.showError(result.error);
            this.setSuggestions(text, []);
            return false;
        }
        this.setSuggestions(text, result.products);
        if (!result.products.length) {
            this.showError(_t("No product of this campaign matches “%s”.", text));
        }
        return true;
    }

    setSuggestions(text, products) {
        this.suggestedText = text;
        this.suggestions = products;
        this.activeIndex = -1;
        this.isOpen = products.length > 0;
        this.renderOptions();
    }

    renderOptions() {
        const options = this.suggestions.map((product, index) => {
            const option = document.createElement("li");
            option.id = this.optionId(index);
            option.setAttribute("role", "option");
            option.setAttribute("aria-selected", String(index === this.activeIndex));
            option.dataset.index = index;
            option.className = "dropdown-item d-flex gap-2 o_preorder_quick_option";
            option.classList.toggle("active", index === this.activeIndex);
            const parts = [
                ["fw-semibold o_preorder_quick_reference", product.reference],
                ["flex-grow-1 o_preorder_quick_name", product.name],
                ["text-nowrap o_preorder_quick_price", product.price],
            ];
            if (product.quantity) {
                parts.push([
                    "badge text-bg-light border o_preorder_quick_ordered",
                    _t("ordered: %s", product.quantity),
                ]);
            }
            for (const [className, text] of parts) {
                const span = document.createElement("span");
                span.className = className;
                span.textContent = text;
                option.append(span);
            }
            return option;
        });
        this.list.replaceChildren(...options);
        this.list.querySelector(".active")?.scrollIntoView?.({ block: "nearest" });
    }

    move(delta) {
        const count = this.suggestions.length;
        if (!count) {
            return;
        }
        this.isOpen = true;
        if (this.activeIndex < 0) {
            this.activeIndex = delta > 0 ? 0 : count - 1;
        } else {
            this.activeIndex = (this.activeIndex + delta + count) % count;
        }
        this.renderOptions();
    }

    async onKeydown(ev) {
        switch (ev.key) {
            case "ArrowDown":
            case "ArrowUp":
                ev.preventDefault();
                this.move(ev.key === "ArrowDown" ? 1 : -1);
                return;
            case "Escape":
                if (this.isOpen) {
                    ev.preventDefault();
                    this.isOpen = false;
                }
                return;
            case "Enter":
                ev.preventDefault(); // no form submit: Enter here picks a product
                await this.pickFromKeyboard();
        }
    }

    /** Enter in the product field: the active option, else the one obvious match. */
    async pickFromKeyboard() {
        const text = this.text();
        if (!text) {
            return;
        }
        if (this.selected) {
            this.qtyInput.focus(); // already picked, the text is unchanged
            return;
        }
        if (this.isOpen && this.activeIndex >= 0 && this.suggestedText === text) {
            this.pick(this.suggestions[this.activeIndex]);
            return;
        }
        if (this.suggestedText !== text) {
            // Typed faster than the suggestions came: ask now, without waiting.
            this.scheduleSuggest.cancel();
            if (!(await this.suggest(text))) {
                return;
            }
        }
        const [first] = this.suggestions;
        if (first && (this.suggestions.length === 1 || first.exact)) {
            this.pick(first);
        } else if (this.suggestions.length) {
            this.isOpen = true;
            this.message = _t("Several products match: choose one with the arrow keys.");
            this.isError = false;
        }
    }

    onOptionClick(ev) {
        const option = ev.target.closest("[role=option]");
        if (option) {
            this.pick(this.suggestions[parseInt(option.dataset.index)]);
        }
    }

    pick(product) {
        this.selected = product;
        this.isOpen = false;
        this.input.value = [product.reference, product.name].filter(Boolean).join(" ");
        this.suggestedText = this.text();
        this.message = product.quantity
            ? _t("%(product)s: %(quantity)s ordered so far.", {
                  product: product.name,
                  quantity: product.quantity,
              })
            : "";
        this.isError = false;
        this.qtyInput.value = "";
        this.qtyInput.focus();
    }

    onQuantityKeydown(ev) {
        if (ev.key === "Escape") {
            // Back to the product, to choose another one
            ev.preventDefault();
            this.input.focus();
            this.input.select();
        }
    }

    /** Enter in the quantity field (or the button): save the quantity. */
    async onSubmit() {
        if (!this.selected) {
            await this.pickFromKeyboard();
            if (!this.selected) {
                this.input.focus();
            }
            return;
        }
        const quantity = this.qtyInput.value.trim();
        if (quantity === "" || isNaN(parseFloat(quantity))) {
            this.showError(_t("Type a quantity."));
            this.qtyInput.focus();
            return;
        }
        await this.save(this.selected, quantity);
    }

    async save(product, quantity) {
        let result;
        try {
            result = await this.waitFor(
                rpc(`${this.baseUrl}/save`, {
                    quantities: { [product.id]: quantity },
                    partner_id: this.partnerId,
                }),
            );
        } catch {
            this.showError(_t("Not saved: check your connection and try again."));
            return;
        }
        if (result.error) {
            this.showError(result.error);
            this.qtyInput.focus();
            return;
        }
        const saved = result.lines?.[product.id] ?? parseFloat(quantity);
        // The grid shows the stored quantity in the product's row, the summary the totals.
        this.env.bus.trigger("preorder:saved", {
            product_id: product.id,
            lines: result.lines,
            drop_id: result.drop_id, // with delivery drops: the drop it was saved in
        });
        this.env.bus.trigger("preorder:summary", result.summary);
        this.message = _t("%(product)s: %(quantity)s saved", {
            product: product.name,
            quantity: saved,
        });
        this.isError = false;
        this.reset();
    }

    /** Ready for the next entry. */
    reset() {
        this.selected = null;
        this.input.value = "";
        this.qtyInput.value = "";
        this.lastRequest++;
        this.setSuggestions("", []);
        this.input.focus();
    }

    showError(message) {
        this.message = message;
        this.isError = true;
    }
}

registry.category("public.interactions").add("preorder_website.quick_entry", PreorderQuickEntry);
