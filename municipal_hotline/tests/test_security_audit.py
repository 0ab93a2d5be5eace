"""The audit of personal data and permissions (OCA auditlog with the hotline's rules):
who read or changed a citizen's details, who changed whose permissions, and who may read
the log."""

from odoo import Command
from odoo.exceptions import AccessError

from .common import HotlineCase


class TestSecurityAudit(HotlineCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.admin = cls.env.ref("base.user_admin")
        # auditlog returns created records in a context that stops read logging: the
        # tests' citizen comes back into the tests' own environment
        cls.citizen = (
            cls.env["res.partner"]
            .create(
                {
                    "name": "Audited Citizen",
                    "phone": "0918 111 2233",
                    "email": "audited@example.com",
                }
            )
            .with_env(cls.env)
        )

    def _logs(self, record, method):
        return self.env["auditlog.log"].search(
            [
                ("model_model", "=", record._name),
                ("res_id", "=", record.id),
                ("method", "=", method),
            ]
        )

    def test_operator_reading_a_phone_is_logged(self):
        """An operator who reads a citizen's phone leaves a log line naming them."""
        self.citizen.with_user(self.operator).read(["phone", "email"])
        log = self._logs(self.citizen, "read")
        self.assertEqual(log.user_id, self.operator)
        self.assertEqual(set(log.line_ids.mapped("field_name")), {"phone", "email"})

    def test_reading_no_personal_field_is_not_logged(self):
        """Reading only what is not personal (the company flag) adds no log."""
        self.citizen.with_user(self.operator).read(["is_company"])
        self.assertFalse(self._logs(self.citizen, "read"))

    def test_changing_a_phone_is_logged(self):
        """A change of a citizen's phone keeps who, the old and the new number."""
        self.citizen.with_user(self.admin).write({"phone": "0918 999 0000"})
        log = self._logs(self.citizen, "write")
        self.assertEqual(log.user_id, self.admin)
        self.assertEqual(log.line_ids.field_name, "phone")
        self.assertEqual(log.line_ids.old_value_text, "0918 111 2233")
        self.assertEqual(log.line_ids.new_value_text, "0918 999 0000")

    def test_operator_changing_a_caller_phone_is_logged_not_a_stage(self):
        """An operator's change of the caller's phone on a request is logged; a stage
        change is not (tracking shows it), so the audit stays small."""
        ticket = self._create_ticket(
            self.citizen, phone="0918 111 2233", user=self.operator
        )
        ticket.write({"stage_id": self.stage_in_progress.id})
        self.assertFalse(self._logs(ticket, "write"), "no personal field changed")
        ticket.write({"caller_phone": "0918 222 3344", "address": "Modarres St."})
        log = self._logs(ticket, "write")
        self.assertEqual(log.user_id, self.operator)
        self.assertEqual(
            set(log.line_ids.mapped("field_name")), {"caller_phone", "address"}
        )

    def test_adding_a_user_to_a_group_is_logged(self):
        """A permission change, from the user's side or the group's, is logged with
        the administrator who made it."""
        supervisors = self.env.ref("municipal_hotline.group_hotline_supervisor")
        self.operator.with_user(self.admin).write(
            {"group_ids": [Command.link(supervisors.id)]}
        )
        log = self._logs(self.operator, "write")
        self.assertEqual(log.user_id, self.admin)
        self.assertIn("group_ids", log.line_ids.mapped("field_name"))
        experts = self.env.ref("municipal_hotline.group_hotline_expert")
        experts.with_user(self.admin).write(
            {"user_ids": [Command.link(self.operator2.id)]}
        )
        log = self._logs(experts, "write")
        self.assertEqual(log.user_id, self.admin)
        self.assertEqual(log.line_ids.field_name, "user_ids")

    def test_reading_who_rated_whom_is_logged(self):
        """Who reads a staff rating's rated employee and its citizen is logged."""
        employee = self.env["hr.employee"].create({"name": "Rated Clerk"})
        answer = self._answer(employee, {}, done=False).with_env(self.env)
        answer.with_user(self.supervisor).read(["hotline_employee_id", "hotline_phone"])
        log = self._logs(answer, "read")
        self.assertEqual(log.user_id, self.supervisor)
        self.assertIn("hotline_employee_id", log.line_ids.mapped("field_name"))

    def test_supervisor_searches_the_log(self):
        """The hotline's supervisor searches the log by person and field, read-only."""
        self.citizen.with_user(self.operator).read(["phone"])
        Log = self.env["auditlog.log"].with_user(self.supervisor)
        log = Log.search(
            [("user_id", "=", self.operator.id), ("model_model", "=", "res.partner")]
        )
        self.assertEqual(log.res_id, self.citizen.id)
        self.assertEqual(log.method, "read")
        self.assertEqual(log.line_ids.field_name, "phone")
        lines = (
            self.env["auditlog.log.line.view"]
            .with_user(self.supervisor)
            .search([("field_name", "=", "phone"), ("user_id", "=", self.operator.id)])
        )
        self.assertTrue(lines)
        with self.assertRaises(AccessError):
            log.write({"name": "tampered"})
        with self.assertRaises(AccessError):
            log.unlink()

    def test_supervisor_opens_the_audit_menus(self):
        """The menus under Configuration > Security and Privacy open for a supervisor:
        their views load, the session id column left out."""
        views = [(False, "list"), (False, "form"), (False, "search")]
        for model in (
            "auditlog.log",
            "auditlog.log.line.view",
            "auditlog.http.session",
            "hotline.retention.wizard",
        ):
            with self.subTest(model=model):
                result = self.env[model].with_user(self.supervisor).get_views(views)
                self.assertTrue(result["views"]["list"]["arch"])
        sessions = self.env["auditlog.http.session"].with_user(self.supervisor)
        arch = sessions.get_views([(False, "list")])["views"]["list"]["arch"]
        self.assertNotIn('name="name"', arch)
        menu = self.env.ref("municipal_hotline.menu_hotline_config_privacy")
        visible = self.env["ir.ui.menu"].with_user(self.supervisor)._visible_menu_ids()
        self.assertIn(menu.id, visible)
        visible = self.env["ir.ui.menu"].with_user(self.operator)._visible_menu_ids()
        self.assertNotIn(menu.id, visible)

    def test_operator_cannot_read_the_log(self):
        """Staff below supervisor cannot read the audit log."""
        self.citizen.with_user(self.operator).read(["phone"])
        for model in ("auditlog.log", "auditlog.log.line", "auditlog.http.session"):
            with self.subTest(model=model), self.assertRaises(AccessError):
                self.env[model].with_user(self.operator).search([])

    def test_supervisor_cannot_read_a_session_id(self):
        """The audit keeps login sessions; their id signs a user in, so supervisors
        see who was signed in when, and never the id."""
        session = self.env["auditlog.http.session"].create(
            {"name": "secret-session-id", "user_id": self.admin.id}
        )
        session = session.with_user(self.supervisor)
        self.assertIn(self.admin.name, session.display_name)
        with self.assertRaises(AccessError):
            session.read(["name"])
