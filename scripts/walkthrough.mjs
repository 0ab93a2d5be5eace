// Walk every role through its main flow, in Persian and English, on a running `make run`
// (make walkthrough). Each step is timed and screenshotted into docs/screenshots/walk_*.png;
// the table role -> seconds and clicks is printed and written to docs/screenshots/walkthrough.json.
// The run fails (exit 1) when a Persian page shows one of the product's flow strings
// untranslated, when a page is wider than the phone or desktop viewport, or when a step fails.
//   BASE=http://127.0.0.1:8069 node scripts/walkthrough.mjs [role ...]   (roles: see ROLES)
import { readFileSync, writeFileSync, mkdirSync, readdirSync, unlinkSync } from "fs";
import { BASE, DESKTOP, OUT, PHONE, launch, login, newPage, setLang, settle, waitForView } from "./hotline_browser.mjs";

// Strings of the product's flows that must never show on a Persian page.
const UNTRANSLATED = [
    "Missing required fields", "Custom Filter", "Write a message...", "The conversation is empty.",
    "Agency referral overdue", "Low rating", "Month to Date", "Requests per district",
    "Counter clerk", "Submit confirmation", "Review your answers", "Public user", "Addresses",
    "Mitchell Admin", "Marc Demo", "سپاسگذاریم",
];
// Latin words of 4+ letters on a Persian page are reported (not failed) to help translation,
// except names that stay Latin.
const LATIN_ALLOWED = new Set(["Odoo", "Powered", "Jalali", "Excel", "xlsx", "http", "https"]);

// The addon's own Persian, to find buttons and filters by the label a user reads.
const PO = (() => {
    const map = new Map();
    const text = readFileSync(new URL("../municipal_hotline/i18n/fa.po", import.meta.url), "utf8");
    for (const block of text.split(/\n\n/)) {
        const grab = (key) => {
            const m = block.match(new RegExp(`^${key} ((?:".*"\\n?)+)`, "m"));
            return m ? m[1].trim().split("\n").map((l) => JSON.parse(l)).join("") : null;
        };
        const id = grab("msgid");
        const str = grab("msgstr");
        if (id && str) map.set(id, str);
    }
    return map;
})();
const tr = (lang, msgid) => (lang.startsWith("fa") ? PO.get(msgid) || msgid : msgid);

const STEP_TIMEOUT = Number(process.env.STEP_TIMEOUT || 30000);
const WARM_UP_TIMEOUT = Number(process.env.WARM_UP_TIMEOUT || 600000);
const ACTION = (xmlid) => `/odoo/action-municipal_hotline.${xmlid}`;

class Walk {
    constructor(role, lang, page) {
        Object.assign(this, { role, lang, page, clicks: 0, steps: [], failures: [], latin: [] });
        this.l2 = lang.slice(0, 2);
    }

    t(msgid) { return tr(this.lang, msgid); }

    async click(target) {
        const locator = typeof target === "string" ? this.page.locator(target).first() : target;
        this.clicks += 1;
        await locator.click();
    }

    // following a menu entry or a link: one click
    async open(path, waitFor = null) {
        this.clicks += 1;
        await this.page.goto(BASE + path);
        if (waitFor) await this.page.locator(waitFor).first().waitFor();
        else if (path.startsWith("/odoo")) await waitForView(this.page);
        else await this.page.waitForLoadState("load");
        await settle(this.page);
    }

    async fill(selector, value) {
        await this.page.locator(selector).first().fill(value);
    }

    // a many2one: type, then click the first suggestion
    async pick(field, search = "") {
        const input = this.page.locator(`.o_field_widget[name=${field}] input`).first();
        await this.click(input);
        if (search) await input.fill(search);
        let item = this.page.locator(".o-autocomplete--dropdown-item:not(.o_m2o_dropdown_option)");
        // the suggestions of what was typed, not those shown on the click
        if (search) item = item.filter({ hasText: search });
        item = item.first();
        await item.waitFor();
        await this.click(item);
        await settle(this.page);
    }

    async filter(label) {
        const page = this.page;
        await this.click(".o_searchview_dropdown_toggler");
        await this.click(page.locator(".o_dropdown_container .o-dropdown-item, .o_filter_menu .o-dropdown-item").filter({ hasText: this.t(label) }));
        await page.keyboard.press("Escape");
        await settle(page);
    }

