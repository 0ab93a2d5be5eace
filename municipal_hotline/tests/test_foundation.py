from odoo.tests import HttpCase, tagged

from .common import HotlineCase


class TestFoundation(HotlineCase):
    def test_supervisor_implies_every_hotline_role(self):
        """The director can do what each role can: one group runs the line."""
        for role in ("operator", "expert", "district_manager"):
            self.assertTrue(
                self.supervisor.has_group(f"municipal_hotline.group_hotline_{role}"),
                role,
            )
        self.assertTrue(
            self.supervisor.has_group("helpdesk_mgmt.group_helpdesk_manager")
        )

    def test_district_manager_is_not_an_operator(self):
        """A district manager must not inherit the operator's city-wide read access."""
        manager = self.manager_a
        self.assertFalse(manager.has_group("municipal_hotline.group_hotline_operator"))
        self.assertFalse(
            manager.has_group("municipal_hotline.group_hotline_supervisor")
        )

    def test_menu_hidden_from_plain_employees(self):
        menu = self.env.ref("municipal_hotline.menu_hotline_root")
        employee = self.line_manager  # a plain employee
        visible = self.env["ir.ui.menu"].with_user(employee)._visible_menu_ids()
        self.assertNotIn(menu.id, visible)
        self.assertIn(
            menu.id, self.env["ir.ui.menu"].with_user(self.operator)._visible_menu_ids()
        )


@tagged("post_install", "-at_install")
class TestFoundationTour(HttpCase):
    def test_login_page_answers(self):
        response = self.url_open("/web/login")
        self.assertEqual(response.status_code, 200)

    def test_login_opens_hotline_menu(self):
        """The web client renders and the 137 Hotline app opens for the director."""
        self.start_tour("/odoo", "municipal_hotline_open_menu", login="admin")
