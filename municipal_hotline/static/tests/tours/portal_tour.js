import { registry } from "@web/core/registry";

// Portal tours. Selectors use classes and names, never labels, so they run in Persian
// (the demo citizen's language) as in English.

/** Walk the category steps down to the category whose id the test gives in the URL. */
function chooseTourCategory() {
    const id = parseInt(new URLSearchParams(window.location.search).get("tour_category"));
    const nodes = JSON.parse(document.querySelector(".o_hotline_category").dataset.categories);
    const path = [];
    for (let node = nodes.find((n) => n.id === id); node; ) {
        path.unshift(node.id);
        node = nodes.find((n) => n.id === node.parent_id);
    }
    return path;
}

function selectCategoryStep(level) {
    return {
        content: `Category, step ${level + 1}`,
        trigger: `.o_hotline_category_step[data-level='${level}']`,
        run() {
            this.anchor.value = String(chooseTourCategory()[level]);
            this.anchor.dispatchEvent(new Event("change", { bubbles: true }));
        },
    };
}

registry.category("web_tour.tours").add("municipal_hotline_portal_submit", {
    steps: () => [
        {
            content: "The page is right to left",
            trigger: "#wrapwrap.o_rtl .o_hotline_request_form",
        },
        {
            content: "Kind: complaint",
            trigger: "select[name=request_kind]",
            run: "select complaint",
        },
        selectCategoryStep(0),
        selectCategoryStep(1),
        {
            content: "A municipal duty: no guidance about another agency",
            trigger: ".o_hotline_guidance.d-none:not(:visible)",
        },
        {
            content: "Describe the problem",
            trigger: "textarea[name=description]",
            run: "edit زباله‌های کوچه سه روز است جمع نشده",
        },
        {
            content: "District",
            trigger: "select[name=district_id]",
            run: "selectByIndex 2",
        },
        {
            content: "Address",
            trigger: "input[name=address]",
            run: "edit خیابان مدرس، کوچه ۱۲",
        },
        {
            content: "Phone, typed on a Persian keyboard",
            trigger: "input[name=phone]",
            run: "edit ۰۹۱۸۱۲۳۴۵۶۷",
        },
        {
            content: "Its digits become Latin as they are typed",
            trigger: "input[name=phone]:value(09181234567)",
        },
        {
            content: "Send",
            trigger: ".o_hotline_submit",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The tracking code is shown",
            trigger: ".o_hotline_submitted .o_hotline_tracking_code:not(:empty)",
        },
    ],
});

registry.category("web_tour.tours").add("municipal_hotline_portal_guidance", {
    steps: () => [
        selectCategoryStep(0),
        {
            content: "Its guidance is shown before sending",
            trigger: ".o_hotline_guidance:not(.d-none) .o_hotline_guidance_agency:not(:empty)",
        },
    ],
});

registry.category("web_tour.tours").add("municipal_hotline_portal_follow", {
    steps: () => [
        {
            content: "Open the request in progress",
            trigger: ".o_hotline_request_list a:contains('چراغ‌های پارک')",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "Status is shown",
            trigger: ".o_hotline_request_page .o_hotline_status",
        },
        {
            content: "Write a message",
            trigger: "#chatterRoot:shadow .o-mail-Composer-input",
            timeout: 60000, // the chatter's bundle is built on first use
            run: "edit چراغ تیر سوم هم خاموش است",
        },
        {
            content: "Send it",
            trigger: "#chatterRoot:shadow .o-mail-Composer-send:enabled",
            run: "click",
        },
        {
            content: "The message is in the history",
            trigger: "#chatterRoot:shadow .o-mail-Message:contains('چراغ تیر سوم هم خاموش است')",
        },
        {
            content: "Its date is Jalali with Persian digits (year ۱۴xx), in the city's time zone",
            trigger: "#chatterRoot:shadow .o-mail-Message .o-mail-Message-date[title^='۱۴']",
            run() {
                if (luxon.Settings.defaultZone.name !== "Asia/Tehran") {
                    throw new Error(`dates in ${luxon.Settings.defaultZone.name}, not Tehran's`);
                }
                // "۱۴۰۴/۰۹/۱۲ ۱۰:۲۵": day and minute, no seconds, no Latin digit
                const title = this.anchor.getAttribute("title");
                if (!/^۱۴[۰-۹]{2}\/[۰-۹]{2}\/[۰-۹]{2} [۰-۹]{2}:[۰-۹]{2}$/.test(title)) {
                    throw new Error(`the date's tooltip reads "${title}"`);
                }
                if (/[0-9]/.test(this.anchor.textContent)) {
                    throw new Error(`the date reads "${this.anchor.textContent}"`);
                }
            },
        },
    ],
});

