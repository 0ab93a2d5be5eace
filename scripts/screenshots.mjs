// Screenshots of the running product, as its users see it (make screenshots, with make run serving).
//   BASE=http://127.0.0.1:8069 DB=hotline OUT=docs/screenshots node scripts/screenshots.mjs [name ...]
import { BASE, DESKTOP, OUT, PHONE, launch, login, newPage, setLang, waitForView } from "./hotline_browser.mjs";

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
    ["staff_map", "admin", "/odoo/action-municipal_hotline.helpdesk_ticket_action_staff_map", DESKTOP],
    ["call_wallboard", "admin", "/odoo/action-municipal_hotline.hotline_call_wallboard_action", DESKTOP],
    ["call_analysis", "admin", "/odoo/action-municipal_hotline.hotline_call_report_action", DESKTOP],
    ["callback_list", "operator", "/odoo/action-municipal_hotline.hotline_call_action_callback", DESKTOP],
    ["sms_analysis", "admin", "/odoo/action-municipal_hotline.hotline_sms_report_action", DESKTOP],
    ["portal_my_requests", "citizen", "/my/requests", PHONE],
    ["portal_new_request", "citizen", "/my/requests/new", PHONE],
    ["portal_meetings", "citizen", "/my/meetings", PHONE],
    ["portal_lookup", null, "/hotline/lookup", PHONE],
    ["agency_referrals", "agency", "/my/referrals", PHONE],
    ["counter_rating", null, "/hotline/rate/demo-counter1", PHONE],
];

const wanted = process.argv.slice(2);
const browser = await launch();
for (const lang of ["fa_IR", "en_US"]) {
    for (const [name, user, path, viewport] of SHOTS) {
        if (wanted.length && !wanted.includes(name)) continue;
        const { context, page } = await newPage(browser, viewport, lang);
        try {
            if (user) {
                await login(page, user);
                await setLang(page, lang);
            }
            await page.goto(BASE + path);
            if (path.startsWith("/odoo")) {
                await waitForView(page);
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