    async step(name, fn) {
        const page = this.page;
        const clicks0 = this.clicks;
        const t0 = performance.now();
        let error = null;
        try {
            await fn();
            await settle(page);
        } catch (e) {
            error = String(e).split("\n")[0];
        }
        const ms = Math.round(performance.now() - t0);
        const index = String(this.steps.length + 1).padStart(2, "0");
        const file = `${OUT}/walk_${this.role}_${this.l2}_${index}_${name}.png`;
        await page.waitForTimeout(300);
        await page.screenshot({ path: file }).catch(() => {});
        const url = page.url().replace(BASE, "");
        const where = `${this.role} ${this.l2} ${name} (${url})`;
        if (error) this.failures.push(`${where}: step failed: ${error}`);
        await this.check(where).catch((e) => this.failures.push(`${where}: check failed: ${e}`));
        this.steps.push({ name, ms, clicks: this.clicks - clicks0, url, ok: !error, ...(error ? { error } : {}) });
        console.log(`  ${error ? "FAIL" : "ok  "} ${this.role}/${this.l2} ${name} ${ms} ms${error ? ": " + error : ""}`);
        if (error) throw new Error(error);
    }

    async check(where) {
        const page = this.page;
        const found = await page.evaluate(() => {
            const visible = (el) => !!(el.offsetWidth || el.offsetHeight || el.getClientRects().length)
                && getComputedStyle(el).visibility !== "hidden";
            const texts = [document.body.innerText];
            for (const el of document.querySelectorAll("[placeholder], input[type=submit], input[type=button]")) {
                if (visible(el)) texts.push(el.getAttribute("placeholder") || el.value || "");
            }
            // the chatter's empty composer: contenteditable placeholders live in a data attribute
            for (const el of document.querySelectorAll("[data-oe-placeholder], [data-placeholder]")) {
                if (visible(el)) texts.push(el.dataset.oePlaceholder || el.dataset.placeholder || "");
            }
            return {
                lang: document.documentElement.lang || "",
                dir: document.documentElement.dir || getComputedStyle(document.body).direction,
                text: texts.join("\n"),
                scrollWidth: document.documentElement.scrollWidth,
                viewport: window.innerWidth,
            };
        });
        if (found.scrollWidth > found.viewport) {
            this.failures.push(`${where}: page is wider than the viewport (${found.scrollWidth} px > ${found.viewport} px)`);
        }
        const persian = found.lang.startsWith("fa") || (!found.lang && this.lang.startsWith("fa"));
        if (!persian) return;
        const text = found.text.replace(/\u2026/g, "...");
        for (const s of UNTRANSLATED) {
            if (text.includes(s)) this.failures.push(`${where}: untranslated "${s}" on a Persian page`);
        }
        const words = new Set(
            text.replace(/\S+@\S+|https?:\/\/\S+|\/\S+/g, " ").match(/\b[A-Za-z]{4,}\b/g) || [],
        );
        const latin = [...words].filter((w) => !LATIN_ALLOWED.has(w));
        if (latin.length) this.latin.push({ page: where, words: latin.slice(0, 40) });
    }
}

// the backend login lands in the web client; the portal one on /my
async function signIn(w, user) {
    await w.step("login", async () => {
        w.clicks += 1;  // the login button (typing is not a click)
        await login(w.page, user);
    });
}

