"""Query count and time of the staff-rating scores for 100 employees and 100,000 answers.

Run against a database with municipal_hotline installed (nothing is kept: the data is
inserted in SQL and rolled back):

    .cache/venv/bin/python benchmarks/staff_rating_scores.py -c <odoo.conf> -d <db>
"""

import argparse
import time

import odoo
from odoo.api import Environment
from odoo.modules.registry import Registry

EMPLOYEES = 100
ANSWERS = 100_000


def seed(env):
    """100 employees and 100,000 done answers (4 scale lines each), in SQL."""
    survey = env.ref("municipal_hotline.survey_staff_rating")
    questions = survey.question_ids.filtered(lambda q: q.question_type == "scale")
    employees = env["hr.employee"].create(
        [{"name": f"Bench employee {i}"} for i in range(EMPLOYEES)]
    )
    env.flush_all()
    cr = env.cr
    cr.execute(
        """
        INSERT INTO survey_user_input
               (survey_id, state, access_token, hotline_employee_id, hotline_channel,
                hotline_verified, hotline_overall_score, create_date, end_datetime)
        SELECT %s, 'done', md5(random()::text || n), (%s::int[])[1 + n %% %s],
               'phone', true, 1 + (n * 7) %% 5,
               now() - (n %% 180) * interval '1 day', now() - (n %% 180) * interval '1 day'
          FROM generate_series(1, %s) n
        RETURNING id
        """,
        [survey.id, employees.ids, EMPLOYEES, ANSWERS],
    )
    cr.execute(
        """
        INSERT INTO survey_user_input_line
               (user_input_id, survey_id, question_id, answer_type, value_scale, skipped)
        SELECT answer.id, %s, question.id, 'scale', 1 + (answer.id + question.id) %% 5, false
          FROM survey_user_input answer, unnest(%s::int[]) AS question(id)
         WHERE answer.hotline_employee_id = ANY(%s)
        """,
        [survey.id, questions.ids, employees.ids],
    )
    cr.execute("ANALYZE survey_user_input; ANALYZE survey_user_input_line")
    return employees


def measure(env, label, func):
    env.invalidate_all()
    before = env.cr.sql_log_count
    start = time.perf_counter()
    func()
    elapsed = time.perf_counter() - start
    print(
        f"{label:55s} {env.cr.sql_log_count - before:3d} queries  {elapsed * 1000:7.0f} ms"
    )


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("-c", "--config", required=True)
    parser.add_argument("-d", "--database", required=True)
    args = parser.parse_args()
    odoo.tools.config.parse_config(["-c", args.config, "-d", args.database])
    registry = Registry(args.database)
    with registry.cursor() as cr:
        env = Environment(cr, odoo.SUPERUSER_ID, {})
        start = time.perf_counter()
        employees = seed(env)
        seconds = time.perf_counter() - start
        print(f"seeded {EMPLOYEES} employees, {ANSWERS} answers in {seconds:.1f} s")
        measure(
            env,
            "employee form figures (count + avg) for 100 employees",
            lambda: employees.mapped("hotline_rating_score"),
        )
        measure(
            env,
            "ranking, 100 rows with per-question averages",
            lambda: env["hotline.staff.rating.ranking"].search_read(
                [("employee_id", "in", employees.ids)],
                ["employee_id", "answer_count", "overall_score", "courtesy_score"],
            ),
        )
        measure(
            env,
            "pivot: employee x question, avg + count",
            lambda: env["hotline.staff.rating.report"].formatted_read_group(
                [("employee_id", "in", employees.ids)],
                ["employee_id", "question_id"],
                ["score:avg", "answer_count:sum"],
            ),
        )
        measure(
            env,
            "graph: monthly trend per question",
            lambda: env["hotline.staff.rating.report"].formatted_read_group(
                [("employee_id", "in", employees.ids)],
                ["date:month", "criterion"],
                ["score:avg"],
            ),
        )
        cr.rollback()


if __name__ == "__main__":
    main()
