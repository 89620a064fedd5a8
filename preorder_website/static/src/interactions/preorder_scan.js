import { Interaction } from "@web/public/interaction";
import { registry } from "@web/core/registry";
import { readPage } from "./preorder_page";
import { rpc } from "@web/core/network/rpc";
import { _t } from "@web/core/l10n/translation";

const CAMERA_INTERVAL = 300; // ms between two camera frames analysed

/**
 * The scan field: a barcode scanner types the code and presses Enter (keyboard
 * wedge); on phones the camera is used when the browser offers BarcodeDetector.
 * The server adds one unit (or packaging) of the product or of its replacement.
 */
export class PreorderScan extends Interaction {
    static selector = ".o_preorder_scan";
    dynamicContent = {
        _root: { "t-on-submit.prevent": this.locked(this.onSubmit) },
        ".o_preorder_camera": {
            "t-on-click": this.toggleCamera,
            "t-att-class": () => ({ "d-none": !("BarcodeDetector" in window) }),
        },
        ".o_preorder_camera_video": { "t-att-class": () => ({ "d-none": !this.stream }) },
        ".o_preorder_scan_message": {
            "t-out": () => this.message,
            "t-att-class": () => ({ "text-danger": this.isError, "text-success": !this.isError }),
        },
    };

    setup() {
        Object.assign(this, readPage(this.el));
        this.input = this.el.querySelector(".o_preorder_scan_input");
        this.message = "";
        this.isError = false;
        this.stream = null;
        this.registerCleanup(() => this.stopCamera());
    }

    async onSubmit() {
        const barcode = this.input.value.trim();
        if (barcode) {
            await this.scan(barcode);
        }
    }

    async scan(barcode) {
        let result;
        try {
            result = await this.waitFor(
                rpc(`${this.baseUrl}/scan`, { barcode, partner_id: this.partnerId })
            );
        } catch {
            this.isError = true;
            this.message = _t("Not saved: check your connection and scan again.");
            return;
        }
        this.input.value = "";
        this.input.focus();
        this.isError = !!result.error;
        if (result.error) {
            this.message = result.error;
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
              }) + " " + added
            : added;
        this.env.bus.trigger("preorder:saved", result);
        this.env.bus.trigger("preorder:summary", result.summary);
    }

    async toggleCamera() {
        if (this.stream) {
            this.stopCamera();
            return;
        }
        try {
            this.stream = await this.waitFor(
                navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" } })
            );
        } catch {
            this.isError = true;
            this.message = _t("The camera is not available.");
            return;
        }
        const video = this.el.querySelector(".o_preorder_camera_video");
        video.srcObject = this.stream;
        await this.waitFor(video.play());
        this.detector = new window.BarcodeDetector();
        this.detectLoop(video);
    }

    async detectLoop(video) {
        if (!this.stream) {
            return;
        }
        const codes = await this.waitFor(this.detector.detect(video).catch(() => []));
        if (codes.length) {
            this.stopCamera();
            await this.scan(codes[0].rawValue);
        } else {
            this.waitForTimeout(() => this.detectLoop(video), CAMERA_INTERVAL);
        }
    }

    stopCamera() {
        for (const track of this.stream?.getTracks() || []) {
            track.stop();
        }
        this.stream = null;
    }
}

registry.category("public.interactions").add("preorder_website.scan", PreorderScan);
