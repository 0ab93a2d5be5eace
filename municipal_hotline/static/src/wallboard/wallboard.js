/**
 * The call centre's wallboard (a client action for the screen on the wall): calls
 * waiting now, the operators on a call, and today's answer rate. It reloads when the
 * PBX endpoint or the CDR import notifies "hotline.wallboard/refresh" on the bus (the
 * operators' group channel), and every 30 seconds in case a message was missed.
 */
import { Component, onWillStart, onWillUnmount, useState } from "@odoo/owl";
import { registry } from "@web/core/registry";
import { rpc } from "@web/core/network/rpc";
import { useService } from "@web/core/utils/hooks";
import { readerDigits } from "../jalali/persian_digits_patch";

export const REFRESH_MS = 30000;

export class HotlineWallboard extends Component {
    static template = "municipal_hotline.HotlineWallboard";
    static props = ["*"];

    setup() {
        this.state = useState({ data: null, updated: null });
        this.busService = useService("bus_service");
        this.onRefresh = (payload) => {
            if (!payload || !this.state.data || payload.company_id === this.state.data.company_id) {
                this.load();
            }
        };
        this.busService.subscribe("hotline.wallboard/refresh", this.onRefresh);
        this.busService.start();
        this.timer = setInterval(() => this.load(), REFRESH_MS);
        onWillStart(() => this.load());
        onWillUnmount(() => {
            clearInterval(this.timer);
            this.busService.unsubscribe("hotline.wallboard/refresh", this.onRefresh);
        });
    }

    async load() {
        this.state.data = await rpc("/hotline/wallboard/data", {});
        this.state.updated = new Date();
    }

    /** A number as the reader reads it (Persian digits for Persian users). */
    digits(value) {
        return value === null || value === undefined ? "—" : readerDigits(String(value));
    }

    /** 75 -> "1:15" */
    duration(seconds) {
        const s = Math.max(0, Math.round(seconds || 0));
        const text = `${Math.floor(s / 60)}:${String(s % 60).padStart(2, "0")}`;
        return readerDigits(text);
    }
}

registry.category("actions").add("hotline_wallboard", HotlineWallboard);
