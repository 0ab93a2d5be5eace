// Screenshots of the running product, as its users see it (make screenshots, with make run serving).
//   BASE=http://127.0.0.1:8069 DB=hotline OUT=docs/screenshots node scripts/screenshots.mjs [name ...]
import { createRequire } from "module";
const require = createRequire(process.env.NODE_MODULES_DIR + "/");
const { chromium } = require("playwright-core");

const BASE = process.env.BASE || "http://127.0.0.1:8069";
const OUT = process.env.OUT || "docs/screenshots";
const DESKTOP = { width: 1440, height: 900 };
const PHONE = { width: 390, height: 844 };

// name, login (null = anonymous), path, viewport, language
const SHOTS = [
    ["backend_tickets", "admin", "/odoo/action-municipal_hotline.helpdesk_ticket_action_hotline", DESKTOP],
    ["intake_form", "operator", "/odoo/action-municipal_hotline.helpdesk_ticket_action_intake", DESKTOP],
    ["district_manager_queue", "manager1", "/odoo/action-municipal_hotline.helpdesk_ticket_action_hotline", DESKTOP],
    ["referrals", "admin", "/odoo/action-municipal_hotline.hotline_referral_action", DESKTOP],
    ["meetings", "manager1", "/odoo/action-municipal_hotline.hotline_public_meeting_action", DESKTOP],
    ["reporting_pivot", "admin", "/odoo/action-municipal_hotline.hotline_ticket_report_action", DESKTOP],
    ["dashboard", "admin", "/odoo/action-municipal_hotline.spreadsheet_dashboard_hotline_action", DESKTOP],
    ["staff_ratings", "admin", "/odoo/action-municipal_hotline.hotline_staff_rating_report_action", DESKTOP],
    ["portal_my_requests", "citizen", "/my/requests", PHONE],
    ["portal_new_request", "citizen", "/my/requests/new", PHONE],
    ["portal_meetings", "citizen", "/my/meetings", PHONE],
    ["portal_lookup", null, "/hotline/lookup", PHONE],
    ["agency_referrals", "agency", "/my/referrals", PHONE],
    ["counter_rating", null, "/hotline/rate/demo-counter1", PHONE],
];

async function login(page, login) {
    page.setDefaultTimeout(120000);
    await page.goto(`${BASE}/web/login`);
    await page.fill("input[name=login]", login);
    await page.fill("input[name=password]", login);
    await Promise.all([page.waitForNavigation(), page.click("button[type=submit]")]);
}

const wanted = process.argv.slice(2);
const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
           "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
for (const lang of ["fa_IR", "en_US"]) {
    for (const [name, user, path, viewport] of SHOTS) {
        if (wanted.length && !wanted.includes(name)) continue;
        // citizens and staff are in Iran: a UTC browser would set their timezone to UTC on login
        const context = await browser.newContext({ viewport, locale: lang.replace("_", "-"), timezoneId: "Asia/Tehran" });
        const page = await context.newPage();
        try {
            if (user) {
                await login(page, user);
                // the language is the user's own preference (a field users may write on themselves)
                await page.evaluate(async (lang) => {
                    const rpc = async (url, params) => (await fetch(url, {
                        method: "POST", headers: { "Content-Type": "application/json" },
                        body: JSON.stringify({ jsonrpc: "2.0", method: "call", params }),
                    })).json();
                    const info = await rpc("/web/session/get_session_info", {});
                    await rpc("/web/dataset/call_kw/res.users/write", {
                        model: "res.users", method: "write",
                        args: [[info.result.uid], { lang }], kwargs: {},
                    });
                }, lang);
            }
            page.setDefaultTimeout(120000);
            await page.goto(BASE + path);
            if (path.startsWith("/odoo")) {
                // the web client keeps a websocket open: wait for the view, not for the network
                await page.waitForSelector(".o_action_manager .o_view_controller, .o_action_manager .o_form_view, .o_action_manager .o_spreadsheet_dashboard_action, .o_action_manager .o-spreadsheet");
            } else {
                await page.waitForLoadState("networkidle");
            }
            await page.waitForTimeout(2000);
            const file = `${OUT}/${name}_${lang.slice(0, 2)}.png`;
            await page.screenshot({ path: file, fullPage: viewport === PHONE });
            console.log("saved", file);
        } catch (e) {
            console.log("FAILED", name, lang, String(e).split("\n")[0]);
        }
        await context.close();
    }
}
await browser.close();
