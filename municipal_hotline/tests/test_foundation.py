from odoo.tests import HttpCase, TransactionCase, new_test_user, tagged


class TestFoundation(TransactionCase):
    def test_supervisor_implies_every_hotline_role(self):
        """The director can do what each role can: one group runs the line."""
        supervisor = new_test_user(
            self.env,
            login="fnd_supervisor",
            groups="municipal_hotline.group_hotline_supervisor",
        )
        for role in ("operator", "expert", "district_manager"):
            self.assertTrue(
                supervisor.has_group(f"municipal_hotline.group_hotline_{role}"), role
            )
        self.assertTrue(supervisor.has_group("helpdesk_mgmt.group_helpdesk_manager"))

    def test_district_manager_is_not_an_operator(self):
        """A district manager must not inherit the operator's city-wide read access."""
        manager = new_test_user(
            self.env,
            login="fnd_manager",
            groups="municipal_hotline.group_hotline_district_manager",
        )
        self.assertFalse(manager.has_group("municipal_hotline.group_hotline_operator"))
        self.assertFalse(
            manager.has_group("municipal_hotline.group_hotline_supervisor")
        )

    def test_menu_hidden_from_plain_employees(self):
        menu = self.env.ref("municipal_hotline.menu_hotline_root")
        employee = new_test_user(
            self.env, login="fnd_employee", groups="base.group_user"
        )
        visible = self.env["ir.ui.menu"].with_user(employee)._visible_menu_ids()
        self.assertNotIn(menu.id, visible)
        operator = new_test_user(
            self.env,
            login="fnd_operator",
            groups="municipal_hotline.group_hotline_operator",
        )
        self.assertIn(
            menu.id, self.env["ir.ui.menu"].with_user(operator)._visible_menu_ids()
        )


@tagged("post_install", "-at_install")
class TestFoundationTour(HttpCase):
    def test_login_page_answers(self):
        response = self.url_open("/web/login")
        self.assertEqual(response.status_code, 200)

    def test_login_opens_hotline_menu(self):
        """The web client renders and the 137 Hotline app opens for the director."""
        self.start_tour("/odoo", "municipal_hotline_open_menu", login="admin")
