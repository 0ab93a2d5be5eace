"""Deployment defaults (issue 17, 3rd party probe finding 8): sign-ins throttled per
login on every way in, no account discovery on the password reset page, no server
internals in the JSON answers citizens get. The served configuration itself is checked
by the repository's tests/test_deployment.py."""

import json
import re

from odoo.tests import tagged

from .common import HotlineHttpCase

ALERT_RE = re.compile(r'<p class="alert[^"]*"[^>]*>(.*?)</p>', re.DOTALL)


@tagged("post_install", "-at_install")
class TestDeploymentDefaults(HotlineHttpCase):
    def _xmlrpc_login(self, password):
        return self.xmlrpc_common.authenticate(
            self.env.cr.dbname, self.citizen_a.login, password, {}
        )

    def test_xmlrpc_logins_throttled_per_login(self):
        self.assertEqual(self._xmlrpc_login(self.citizen_a.login), self.citizen_a.id)
        for _attempt in range(6):
            self.assertFalse(self._xmlrpc_login("wrong password"))
        self.assertFalse(
            self._xmlrpc_login(self.citizen_a.login),
            "refused even with the right password while locked",
        )
        # another login is not affected
        self.assertEqual(
            self.xmlrpc_common.authenticate(
                self.env.cr.dbname, self.citizen_b.login, self.citizen_b.login, {}
            ),
            self.citizen_b.id,
        )
        # the lock ends with the window
        self.env.cr.execute(
            "UPDATE hotline_login_failure SET create_date = create_date - interval '16 minutes'"
        )
        self.assertEqual(self._xmlrpc_login(self.citizen_a.login), self.citizen_a.id)

    def test_reset_password_same_answer_for_any_login(self):
        self.env["ir.config_parameter"].sudo().set_param(
            "auth_signup.reset_password", "True"
        )
        answers = []
        for login in (self.citizen_a.login, "nobody-here@example.com"):
            self.authenticate(None, None)
            response = self.url_open(
                "/web/reset_password",
                data={"login": login, "csrf_token": self._csrf()},
            )
            self.assertEqual(response.status_code, 200)
            answers.append(ALERT_RE.findall(response.text))
        self.assertTrue(answers[0], "the page says something")
        self.assertEqual(answers[0], answers[1])

    def _json(self, url, params):
        response = self.url_open(
            url,
            data=json.dumps({"jsonrpc": "2.0", "method": "call", "params": params}),
            headers={"Content-Type": "application/json"},
        )
        return response.json()

    def _failing_call(self):
        return self._json(
            "/web/dataset/call_kw/helpdesk.ticket/read",
            {
                "model": "helpdesk.ticket",
                "method": "read",
                "args": [["not-an-id"], ["name"]],
                "kwargs": {},
            },
        )

    def test_portal_json_error_has_no_traceback(self):
        self._login(self.citizen_a)
        answer = self._failing_call()
        self.assertIn("error", answer)
        self.assertNotIn("Traceback", json.dumps(answer))
        self.assertFalse(answer["error"]["data"]["debug"])
        # the message of an error meant for users is kept, without the traceback
        answer = self._json(
            "/web/dataset/call_kw/helpdesk.ticket/read",
            {
                "model": "helpdesk.ticket",
                "method": "read",
                "args": [[self.env["helpdesk.ticket"].search([], limit=1).id]],
                "kwargs": {"fields": ["reviewer_id"]},
            },
        )
        self.assertEqual(answer["error"]["data"]["name"], "odoo.exceptions.AccessError")
        self.assertFalse(answer["error"]["data"]["debug"])

    def test_staff_json_error_keeps_its_traceback(self):
        self._login(self.supervisor)
        answer = self._failing_call()
        self.assertIn("Traceback", answer["error"]["data"]["debug"])
