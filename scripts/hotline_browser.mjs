// What scripts/screenshots.mjs and scripts/walkthrough.mjs share: the browser, the demo
// logins (password = login), the user's language, and waiting for the web client.
import { createRequire } from "module";
const require = createRequire((process.env.NODE_MODULES_DIR || `${process.cwd()}/.cache/node/node_modules`) + "/");
const { chromium } = require("playwright-core");

export const BASE = process.env.BASE || "http://127.0.0.1:8069";
export const OUT = process.env.OUT || "docs/screenshots";
export const DESKTOP = { width: 1440, height: 900 };
export const PHONE = { width: 390, height: 844 };
export const TIMEOUT = 120000;
// the web client's views, once an action is on screen
export const VIEW_SELECTOR = [
    ".o_action_manager .o_view_controller",
    ".o_action_manager .o_form_view",
    ".o_action_manager .o_spreadsheet_dashboard_action",
    ".o_action_manager .o-spreadsheet",
    ".o_action_manager .o_hotline_staff_map",
    ".o_action_manager .o_hotline_wallboard",
].join(", ");

export async function launch() {
    return chromium.launch({
        executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
        args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
               "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    });
}

// citizens and staff are in Iran: a UTC browser would set their timezone to UTC on login
export async function newPage(browser, viewport, lang) {
    const context = await browser.newContext({
        viewport, locale: lang.replace("_", "-"), timezoneId: "Asia/Tehran", acceptDownloads: true,
    });
    const page = await context.newPage();
    page.setDefaultTimeout(TIMEOUT);
    return { context, page };
}

export async function login(page, user) {
    await page.goto(`${BASE}/web/login`);
    await page.fill("input[name=login]", user);
    await page.fill("input[name=password]", user);
    await Promise.all([page.waitForNavigation(), page.click("button[type=submit]")]);
}

export async function rpc(page, url, params) {
    return page.evaluate(async ([url, params]) => (await fetch(url, {
        method: "POST", headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ jsonrpc: "2.0", method: "call", params }),
    })).json(), [url, params]);
}

// the language is the user's own preference (a field users may write on themselves)
export async function setLang(page, lang) {
    const info = await rpc(page, "/web/session/get_session_info", {});
    const result = await rpc(page, "/web/dataset/call_kw/res.users/write", {
        model: "res.users", method: "write", args: [[info.result.uid], { lang }], kwargs: {},
    });
    if (result.error) {
        throw new Error(`cannot set ${lang}: ${result.error.data?.message || result.error.message}`);
    }
}

// the web client keeps a websocket open: wait for the view and its data, not for the network
export async function waitForView(page) {
    await page.waitForSelector(VIEW_SELECTOR);
    await settle(page);
}

// no RPC running (the web client's loading indicator gone) and no dialog being opened
export async function settle(page) {
    await page.waitForFunction(() => !document.querySelector(".o_loading_indicator, .o_blockUI, .o-main-components-container .o_loading"));
    await page.waitForLoadState("domcontentloaded");
}