const ROLES = {
    operator: { user: "operator", viewport: DESKTOP, flow: async (w) => {
        const page = w.page;
        const phone = () => `0918${String(Math.floor(1e6 + Math.random() * 8.9e6))}`;
        await signIn(w, "operator");
        await w.step("take_a_call", () => w.open(ACTION("helpdesk_ticket_action_intake")));
        await w.step("caller", async () => {
            await w.fill(".o_field_widget[name=caller_phone] input", phone());
            await page.keyboard.press("Tab");
            await settle(page);
            await w.fill(".o_field_widget[name=partner_name] input", w.lang.startsWith("fa") ? "رضا محمدی" : "Reza Mohammadi");
        });
        await w.step("category", async () => {
            await w.pick("category_id", w.t("Pothole"));
            await w.pick("district_id");
            await w.fill(".o_field_widget[name=address] input", w.lang.startsWith("fa") ? "خیابان مدرس، کوچه ۱۲" : "Modarres St, alley 12");
        });
        await w.step("describe", async () => {
            const editor = page.locator(".o_field_widget[name=description] [contenteditable=true], .o_field_widget[name=description] textarea").first();
            await w.click(editor);
            await page.keyboard.type(w.lang.startsWith("fa") ? "یک چاله بزرگ جلوی خانه ۱۲" : "A large pothole in front of no. 12");
        });
        await w.step("save", async () => {
            await w.click(".o_form_button_save");
            await page.locator(".o_hotline_tracking_code .o_field_widget[name=number]").filter({ hasText: /\S/ }).waitFor();
        });
        // a call that is another body's duty: the water company, referred at once
        await w.step("out_of_duty_call", async () => {
            await w.click(".o_form_button_create");
            await w.fill(".o_field_widget[name=caller_phone] input", phone());
            await page.keyboard.press("Tab");
            await settle(page);
            await w.fill(".o_field_widget[name=partner_name] input", w.lang.startsWith("fa") ? "سارا رحیمی" : "Sara Rahimi");
            await w.pick("category_id", w.t("Water pipe leak"));
            await w.pick("district_id");
            const editor = page.locator(".o_field_widget[name=description] [contenteditable=true], .o_field_widget[name=description] textarea").first();
            await w.click(editor);
            await page.keyboard.type(w.lang.startsWith("fa") ? "لوله آب در کوچه ترکیده است" : "A water pipe burst in the alley");
            await w.click(".o_form_button_save");
            await page.locator(".o_hotline_out_of_jurisdiction").first().waitFor();
        });
        await w.step("refer_to_agency", async () => {
            await w.click("button[name=action_open_full_form]");
            await w.click(page.locator("button[name=action_refer_to_agency]"));
            await w.click(".modal button[name=action_refer]");
            await page.locator(".modal").waitFor({ state: "detached" });
        });
    } },

    expert: { user: "expert", viewport: DESKTOP, flow: async (w) => {
        const page = w.page;
        await signIn(w, "expert");
        await w.step("my_reviews", async () => {
            await w.open(ACTION("helpdesk_ticket_action_hotline"));
            await w.filter("Under Expert Review");
        });
        await w.step("open_review", async () => {
            await w.click(".o_data_row td[name=number], .o_data_row td[name=name]");
            await page.locator("button[name=action_open_review_decision]").waitFor();
        });
        await w.step("assessment", async () => {
            await w.click("button[name=action_open_review_decision]");
            await w.click(".modal .o_field_widget[name=decision] input[data-value=accept], .modal .o_field_widget[name=decision] .o_radio_input >> nth=0");
            await w.fill(".modal .o_field_widget[name=assessment] textarea",
                w.lang.startsWith("fa") ? "بازدید شد؛ درخواست بجاست." : "Checked on site; the request is justified.");
        });
        await w.step("finish", async () => {
            await w.click(".modal button[name=action_confirm]");
            await page.locator(".modal").waitFor({ state: "detached" });
        });
    } },

    district_manager: { user: "manager1", viewport: DESKTOP, flow: async (w) => {
        const page = w.page;
        await signIn(w, "manager1");
        // a manager sees only their district's requests
        await w.step("queue", () => w.open(ACTION("helpdesk_ticket_action_hotline")));
        await w.step("overdue", () => w.filter("Overdue"));
        await w.step("open_overdue", async () => {
            await w.click(".o_data_row td[name=number], .o_data_row td[name=name]");
            await page.locator(".o_form_view .o_field_widget[name=user_id]").waitFor();
        });
        await w.step("assign", async () => {
            await w.pick("user_id");
            await w.click(".o_form_button_save");
            await page.locator(".o_form_saved, .o_form_view:not(.o_form_dirty)").first().waitFor();
        });
        await w.step("public_meetings", async () => {
            await w.open(ACTION("hotline_public_meeting_action"));
            await w.click(".o_switch_view.o_list");
            await page.locator(".o_list_view .o_data_row").first().waitFor();
        });
        await w.step("session", async () => {
            await w.click(".o_data_row td[name=number], .o_data_row td[name=name]");
            await page.locator(".o_form_view").waitFor();
        });
    } },

    supervisor: { user: "admin", viewport: DESKTOP, flow: async (w) => {
        const page = w.page;
        await signIn(w, "admin");
        await w.step("dashboard", async () => {
            await w.open(ACTION("spreadsheet_dashboard_hotline_action"));
            await page.locator(".o-spreadsheet, .o_spreadsheet_dashboard_action canvas").first().waitFor();
        });
        await w.step("pivot_jalali_month", async () => {
            await w.open(ACTION("hotline_ticket_report_action"));
            await page.locator(".o_pivot table").waitFor();
        });
        await w.step("monthly_workbook", async () => {
            await w.open(ACTION("hotline_report_wizard_action"), ".modal .o_form_view");
            const [download] = await Promise.all([
                page.waitForEvent("download"),
                w.click(".modal button[name=action_download]"),
            ]);
            w.download = await download.suggestedFilename();
        });
    } },

    agency: { user: "agency", viewport: PHONE, flow: async (w) => {
        const page = w.page;
        await signIn(w, "agency");
        await w.step("referrals", () => w.open("/my/referrals"));
        await w.step("open_referral", async () => {
            await Promise.all([page.waitForNavigation(), w.click("table a[href*='/my/referrals/'], a[href*='/my/referrals/']:not([href*='filterby']):not([href$='/my/referrals'])")]);
        });
        await w.step("answer", async () => {
            await w.fill("#answer_response", w.lang.startsWith("fa") ? "اکیپ اعزام شد و نشتی تا فردا رفع می‌شود." : "A crew was sent; the leak is fixed by tomorrow.");
            await Promise.all([page.waitForNavigation(), w.click(".o_referral_send_answer")]);
        });
    } },

    citizen: { user: "citizen", viewport: PHONE, flow: async (w) => {
        const page = w.page;
        await signIn(w, "citizen");
        await w.step("new_request", async () => {
            await w.open("/my/requests/new");
            // the subject, walked one level at a time
            for (let level = 0; level < 4; level++) {
                const select = page.locator(`.o_hotline_category_steps select[data-level="${level}"]`);
                if (!(await select.count())) break;
                const value = await select.evaluate((s) => [...s.options].find((o) => o.value)?.value);
                w.clicks += 1;
                await select.selectOption(value);
            }
            await w.fill("#description", w.lang.startsWith("fa") ? "چراغ‌های کوچه دو شب است خاموش است." : "The alley lights have been off for two nights.");
            w.clicks += 1;
            await page.locator("#district_id").selectOption({ index: 1 });
            await w.fill("#address", w.lang.startsWith("fa") ? "خیابان شریعتی، کوچه ۵" : "Shariati St, alley 5");
            await w.fill("#phone", "09181234567");
            await Promise.all([page.waitForNavigation(), w.click(".o_hotline_submit")]);
        });
        await w.step("my_requests", () => w.open("/my/requests"));
        await w.step("open_request", async () => {
            await Promise.all([page.waitForNavigation(), w.click(".list-group a[href^='/my/requests/']")]);
            // the page is usable once its chatter is
            await page.locator(".o-mail-Composer-input, .o_portal_chatter_composer textarea").first().waitFor();
        });
        await w.step("post_message", async () => {
            const input = page.locator(".o-mail-Composer-input, .o_portal_chatter_composer textarea").first();
            await w.click(input);
            await input.fill(w.lang.startsWith("fa") ? "هنوز درست نشده، لطفا پیگیری کنید." : "Still not fixed, please follow up.");
            await w.click(".o-mail-Composer-send, .o_portal_chatter_composer button[type=submit]");
            await page.locator(".o-mail-Message").first().waitFor();
        });
        await w.step("meetings", () => w.open("/my/meetings"));
        await w.step("book_meeting", async () => {
            await Promise.all([page.waitForNavigation(), w.click("a[href^='/my/meetings/']:not([href*='district'])")]);
            await w.fill("#topic", w.lang.startsWith("fa") ? "آسفالت کوچه" : "Paving our alley");
            await Promise.all([page.waitForNavigation(), w.click(".o_meeting_book")]);
        });
        // the QR card on a counter, scanned with a phone, no account needed
        const signedIn = w.page;
        const { context, page: anonymous } = await newPage(w.browser, PHONE, w.lang);
        anonymous.setDefaultTimeout(STEP_TIMEOUT);
        w.page = anonymous;
        try {
            await w.step("counter_rating", async () => {
                // one rating per employee and 3 in all per internet address and day: on a
                // second run the same day, the next counter (or none) is left
                for (const counter of ["demo-counter1", "demo-counter2", "demo-counter3", "demo-counter4"]) {
                    await w.open(`/hotline/rate/${counter}`);
                    await Promise.all([anonymous.waitForNavigation(), w.click(".o_hotline_rating_start")]);
                    if (!(await anonymous.locator(".o_hotline_rating_error").count())) break;
                }
                if (await anonymous.locator(".o_hotline_rating_error").count()) {
                    w.notes = "counter rating refused: today's limits for this internet address (use a fresh database)";
                    return;
                }
                await w.click(".o_survey_start button[value=start]");
                // a 5 on every scale question, then submit
                const scales = anonymous.locator(".o_survey_answer_wrapper[data-question-type=scale]");
                await scales.first().waitFor();
                for (let i = 0; i < await scales.count(); i++) {
                    await w.click(scales.nth(i).locator("label.o_survey_choice_btn").last());
                }
                await w.click("button[type=submit][value=finish]");
                // the survey asks to confirm when an optional question is left empty
                const confirm = anonymous.locator(".modal-footer .btn-primary");
                await Promise.race([anonymous.locator(".o_survey_finished").waitFor(), confirm.waitFor()]);
                if (await confirm.count()) await w.click(confirm);
                await anonymous.locator(".o_survey_finished").waitFor();
            });
        } finally {
            w.page = signedIn;
            await context.close();
        }
    } },
};