registry.category("web_tour.tours").add("municipal_hotline_portal_confirm", {
    steps: () => [
        {
            content: "Open the resolved request",
            trigger: ".o_hotline_request_list a:contains('زباله‌های کوچه')",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "Confirm the resolution",
            trigger: ".o_hotline_confirm",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "Thanked, no more action",
            trigger: ".o_hotline_notice.alert-success",
        },
        {
            content: "No confirm button any more",
            trigger: ".o_hotline_request_page:not(:has(.o_hotline_confirm))",
        },
    ],
});

registry.category("web_tour.tours").add("municipal_hotline_portal_reopen", {
    steps: () => [
        {
            content: "Open the resolved request",
            trigger: ".o_hotline_request_list a:contains('زباله‌های کوچه')",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "Not solved: show the reopen form",
            trigger: ".o_hotline_reopen_toggle",
            run: "click",
        },
        {
            content: "Give the reason",
            trigger: "#o_hotline_reopen.show textarea[name=reason]",
            run: "edit هنوز زباله‌ها در کوچه مانده است",
        },
        {
            content: "Reopen",
            trigger: ".o_hotline_reopen_submit",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "Reopened",
            trigger: ".o_hotline_notice.alert-success",
        },
    ],
});

registry.category("web_tour.tours").add("municipal_hotline_portal_lookup", {
    steps: () => [
        {
            content: "The tracking code, from a link (?code=) or typed",
            trigger: "input[name=code]:not([value=''])",
        },
        {
            content: "Last 4 digits of the phone",
            trigger: "input[name=phone_last4]",
            run: "edit 4567",
        },
        {
            content: "Check",
            trigger: ".o_hotline_lookup_submit",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The status is shown",
            trigger: ".o_hotline_lookup_result .o_hotline_status",
        },
    ],
});

// On a phone (390 px): nothing wider than the screen, tables readable, buttons tappable.
const PHONE_WIDTH = 390;

function describe(el) {
    return `${el.tagName.toLowerCase()}.${[...el.classList].join(".")}`;
}

function fitsThePhone() {
    return {
        content: "The page is no wider than the phone",
        trigger: "#wrapwrap.o_rtl",
        async run() {
            // the page's scripts (category picker, chatter) have drawn what they add
            await new Promise((resolve) => setTimeout(resolve, 1000));
            const width = document.documentElement.scrollWidth;
            if (width > PHONE_WIDTH) {
                const wide = [...document.querySelectorAll("#wrapwrap *")]
                    .filter((el) => {
                        const box = el.getBoundingClientRect();
                        return box.width && (box.right > PHONE_WIDTH + 1 || box.left < -1);
                    })
                    .slice(-8)
                    .map(describe);
                throw new Error(`The page is ${width} px wide on a ${PHONE_WIDTH} px phone: ${wide}`);
            }
        },
    };
}

registry.category("web_tour.tours").add("municipal_hotline_portal_fits_phone", {
    steps: () => [
        fitsThePhone(),
        {
            content: "Each booking's cells are wide enough to read (not a word per line)",
            trigger: "#wrapwrap",
            run() {
                for (const cell of document.querySelectorAll(".o_meeting_my_bookings tbody td")) {
                    if (cell.textContent.trim() && cell.getBoundingClientRect().width < 200) {
                        throw new Error(
                            `A booking's cell is ${cell.getBoundingClientRect().width} px wide: "${cell.textContent.trim()}"`
                        );
                    }
                }
            },
        },
    ],
});

registry.category("web_tour.tours").add("municipal_hotline_portal_send_on_phone", {
    steps: () => [
        {
            content: "Write a message",
            trigger: "#chatterRoot:shadow .o-mail-Composer-input",
            timeout: 60000, // the chatter's bundle is built on first use
            run: "edit پیام از گوشی",
        },
        fitsThePhone(),
        {
            content: "Scrolled to, the send button is not under the sticky header",
            trigger: "#chatterRoot:shadow .o-mail-Composer-send:enabled",
            async run() {
                const button = this.anchor;
                button.scrollIntoView({ block: "start" });
                await new Promise((resolve) => setTimeout(resolve, 300));
                const box = button.getBoundingClientRect();
                const [x, y] = [box.left + box.width / 2, box.top + box.height / 2];
                let hit = document.elementFromPoint(x, y);
                if (hit && hit.shadowRoot) {
                    hit = hit.shadowRoot.elementFromPoint(x, y);
                }
                if (!hit || !button.contains(hit)) {
                    throw new Error(`The send button is covered by ${hit && describe(hit)}`);
                }
            },
        },
        {
            content: "Send",
            trigger: "#chatterRoot:shadow .o-mail-Composer-send:enabled",
            run: "click",
        },
        {
            trigger: "#chatterRoot:shadow .o-mail-Message:contains('پیام از گوشی')",
        },
    ],
});
