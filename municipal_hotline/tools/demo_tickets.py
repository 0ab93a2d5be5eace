# ruff: noqa: E501 - Persian demo sentences are kept whole, one per line
"""A deterministic generator of ~300 realistic demo requests (seeded random).

Called from demo/helpdesk_ticket_demo.xml. Tickets are created through the ORM (so
numbers, deadlines and callers are real), then backdated in SQL over the last six months
so that overdue and on-time figures look like a working hotline's.
"""

import random
from datetime import timedelta

from odoo import fields
from odoo.tools import SQL

from . import geo
from .staff_rating_demo import link_demo_ratings

SEED = 137
FIRST_NAMES = [
    "علی", "محمد", "حسین", "رضا", "مهدی", "امیر", "سعید", "کامران", "بهزاد", "فرهاد",
    "مریم", "زهرا", "فاطمه", "سارا", "نرگس", "لیلا", "شیرین", "پروین", "مینا", "الهام",
    "جواد", "هادی", "ناصر", "کیوان", "آرش", "سمیرا", "نسرین", "طاهره", "ژیلا", "هوشنگ",
]  # fmt: skip
LAST_NAMES = [
    "احمدی", "کرمی", "رستمی", "مرادی", "قبادی", "فتاحی", "رحیمی", "سلطانی", "امیری",
    "یوسفی", "نظری", "کاکایی", "زنگنه", "کلهر", "باباخانی", "جلالوند", "شهبازی",
    "ویسی", "پرویزی", "محمدی", "حیدری", "عزیزی", "بهرامی", "نوروزی", "سنجابی",
]  # fmt: skip
STREETS = [
    "خیابان مدرس", "بلوار شهید بهشتی", "میدان آزادی", "خیابان فردوسی", "بلوار طاق‌بستان",
    "شهرک الهیه", "خیابان جوانشیر", "بلوار کشاورز", "خیابان سپه", "محله فرهنگیان",
    "بلوار ارشاد", "شهرک ظفر", "خیابان دبیر اعظم", "میدان فردوسی", "بلوار نوبهار",
    "کوی مسکن", "شهرک معلم", "خیابان شریعتی", "بلوار شهید کشوری", "محله چیاسرخ",
]  # fmt: skip
# category xmlid -> (weight, [(title, description)])
CATEGORY_TEXTS = {
    "category_waste_collection": (14, [
        ("زباله‌های کوچه سه روز است جمع نشده", "ماشین حمل زباله از شنبه به کوچه ما نیامده و بوی بد همه جا را گرفته است."),
        ("جمع‌آوری نشدن زباله شبانه", "زباله‌ها شب‌ها جمع نمی‌شود و گربه‌ها کیسه‌ها را پاره می‌کنند."),
    ]),
    "category_waste_bins": (5, [
        ("مخزن زباله شکسته است", "درب مخزن زباله سر کوچه شکسته و زباله‌ها بیرون ریخته است."),
        ("نیاز به مخزن زباله جدید", "در این محله هیچ مخزن زباله‌ای نیست و اهالی زباله را کنار خیابان می‌گذارند."),
    ]),
    "category_waste_debris": (5, [
        ("تخلیه نخاله ساختمانی در زمین خالی", "یک کامیون شب گذشته نخاله ساختمانی را در زمین خالی کنار پارک خالی کرده است."),
    ]),
    "category_waste_street_cleaning": (5, [
        ("رفت‌وروب نشدن پیاده‌رو", "پیاده‌روی جلوی مدرسه چند روز است جارو نشده و پر از برگ و زباله است."),
    ]),
    "category_streets_pothole": (12, [
        ("چاله بزرگ وسط خیابان", "یک چاله عمیق وسط خیابان ایجاد شده و دیروز یک موتورسوار زمین خورد."),
        ("آسفالت خراب کوچه", "آسفالت کوچه بعد از بارندگی کاملاً از بین رفته و خودروها آسیب می‌بینند."),
    ]),
    "category_streets_sidewalk": (5, [
        ("موزاییک‌های پیاده‌رو شکسته", "موزاییک‌های پیاده‌رو لق شده و برای سالمندان خطرناک است."),
    ]),
    "category_streets_excavation": (4, [
        ("ترمیم نشدن محل حفاری", "بعد از حفاری لوله‌کشی، محل حفاری یک ماه است ترمیم نشده است."),
    ]),
    "category_lighting_out": (9, [
        ("چراغ‌های خیابان خاموش است", "چند شب است که چراغ‌های روشنایی خیابان خاموش است و شب‌ها تاریک و ناامن است."),
        ("تیر چراغ برق روشن نمی‌شود", "لامپ تیر چراغ روبروی منزل ما سوخته است."),
    ]),
    "category_green_trees": (5, [
        ("درخت خشک در حال سقوط", "یک درخت خشک کنار پیاده‌رو کج شده و ممکن است روی خودروها بیفتد."),
        ("هرس درختان بلوار", "شاخه‌های درختان جلوی تابلوهای راهنمایی را گرفته است."),
    ]),
    "category_green_irrigation": (3, [
        ("آبیاری نشدن فضای سبز", "چمن‌های پارک محله زرد شده و هفته‌هاست آبیاری نشده است."),
    ]),
    "category_green_equipment": (3, [
        ("وسایل بازی پارک خراب است", "تاب و سرسره پارک شکسته و برای بچه‌ها خطرناک است."),
    ]),
    "category_traffic_bus": (5, [
        ("تأخیر اتوبوس خط ۱۲", "اتوبوس خط ۱۲ صبح‌ها بیش از نیم ساعت تأخیر دارد."),
        ("رفتار نامناسب راننده اتوبوس", "راننده اتوبوس بدون توقف از ایستگاه رد شد."),
    ]),
    "category_traffic_taxi": (3, [
        ("کرایه اضافه تاکسی", "راننده تاکسی خط میدان آزادی بیشتر از نرخ مصوب کرایه گرفت."),
    ]),
    "category_traffic_signs": (3, [
        ("تابلوی ایست افتاده است", "تابلوی ایست سر چهارراه افتاده و چند بار نزدیک بود تصادف شود."),
    ]),
    "category_building_unpermitted": (5, [
        ("ساخت‌وساز بدون مجوز", "همسایه بدون پروانه در حال ساخت طبقه اضافه است."),
    ]),
    "category_building_unsafe": (3, [
        ("ساختمان نیمه‌مخروبه خطرناک", "دیوار یک ساختمان قدیمی ترک برداشته و ممکن است روی عابران بریزد."),
    ]),
    "category_animals": (5, [
        ("سگ‌های ولگرد در محله", "چند سگ ولگرد صبح‌ها به دانش‌آموزان حمله می‌کنند."),
    ]),
    "category_social_homeless": (3, [
        ("کارتن‌خواب در پارک", "یک فرد بی‌خانمان در سرمای شب در پارک خوابیده است."),
    ]),
    "category_suggestions": (8, [
        ("پیشنهاد ایجاد دوچرخه‌راه", "پیشنهاد می‌کنم در بلوار اصلی مسیر ویژه دوچرخه ایجاد شود."),
        ("پیشنهاد برای پارکینگ عمومی", "با ساخت پارکینگ طبقاتی در مرکز شهر ترافیک کمتر می‌شود."),
    ]),
    "category_staff": (5, [
        ("تشکر از پاکبانان محله", "از زحمات پاکبانان محله که حتی در برف کار کردند تشکر می‌کنم."),
    ]),
    "category_water_leak": (6, [
        ("نشت آب از لوله اصلی", "آب از زیر آسفالت بیرون می‌زند و خیابان را گرفته است."),
    ]),
    "category_water_sewage": (4, [
        ("گرفتگی فاضلاب", "فاضلاب کوچه پس زده و بوی بسیار بدی دارد."),
    ]),
    "category_power_cut": (4, [
        ("قطعی برق محله", "از دیشب برق چند کوچه قطع است."),
    ]),
    "category_gas": (2, [
        ("بوی شدید گاز", "در راه‌پله ساختمان بوی شدید گاز می‌آید."),
    ]),
    "category_police_noise": (3, [
        ("سروصدای شبانه", "هر شب تا دیروقت در خیابان سروصدا و بوق زدن است."),
    ]),
    "category_police_parking": (3, [
        ("پارک خودرو جلوی پارکینگ", "یک خودرو چند روز است جلوی در پارکینگ پارک شده است."),
    ]),
    "category_telecom": (2, [
        ("قطعی اینترنت و تلفن ثابت", "تلفن ثابت و اینترنت محله یک هفته است قطع است."),
    ]),
    "category_other_none": (3, [
        ("اختلاف با همسایه", "همسایه آب کولرش را به حیاط ما می‌ریزد."),
    ]),
}  # fmt: skip
# what people call about: a kind that fits the category
KINDS = [("request", 60), ("complaint", 24), ("criticism", 6), ("inquiry", 10)]
KINDS_BY_CATEGORY = {
    "category_suggestions": [("suggestion", 70), ("expert_opinion", 30)],
    "category_staff": [("appreciation", 1)],
    "category_building_unpermitted": KINDS + [("expert_opinion", 12)],
    "category_streets_excavation": KINDS + [("expert_opinion", 12)],
    "category_traffic_bus": KINDS + [("suggestion", 10), ("appreciation", 5)],
}
CHANNELS = [
    ("helpdesk_mgmt.helpdesk_ticket_channel_phone", 60),
    ("helpdesk_mgmt.helpdesk_ticket_channel_web", 15),
    ("helpdesk_mgmt.helpdesk_ticket_channel_email", 5),
    ("municipal_hotline.helpdesk_ticket_channel_in_person", 10),
    ("municipal_hotline.helpdesk_ticket_channel_public_meeting", 7),
    ("municipal_hotline.helpdesk_ticket_channel_api", 3),
]