const wanted = process.argv.slice(2);
const unknown = wanted.filter((role) => !(role in ROLES));
if (unknown.length) {
    console.error(`unknown role ${unknown.join(", ")}: choose among ${Object.keys(ROLES).join(", ")}`);
    process.exit(2);
}
const langs = (process.env.LANGS || "fa_IR,en_US").split(",");
mkdirSync(OUT, { recursive: true });
if (!wanted.length) {
    // only this run's screenshots stay
    for (const f of readdirSync(OUT)) if (f.startsWith("walk_") && f.endsWith(".png")) unlinkSync(`${OUT}/${f}`);
}
const browser = await launch();
const results = [];
const failures = [];
const latin = [];
for (const lang of langs) {
    for (const [role, { user, viewport, flow }] of Object.entries(ROLES)) {
        if (wanted.length && !wanted.includes(role)) continue;
        const { context, page } = await newPage(browser, viewport, lang);
        const w = new Walk(role, lang, page);
        w.browser = browser;
        // building a language's bundles may take minutes on a busy machine: the
        // preparation waits for it, the timed steps do not
        page.setDefaultTimeout(WARM_UP_TIMEOUT);
        console.log(`${role} (${user}) ${lang}`);
        try {
            // the user's language is set before the walk, outside its timing
            await login(page, user);
            await setLang(page, lang);
            // once in the language before the walk: Odoo builds a language's assets on first use
            await page.goto(BASE + (viewport === PHONE ? "/my" : "/odoo"));
            if (viewport !== PHONE) await page.locator(".o_main_navbar").waitFor();
            // leave the warm-up page first: its web client, still loading, would
            // otherwise answer the cleared cookies with a new session between the login
            // page and its form ("invalid CSRF token" on a busy machine)
            await page.goto("about:blank");
            await context.clearCookies();
            page.setDefaultTimeout(STEP_TIMEOUT);
            await flow(w);
        } catch (e) {
            if (!w.failures.length) w.failures.push(`${role} ${w.l2}: ${String(e).split("\n")[0]}`);
        }
        await context.close();
        const ms = w.steps.reduce((s, x) => s + x.ms, 0);
        results.push({
            role, lang, user, viewport: `${viewport.width}x${viewport.height}`,
            seconds: Math.round(ms / 100) / 10, clicks: w.clicks, complete: w.steps.every((s) => s.ok),
            steps: w.steps, ...(w.notes ? { notes: w.notes } : {}), ...(w.download ? { download: w.download } : {}),
        });
        failures.push(...w.failures);
        latin.push(...w.latin);
    }
}
await browser.close();

console.log("\nrole               lang   seconds  clicks  complete");
for (const r of results) {
    console.log(`${r.role.padEnd(18)} ${r.lang.padEnd(6)} ${String(r.seconds).padStart(7)}  ${String(r.clicks).padStart(6)}  ${r.complete ? "yes" : "NO"}`);
}
if (latin.length) {
    console.log("\nLatin words on Persian pages (to translate; not failing):");
    for (const l of latin) console.log(`  ${l.page}: ${l.words.join(", ")}`);
}
if (failures.length) {
    console.log(`\n${failures.length} FAILURES:`);
    for (const f of failures) console.log(`  - ${f}`);
}
writeFileSync(`${OUT}/walkthrough.json`, JSON.stringify({
    base: BASE, date: new Date().toISOString(), roles: results, failures, latin_words: latin,
}, null, 1) + "\n");
console.log(`\nwrote ${OUT}/walkthrough.json`);
process.exit(failures.length ? 1 : 0);
