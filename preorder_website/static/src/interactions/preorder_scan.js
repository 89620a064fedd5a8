import { Interaction } from "@web/public/interaction";
import { registry } from "@web/core/registry";
import { readPage } from "./preorder_page";
import { newBatchId, pageStore } from "./preorder_offline_store";
import { rpc, ConnectionLostError } from "@web/core/network/rpc";
import { scanBarcode } from "@web/core/barcode/barcode_dialog";
import { isBarcodeScannerSupported } from "@web/core/barcode/barcode_video_scanner";
import { _t } from "@web/core/l10n/translation";

/**
 * The scan field: a barcode scanner types the code and presses Enter (keyboard
 * wedge); on phones the camera scans through Odoo's barcode dialog (the browser's
 * BarcodeDetector, else the ZXing library Odoo ships). The server adds one unit
 * (or packaging) of the product or of its replacement. Scans made without a
 * connection wait on the device and are sent in order when it is back; a barcode
 * then unknown is reported, not lost.
 */
export class PreorderScan extends Interaction {
    static selector = ".o_preorder_scan";
    dynamicContent = {
        _root: { "t-on-submit.prevent": this.locked(this.onSubmit) },
        ".o_preorder_camera": {
            "t-on-click": this.locked(this.scanWithCamera),
            "t-att-class": () => ({ "d-none": !this.cameraSupported }),
        },
        ".o_preorder_scan_message": {
            "t-out": () => this.message,
            "t-att-class": () => ({ "text-danger": this.isError, "text-success": !this.isError }),
        },
        _window: { "t-on-online": this.locked(this.sendQueued) },
    };

    setup() {
        Object.assign(this, readPage(this.el));
        this.input = this.el.querySelector(".o_preorder_scan_input");
        this.message = "";
        this.isError = false;
        this.cameraSupported = isBarcodeScannerSupported();
    }

    async willStart() {
        this.store = await pageStore(this.el);
    }

    start() {
        if (this.store.scans.length && navigator.onLine !== false) {
            this.sendQueued();
        }
    }

    async onSubmit() {
        const barcode = this.input.value.trim();
        if (barcode) {
            await this.scan(barcode);
        }
    }

    async scanWithCamera() {
        let barcode;
        try {
            barcode = await this.waitFor(scanBarcode(this.env));
        } catch {
            this.isError = true;
            this.message = _t("The camera is not available.");
            return;
        }
        if (barcode) {
            await this.scan(barcode);
        }
    }

    async scan(barcode) {
        // The scan's id: sent again after a lost answer, it is not added twice.
        const batchId = newBatchId();
        let result;
        try {
            result = await this.waitFor(this.send(barcode, batchId));
        } catch (error) {
            if (!(error instanceof ConnectionLostError)) {
                this.isError = true;
                this.message = _t("Not saved: check your connection and scan again.");
                return;
            }
            this.store.scans.push({ barcode, batchId });
            this.store.persist();
            this.env.bus.trigger("preorder:queued");
            this.input.value = "";
            this.isError = false;
            this.message = _t(
                "Offline: %s is kept on this device and added when the connection is back.",
                barcode,
            );
            feedback(false);
            return;
        }
        this.input.value = "";
        this.input.focus();
        this.show(result);
    }

    send(barcode, batchId) {
        return rpc(`${this.baseUrl}/scan`, {
            barcode,
            batch_id: batchId,
            partner_id: this.partnerId,
        });
    }

    /** What a scan added (or why it was refused), the grid and summary updated. */
    show(result, barcode) {
        this.isError = !!result.error;
        feedback(this.isError);
        if (result.error) {
            this.message = barcode
                ? _t("Scanned offline, not added: %(barcode)s: %(error)s", {
                      barcode,
                      error: result.error,
                  })
                : result.error;
            return;
        }
        const added = _t("Added %(added)s × %(product)s (now %(quantity)s).", {
            added: result.added,
            product: result.product_name,
            quantity: result.quantity,
        });
        this.message = result.replaced_name
            ? _t("%(old)s is replaced by %(new)s.", {
                  old: result.replaced_name,
                  new: result.product_name,
              }) +
              " " +
              added
            : added;
        this.env.bus.trigger("preorder:saved", result);
        this.env.bus.trigger("preorder:summary", result.summary);
    }

    /** Back online: the scans kept on the device, in the order they were made. */
    async sendQueued() {
        const refused = [];
        while (this.store.scans.length) {
            const { barcode, batchId } = this.store.scans[0];
            let result;
            try {
                result = await this.waitFor(this.send(barcode, batchId));
            } catch {
                break; // still offline: the next "online" event tries again
            }
            this.store.scans.shift();
            this.store.persist();
            this.env.bus.trigger("preorder:queued");
            if (result.error) {
                refused.push(barcode);
            }
            this.show(result, result.error && barcode);
        }
        if (refused.length > 1) {
            this.isError = true;
            this.message = _t("Scanned offline, not added: %s", refused.join(", "));
        }
    }
}

/** A scan is felt and heard on a phone: a short vibration and beep, a double one
 * when it was refused. */
function feedback(isError) {
    const AudioContext = window.AudioContext || window.webkitAudioContext;
    try {
        navigator.vibrate?.(isError ? [80, 60, 80] : 60);
        if (!AudioContext) {
            return;
        }
        const context = new AudioContext();
        const oscillator = context.createOscillator();
        oscillator.frequency.value = isError ? 220 : 880;
        oscillator.connect(context.destination);
        oscillator.start();
        oscillator.stop(context.currentTime + (isError ? 0.25 : 0.08));
        oscillator.onended = () => context.close();
    } catch {
        // no vibration or sound (a desktop, the autoplay policy): the message says it all
    }
}

registry.category("public.interactions").add("preorder_website.scan", PreorderScan);
