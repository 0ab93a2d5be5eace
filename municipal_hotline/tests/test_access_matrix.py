"""The access matrix (tests/access_matrix.py) checked cell by cell against the ORM.

Each role's user of the fixture checks each operation on a representative record of
each model (`check_access`: access rights and record rules, nothing written), reads the
sensitive fields, and the addon's record rules are compared with the table's. A model or
a record rule of the addon that the table does not list fails: a new one needs its row.

`HOTLINE_MATRIX_PRINT=1` prints the observed tables, to paste after checking them.
"""

import os
import pprint
import sys
from datetime import datetime, timedelta

from odoo.exceptions import AccessError

from .access_matrix import (
    ABSTRACT,
    ACL,
    INHERITED_MODELS,
    MATRIX,
    OPERATIONS,
    ROLES,
    RULES,
    SENSITIVE_FIELDS,
)
from .common import StaffRatingCase

MODULE = "municipal_hotline"
PRINT = os.environ.get("HOTLINE_MATRIX_PRINT") == "1"


class TestAccessMatrix(StaffRatingCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.role_users = {
            "public": cls.env.ref("base.public_user"),
            "citizen": cls.citizen_a,
            "agency": cls.agency_user,
            "operator": cls.operator,
            "expert": cls.expert,
            "district_manager": cls.manager_a,
            "line_manager": cls.line_manager,
            "supervisor": cls.supervisor,
        }
        assert tuple(cls.role_users) == ROLES
        cls.records = cls._representative_records()

    @classmethod
    def _representative_records(cls):
        """One record per (model, key) of the table, made as the roles would meet it."""
        env = cls.env
        # citizen A's request in district A, taken by the operator, reviewed by the
        # expert; a caller's request in district B, taken by operator2
        ticket_a = cls._create_ticket(
            cls.citizen_a, "Matrix A", "09121234567", user=cls.operator
        )
        ticket_a.reviewer_id = cls.expert
        ticket_b = cls._create_ticket(
            name="Matrix B",
            phone="09185550202",
            user=cls.operator2,
            partner_name="Matrix caller B",
            district_id=cls.district_b.id,
        )
        referral = env["hotline.referral"].create(
            {"ticket_id": ticket_a.id, "agency_id": cls.agency_water.id}
        )
        referral.action_send()
        schedule = env["hotline.meeting.schedule"].create(
            {
                "name": "Matrix weekly meeting",
                "district_id": cls.district_a.id,
                "host_id": cls.manager_a.id,
                "weekday": "sat",
                "hour": 10.0,
                "duration": 2.0,
                "slot_minutes": 20,
            }
        )
        meeting = cls._create_meeting(
            cls.district_a, cls.manager_a, datetime.now() + timedelta(days=7)
        )
        meeting.action_open_booking()
        booking = env["hotline.meeting.booking"].create(
            {
                "meeting_id": meeting.id,
                "partner_id": cls.citizen_a.partner_id.id,
                "topic": "Matrix",
            }
        )
        message = ticket_a.message_post(
            body="Matrix answer",
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )
        attachment = env["ir.attachment"].create(
            {
                "name": "matrix.txt",
                "raw": b"matrix",
                "res_model": "helpdesk.ticket",
                "res_id": ticket_a.id,
            }
        )
        answer = cls._answer(
            cls.operator_employee, {"overall": 4, "courtesy": 5}, channel="phone"
        )
        answer.sudo().write(
            {
                "partner_id": cls.rated_citizen.id,
                "email": "rated.citizen@example.com",
                "nickname": "Rater",
            }
        )
        env.flush_all()
        rating_line = (
            env["hotline.staff.rating.report"]
            .sudo()
            .search([("employee_id", "=", cls.operator_employee.id)], limit=1)
        )
        ranking = (
            env["hotline.staff.rating.ranking"]
            .sudo()
            .search([("employee_id", "=", cls.operator_employee.id)], limit=1)
        )
        return {
            ("helpdesk.ticket", "district_a"): ticket_a,
            ("helpdesk.ticket", "district_b"): ticket_b,
            ("res.partner", "citizen_district_a"): cls.citizen_a.partner_id,
            ("res.partner", "caller_district_b"): ticket_b.partner_id,
            ("res.partner", "agency"): cls.agency_water,
            ("mail.message", "public_answer_a"): message,
            ("ir.attachment", "file_of_a"): attachment,
            ("survey.user_input", "rating_of_operator"): answer,
            ("hotline.district", "district_a"): cls.district_a,
            ("hotline.referral", "sent_of_a"): referral,
            ("hotline.meeting.schedule", "district_a"): schedule,
            ("hotline.public.meeting", "district_a"): meeting,
            ("hotline.meeting.booking", "citizen_a"): booking,
            ("hotline.lookup.attempt", "any"): env["hotline.lookup.attempt"]
            .sudo()
            .create({"client_key": "matrix"}),
            ("hotline.login.failure", "any"): env["hotline.login.failure"]
            .sudo()
            .create({"login_key": "matrix"}),
            ("hotline.ticket.report", "district_a"): env[
                "hotline.ticket.report"
            ].browse(ticket_a.id),
            # the roll-up row of that request's day and dimensions
            ("hotline.ticket.rollup", "district_a"): env["hotline.ticket.rollup"]
            .sudo()
            .search([("district_id", "=", cls.district_a.id)], limit=1)
            .sudo(False),
            ("hotline.referral.report", "district_a"): env[
                "hotline.referral.report"
            ].browse(referral.id),
            ("hotline.meeting.report", "district_a"): env[
                "hotline.meeting.report"
            ].browse(meeting.id),
            ("hotline.staff.rating.report", "operator_line"): rating_line,
            ("hotline.staff.rating.ranking", "operator"): ranking,
        }

    # observation ------------------------------------------------------------------

    def _allowed(self, record, user, operation):
        """Access rights and record rules of `user` for `operation` on `record` (on the
        model only for a transient model: its records are their creator's)."""
        if not record:
            return record.with_user(user).has_access(operation)
        try:
            record.with_user(user).check_access(operation)
        except AccessError:
            return False
        return True

    def _cell(self, record, user):
        return "".join(
            op[0] if self._allowed(record, user, op) else "-" for op in OPERATIONS
        )

    def _reads(self, record, user, field):
        try:
            with self.env.cr.savepoint():
                record.with_user(user).read([field])
        except AccessError:
            return False
        return True

    def _record(self, model, key):
        # a wizard ("acl"): the model's access rights, its records being their creator's
        return self.env[model] if key == ACL else self.records[model, key]

    def _observed_matrix(self):
        return {
            model: ABSTRACT
            if MATRIX[model] == ABSTRACT
            else {
                key: {
                    role: self._cell(self._record(model, key), user)
                    for role, user in self.role_users.items()
                }
                for key in MATRIX[model]
            }
            for model in sorted(MATRIX)
        }

    def _observed_fields(self):
        return {
            (model, key): {
                field: tuple(
                    role
                    for role, user in self.role_users.items()
                    if self._reads(self.records[model, key], user, field)
                )
                for field in fields
            }
            for (model, key), fields in SENSITIVE_FIELDS.items()
        }

    def _observed_rules(self):
        data = self.env["ir.model.data"].search(
            [("module", "=", MODULE), ("model", "=", "ir.rule")]
        )
        rules = {}
        for xmlid in data:
            rule = self.env["ir.rule"].browse(xmlid.res_id)
            groups = rule.groups.get_external_id()
            rules[f"{MODULE}.{xmlid.name}"] = (
                rule.model_id.model,
                tuple(sorted(groups[g.id] for g in rule.groups)) or ("global",),
            )
        return dict(sorted(rules.items()))

    def _print(self, name, value):
        if PRINT:  # for the developer updating the table (pytest -s)
            text = pprint.pformat(value, width=88, sort_dicts=False)
            sys.stdout.write(f"\n{name} = {text}\n")

    # the table is complete -----------------------------------------------------------

    def test_every_model_of_the_addon_has_an_entry(self):
        own = {
            name
            for name, model in self.env.registry.items()
            if model._original_module == MODULE
        }
        self.assertIn("hotline.district", own)
        missing = sorted((own | set(INHERITED_MODELS)) - set(MATRIX))
        self.assertFalse(
            missing,
            f"models without an entry in tests/access_matrix.py: {missing} "
            "(run with HOTLINE_MATRIX_PRINT=1 to see what each role can do)",
        )
        for model, entry in MATRIX.items():
            Model = self.env[model]
            with self.subTest(model=model):
                if entry == ABSTRACT:
                    self.assertTrue(Model._abstract, f"{model} is not abstract")
                    continue
                self.assertFalse(Model._abstract, model)
                for key, cells in entry.items():
                    self.assertEqual(tuple(cells), ROLES, f"{model} {key}")
                    if key == ACL:
                        self.assertTrue(Model._transient, f"{model}: not a wizard")
                    else:
                        self.assertTrue(self.records.get((model, key)), key)

    def test_every_rule_of_the_addon_has_an_entry(self):
        observed = self._observed_rules()
        self._print("RULES", observed)
        self.assertEqual(
            observed,
            RULES,
            "the record rules of the addon and their groups differ from "
            "tests/access_matrix.py RULES",
        )

    # the table holds ------------------------------------------------------------------

    def test_matrix(self):
        observed = self._observed_matrix()
        self._print("MATRIX", observed)
        for model, entry in MATRIX.items():
            for key, cells in (entry if entry != ABSTRACT else {}).items():
                for role, expected in cells.items():
                    with self.subTest(model=model, record=key, role=role):
                        self.assertEqual(observed[model][key][role], expected)

    def test_sensitive_fields(self):
        observed = self._observed_fields()
        self._print("SENSITIVE_FIELDS", observed)
        for (model, key), fields in SENSITIVE_FIELDS.items():
            for field, roles in fields.items():
                with self.subTest(model=model, record=key, field=field):
                    self.assertEqual(observed[model, key][field], roles)