def _weighted(rng, pairs):
    return rng.choices([p[0] for p in pairs], weights=[p[1] for p in pairs])[0]


def _phone(rng, style):
    digits = "9" + "".join(rng.choice("0123456789") for _ in range(9))
    if style == 0:
        return "0" + digits
    if style == 1:
        return f"+98 {digits[:3]} {digits[3:6]} {digits[6:]}"
    # typed with Persian digits, as callers dictate them
    return ("0" + digits).translate(str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹"))


def generate_demo_tickets(env, count=300, seed=SEED):
    """Create ``count`` backdated demo requests; the same every time for one seed."""
    rng = random.Random(seed)
    ref = env.ref
    districts = env["hotline.district"].search([])
    operator = ref("municipal_hotline.user_operator_demo", raise_if_not_found=False)
    expert = ref("municipal_hotline.user_expert_demo", raise_if_not_found=False)
    stage = {
        name: ref(xmlid)
        for name, xmlid in (
            ("new", "helpdesk_mgmt.helpdesk_ticket_stage_new"),
            ("review", "municipal_hotline.helpdesk_ticket_stage_review"),
            ("progress", "helpdesk_mgmt.helpdesk_ticket_stage_in_progress"),
            ("referred", "municipal_hotline.helpdesk_ticket_stage_referred"),
            ("resolved", "municipal_hotline.helpdesk_ticket_stage_resolved"),
            ("closed", "municipal_hotline.helpdesk_ticket_stage_closed"),
            ("informed", "municipal_hotline.helpdesk_ticket_stage_informed"),
        )
    }
    categories = {x: ref(f"municipal_hotline.{x}") for x in CATEGORY_TEXTS}
    channels = {x: ref(x).id for x, _w in CHANNELS}

    # ~110 citizens; a quarter of them call again and again
    citizens = []
    for i in range(110):
        name = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
        email = f"citizen{i + 1}@example.com" if rng.random() < 0.35 else False
        citizens.append(
            {"name": name, "phone": _phone(rng, 0), "email": email, "lang": "fa_IR"}
        )
    partners = env["res.partner"].create(citizens)
    frequent = partners[:25]

    now = fields.Datetime.now()
    vals_list, plans = [], []
    for _i in range(count):
        xmlid = _weighted(rng, [(k, v[0]) for k, v in CATEGORY_TEXTS.items()])
        category = categories[xmlid]
        title, description = rng.choice(CATEGORY_TEXTS[xmlid][1])
        # a quarter of the calls came in the last ten days: the live backlog
        age_days = (
            rng.uniform(0, 10) if rng.random() < 0.25 else rng.triangular(0, 180, 20)
        )
        created = now - timedelta(days=age_days, hours=rng.randint(0, 12))
        created = created.replace(hour=rng.randint(4, 17), minute=rng.randint(0, 59))
        created = min(created, now - timedelta(minutes=30))
        anonymous = rng.random() < 0.06
        partner = rng.choice(frequent) if rng.random() < 0.45 else rng.choice(partners)
        district = rng.choice(districts) if districts else False
        kind = _weighted(rng, KINDS_BY_CATEGORY.get(xmlid, KINDS))
        vals = {
            "name": title,
            "description": f"<p>{description}</p>",
            "category_id": category.id,
            "request_kind": kind,
            "channel_id": channels[_weighted(rng, CHANNELS)],
            "district_id": district.id if district else False,
            "address": f"{rng.choice(STREETS)}، کوچه {rng.randint(1, 40)}",
            "is_anonymous": anonymous,
        }
        if anonymous:
            vals["caller_phone"] = _phone(rng, 0)
        else:
            style = rng.choice((0, 0, 1, 2))
            number = partner.phone if style == 0 else _phone(rng, style)
            # repeated callers dictate the same number in any form
            if style and partner in frequent:
                number = partner.phone.replace("0", "+98 ", 1)
            vals.update(
                caller_phone=number,
                partner_id=partner.id,
                partner_name=partner.name,
                partner_email=partner.email or False,
            )
        vals_list.append(vals)
        plans.append(_plan_life(rng, category, created, now, age_days))

    # oldest first, so tracking codes grow with the dates as in real life
    order = sorted(range(count), key=lambda i: plans[i]["created"])
    vals_list = [vals_list[i] for i in order]
    plans = [plans[i] for i in order]
    for vals, plan in zip(vals_list, plans, strict=True):
        vals["stage_id"] = stage[plan["stage"]].id
        # new requests wait in their team's queue; the district manager holds the rest
        district = env["hotline.district"].browse(vals["district_id"])
        vals["user_id"] = plan["stage"] != "new" and district.manager_id.id
        if plan.get("review"):
            vals["reviewer_id"] = expert.id if expert else False
            vals.update(plan["review"])
    tickets = (
        env["helpdesk.ticket"]
        .with_user(operator or env.user)
        .with_context(
            tracking_disable=True,
            mail_create_nolog=True,
            mail_create_nosubscribe=True,
            mail_notrack=True,
            hotline_no_citizen_mail=True,
        )
        .sudo()
        .create(vals_list)
    )
    tickets.flush_recordset()
    for ticket, plan in zip(tickets, plans, strict=True):
        env.cr.execute(
            SQL(
                """UPDATE helpdesk_ticket SET create_date = %s, write_date = %s,
                          last_stage_update = %s, date_deadline = %s, closed_date = %s,
                          date_first_response = %s, reopen_count = %s,
                          review_date = %s
                    WHERE id = %s""",
                plan["created"],
                plan["last_update"],
                plan["last_update"],
                plan["deadline"],
                plan["closed"],
                plan["first_response"],
                plan["reopens"],
                plan.get("review_date"),
                ticket.id,
            )
        )
    tickets._jalali_refresh_sql()  # backdated: their Jalali periods too
    env.invalidate_all()
    # the demo staff's phone ratings (created before) are about these requests
    link_demo_ratings(env, tickets)
    place_demo_tickets(env, tickets, seed)
    return tickets


def place_demo_tickets(env, tickets, seed=SEED):
    """Give the requests a point inside their district's (illustrative) boundary, and
    put a few open ones of the same category close together: the maps show a living
    city and the duplicate look-up has something to propose. Its own random stream
    (the requests above stay the same) and one UPDATE."""
    rng = random.Random(seed + 1)
    points = {}
    for ticket in tickets:
        district = ticket.district_id
        polys = district._hotline_polygons() if district.has_boundary else []
        if polys:
            points[ticket.id] = _point_in(rng, district, polys)
    # clusters: the newest open requests of a category in a district, within 25 m
    open_tickets = tickets.filtered(lambda t: not t.closed and t.id in points)
    groups = open_tickets.grouped(lambda t: (t.category_id, t.district_id))
    clusters = sorted(
        (
            g.sorted("create_date", reverse=True)[:4]
            for g in groups.values()
            if len(g) > 2
        ),
        key=lambda g: -g[0].create_date.timestamp(),
    )[:6]
    for cluster in clusters:
        lat, lon = points[cluster[0].id]
        for ticket in cluster[1:]:
            points[ticket.id] = (
                lat + rng.uniform(-0.0002, 0.0002),
                lon + rng.uniform(-0.0002, 0.0002),
            )
    if not points:
        return
    env.cr.execute(
        SQL(
            """UPDATE helpdesk_ticket t SET latitude = p.lat, longitude = p.lon
                 FROM (SELECT unnest(%s::int[]) AS id, unnest(%s::float8[]) AS lat,
                              unnest(%s::float8[]) AS lon) p
                WHERE t.id = p.id""",
            list(points),
            [round(p[0], 7) for p in points.values()],
            [round(p[1], 7) for p in points.values()],
        )
    )
    env.invalidate_all()


def _point_in(rng, district, polys):
    """A random point inside the district's boundary (drawn in its bounding box)."""
    for _attempt in range(100):
        lat = rng.uniform(district.bbox_min_lat, district.bbox_max_lat)
        lon = rng.uniform(district.bbox_min_lon, district.bbox_max_lon)
        if geo.contains(polys, lat, lon):
            return lat, lon
    return district.bbox_min_lat, district.bbox_min_lon


def _plan_life(rng, category, created, now, age_days):
    """Where a request of that age stands, and when each step happened."""
    hours = category.resolution_hours or 72
    deadline = created + timedelta(hours=hours)
    plan = {
        "created": created,
        "deadline": deadline,
        "closed": None,
        "reopens": 0,
        "first_response": None,
    }
    jurisdiction = category.jurisdiction
    # most requests are finished once their deadline has passed; some are late
    within_deadline = age_days * 24 < hours
    finished = rng.random() < (0.3 if within_deadline else 0.93)
    if jurisdiction == "none":
        state = "informed" if finished or rng.random() < 0.7 else "new"
    elif jurisdiction == "agency":
        state = "resolved" if finished and rng.random() < 0.9 else "referred"
    elif finished:
        state = "resolved" if rng.random() < 0.8 else "closed"
    else:
        state = rng.choice(("new", "review", "progress", "progress"))
    if state != "new":
        plan["first_response"] = created + timedelta(minutes=rng.randint(5, 60 * 20))
    if state in ("resolved", "closed", "informed"):
        on_time = rng.random() < 0.75
        span = hours * (rng.uniform(0.2, 0.95) if on_time else rng.uniform(1.1, 3))
        if state == "informed":
            span = rng.uniform(0.05, 0.5)
        closed = min(created + timedelta(hours=span), now - timedelta(minutes=5))
        plan["closed"] = closed
        plan["first_response"] = min(plan["first_response"] or closed, closed)
        if state == "resolved" and rng.random() < 0.07:
            plan["reopens"] = 1
    plan["last_update"] = plan["closed"] or plan["first_response"] or created
    if state == "review" or (state == "progress" and rng.random() < 0.3):
        plan["review"] = {"review_state": "pending"}
        state = "review"
    elif state in ("resolved", "closed") and rng.random() < 0.15:
        decision = (
            "reject" if state == "closed" else rng.choice(("accept", "field_visit"))
        )
        plan["review"] = {
            "review_state": "done",
            "review_decision": decision,
            "review_assessment": "بازدید انجام شد و گزارش کارشناسی ثبت گردید.",
            "review_reject_reason": "درخواست تکراری است و قبلاً رسیدگی شده است."
            if decision == "reject"
            else False,
        }
        plan["review_date"] = plan["first_response"]
    plan["stage"] = state
    return plan
