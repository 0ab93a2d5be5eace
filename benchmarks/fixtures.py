"""The city's staff and structure, created through the ORM (a few dozen records).

Tickets and their history are loaded in bulk SQL (load.py); what they point to (districts,
teams, users with the hotline groups, the staff-rating survey) is made the normal way so
groups, partners and record rules are exactly what the product creates.
"""

from odoo import Command

# Kermanshah's 8 districts with a rough share of the population (tickets follow people)
DISTRICTS = [
    ("1", "منطقه ۱", 0.16),
    ("2", "منطقه ۲", 0.14),
    ("3", "منطقه ۳", 0.15),
    ("4", "منطقه ۴", 0.13),
    ("5", "منطقه ۵", 0.12),
    ("6", "منطقه ۶", 0.11),
    ("7", "منطقه ۷", 0.10),
    ("8", "منطقه ۸", 0.09),
]
OPERATORS = 6
EXPERTS_PER_DISTRICT = 2


def _user(env, login, name, groups, partner=None):
    Users = env["res.users"].with_context(no_reset_password=True)
    user = Users.search([("login", "=", login)], limit=1)
    if user:
        return user
    vals = {
        "login": login,
        "name": name,
        "password": login,
        "group_ids": [Command.set([env.ref(g).id for g in groups])],
        "tz": "Asia/Tehran",
    }
    if partner:
        vals["partner_id"] = partner.id
    return Users.create(vals)


def ensure_staff(env):
    """Districts with teams and managers, operators, experts, a supervisor; idempotent."""
    District = env["hotline.district"]
    Team = env["helpdesk.ticket.team"]
    staff = {"operators": [], "experts": [], "managers": [], "districts": []}
    for i in range(1, OPERATORS + 1):
        staff["operators"].append(
            _user(
                env,
                f"bench_operator{i}",
                f"Operator {i}",
                ["municipal_hotline.group_hotline_operator"],
            )
        )
    staff["supervisor"] = _user(
        env,
        "bench_supervisor",
        "Hotline Director",
        ["municipal_hotline.group_hotline_supervisor"],
    )
    for code, name, share in DISTRICTS:
        district = District.search([("code", "=", code)], limit=1)
        manager = _user(
            env,
            f"bench_manager{code}",
            f"Manager {code}",
            ["municipal_hotline.group_hotline_district_manager"],
        )
        experts = [
            _user(
                env,
                f"bench_expert{code}_{j}",
                f"Expert {code}.{j}",
                ["municipal_hotline.group_hotline_expert"],
            )
            for j in range(1, EXPERTS_PER_DISTRICT + 1)
        ]
        if not district:
            team = Team.create(
                {
                    "name": f"{name} team",
                    "user_ids": [Command.set([u.id for u in experts + [manager]])],
                }
            )
            district = District.create(
                {
                    "name": name,
                    "code": code,
                    "manager_id": manager.id,
                    "team_id": team.id,
                }
            )
        staff["districts"].append((district, share))
        staff["managers"].append(manager)
        staff["experts"].extend(experts)
    staff["survey"] = env["survey.survey"].search(
        [("title", "=", "Staff rating (benchmark)")], limit=1
    ) or env["survey.survey"].create({"title": "Staff rating (benchmark)"})
    return staff


def ensure_citizen(env, partner):
    """A portal user for one loaded caller (a citizen with a handful of requests)."""
    return _user(env, "bench_citizen", partner.name, ["base.group_portal"], partner)
