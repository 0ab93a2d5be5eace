"""Six months of staff ratings for the demo employees, created in bulk."""

import random
from datetime import timedelta

from odoo import fields

COMMENTS = [
    "بسیار مؤدب و صبور بودند، ممنونم.",
    "پاسخ‌گویی سریع بود ولی اطلاعات کامل نبود.",
    "مدت زیادی منتظر ماندم.",
    "کارم به‌خوبی انجام شد.",
    "Very helpful, thank you.",
]


def generate_demo_ratings(env, months=6, seed=137):
    """Answers for every demo employee with a rating quality of their own, so the
    pivot shows a real spread between people, districts and months."""
    rng = random.Random(seed)
    survey = env.ref("municipal_hotline.survey_staff_rating")
    questions = survey.question_ids.sorted("sequence")
    scale_questions = questions.filtered(lambda q: q.question_type == "scale")
    comment_question = questions.filtered(lambda q: q.question_type == "text_box")[:1]
    overall = scale_questions.filtered(lambda q: q.hotline_criterion == "overall")
    employees = env["hr.employee"].search(
        [("id", "in", _demo_employee_ids(env))], order="id"
    )
    now = fields.Datetime.now()
    vals_list, dates = [], []
    for employee in employees:
        quality = rng.uniform(2.4, 4.7)  # each person's typical score
        counter = employee.hotline_is_counter
        for month in range(months):
            # more answers lately, as the line gets known
            for _n in range(rng.randint(2, 5) + (months - month)):
                when = now - timedelta(
                    days=30 * month + rng.randint(0, 29), hours=rng.randint(0, 10)
                )
                lines = []
                scores = {}
                for question in scale_questions:
                    score = min(5, max(1, round(rng.gauss(quality, 0.9))))
                    scores[question.id] = score
                    lines.append(
                        fields.Command.create(
                            {
                                "question_id": question.id,
                                "answer_type": "scale",
                                "value_scale": score,
                            }
                        )
                    )
                if comment_question and rng.random() < 0.2:
                    lines.append(
                        fields.Command.create(
                            {
                                "question_id": comment_question.id,
                                "answer_type": "text_box",
                                "value_text_box": rng.choice(COMMENTS),
                            }
                        )
                    )
                vals_list.append(
                    {
                        "survey_id": survey.id,
                        "state": "done",
                        "hotline_employee_id": employee.id,
                        "hotline_channel": "counter" if counter else "phone",
                        # two walk-ins in three give a known caller's phone
                        "hotline_verified": not counter or _n % 3 != 0,
                        "hotline_overall_score": scores.get(overall.id, 0),
                        "user_input_line_ids": lines,
                    }
                )
                dates.append(when)
    answers = (
        env["survey.user_input"]
        .with_context(tracking_disable=True, mail_create_nolog=True, mail_notrack=True)
        .create(vals_list)
    )
    env.flush_all()
    # backdate in one statement: the ORM does not let create_date be written
    env.cr.execute(
        """
        UPDATE survey_user_input answer
           SET create_date = data.day, start_datetime = data.day,
               end_datetime = data.day + interval '3 minutes'
          FROM unnest(%s::int[], %s::timestamp[]) AS data(id, day)
         WHERE answer.id = data.id
        """,
        [answers.ids, dates],
    )
    env.cr.execute(
        """
        UPDATE survey_user_input_line line SET create_date = answer.create_date
          FROM survey_user_input answer WHERE answer.id = line.user_input_id
           AND answer.id = ANY(%s)
        """,
        [answers.ids],
    )
    answers._jalali_refresh_sql()  # backdated: their Jalali periods too
    env.invalidate_all()
    # the manager's follow-up activities for last month's low scores
    recent_low = answers.filtered(
        lambda a: (
            a.hotline_overall_score <= 2 and a.create_date > now - timedelta(days=30)
        )
    )
    # (no e-mail to the assignees: demo users may use a language not loaded yet)
    recent_low.with_context(mail_activity_quick_update=True)._hotline_alert_low_scores()
    return answers


def _demo_employee_ids(env):
    data = env["ir.model.data"].search(
        [
            ("module", "=", "municipal_hotline"),
            ("model", "=", "hr.employee"),
            ("name", "=like", "hr_employee_%_demo"),
        ]
    )
    return data.mapped("res_id")


def link_demo_ratings(env, tickets):
    """A phone rating is about a request (it is "verified"): link each demo phone
    answer to a request closed before it, of the rated employee's district when there
    is one, each request rated once per employee. Called once the demo requests exist.
    """
    closed = tickets.filtered("closed_date").sorted("closed_date")
    by_district = closed.grouped("district_id")
    answers = env["survey.user_input"].search(
        [
            ("id", "in", _demo_answer_ids(env)),
            ("hotline_channel", "=", "phone"),
            ("hotline_ticket_id", "=", False),
        ],
        order="create_date, id",
    )
    rated, links = set(), []
    for answer in answers:
        employee = answer.hotline_employee_id
        pool = by_district.get(employee.hotline_district_id) or closed
        # the latest request closed before the answer that this employee has no rating of
        ticket = next(
            (
                t
                for t in reversed(pool)
                if t.closed_date <= answer.create_date
                and (t.id, employee.id) not in rated
            ),
            None,
        )
        if ticket:
            rated.add((ticket.id, employee.id))
            links.append((answer.id, ticket.id))
    if links:
        env.cr.execute(
            """
            UPDATE survey_user_input answer SET hotline_ticket_id = data.ticket
              FROM unnest(%s::int[], %s::int[]) AS data(id, ticket)
             WHERE answer.id = data.id
            """,
            [[a for a, _t in links], [t for _a, t in links]],
        )
        env.invalidate_all()
    return len(links)


def _demo_answer_ids(env):
    return (
        env["survey.user_input"]
        .search([("hotline_employee_id", "in", _demo_employee_ids(env))])
        .ids
    )
