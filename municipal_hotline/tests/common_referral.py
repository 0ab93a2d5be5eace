from odoo.tests import TransactionCase, new_test_user


class ReferralCommon(TransactionCase):
    """Two districts, staff of every role, two agencies with a portal user each, and
    requests in agency categories. Mail stays on: the tests check the chatter."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        cls.Referral = env["hotline.referral"]
        cls.stage_referred = env.ref("municipal_hotline.helpdesk_ticket_stage_referred")
        cls.stage_in_progress = env.ref(
            "helpdesk_mgmt.helpdesk_ticket_stage_in_progress"
        )
        # agencies: the seed ones, with one contact each who has an email
        cls.water = env.ref("municipal_hotline.partner_agency_water")
        cls.gas = env.ref("municipal_hotline.partner_agency_gas")
        cls.police = env.ref("municipal_hotline.partner_agency_police")
        cls.water.hotline_response_hours = 48
        cls.gas.hotline_response_hours = 4
        cls.police.hotline_response_hours = 24
        cls.category_water = env["helpdesk.ticket.category"].create(
            {
                "name": "Test water leak",
                "jurisdiction": "agency",
                "agency_id": cls.water.id,
            }
        )
        cls.category_gas = env["helpdesk.ticket.category"].create(
            {
                "name": "Test gas after crash",
                "jurisdiction": "agency",
                "agency_id": cls.gas.id,
                "agency_response_hours": 2,
            }
        )
        # staff
        cls.operator = new_test_user(
            env,
            login="ref_operator",
            groups="municipal_hotline.group_hotline_operator",
            email="ref_operator@example.com",
        )
        cls.operator2 = new_test_user(
            env,
            login="ref_operator2",
            groups="municipal_hotline.group_hotline_operator",
        )
        cls.expert = new_test_user(
            env, login="ref_expert", groups="municipal_hotline.group_hotline_expert"
        )
        cls.manager_a = new_test_user(
            env,
            login="ref_manager_a",
            groups="municipal_hotline.group_hotline_district_manager",
        )
        cls.manager_b = new_test_user(
            env,
            login="ref_manager_b",
            groups="municipal_hotline.group_hotline_district_manager",
        )
        cls.supervisor = new_test_user(
            env,
            login="ref_supervisor",
            groups="municipal_hotline.group_hotline_supervisor",
            email="ref_supervisor@example.com",
        )
        cls.district_a = env["hotline.district"].create(
            {"name": "Test district A", "code": "TA", "manager_id": cls.manager_a.id}
        )
        cls.district_b = env["hotline.district"].create(
            {"name": "Test district B", "code": "TB", "manager_id": cls.manager_b.id}
        )
        # agency portal users: contacts of their agency
        cls.water_user = cls._agency_user("ref_water_agent", cls.water)
        cls.gas_user = cls._agency_user("ref_gas_agent", cls.gas)
        cls.citizen_user = new_test_user(
            env, login="ref_citizen", groups="base.group_portal", email="c@example.com"
        )
        cls.citizen = env["res.partner"].create(
            {"name": "Test citizen", "email": "citizen.ref@example.com"}
        )
        cls.ticket = cls._ticket(
            "Leak on Main Street", cls.category_water, cls.district_a
        )
        cls.ticket_gas = cls._ticket(
            "Gas smell after crash", cls.category_gas, cls.district_b
        )

    @classmethod
    def _agency_user(cls, login, agency):
        user = new_test_user(
            cls.env,
            login=login,
            groups="base.group_portal",
            email=f"{login}@example.com",
        )
        user.partner_id.parent_id = agency
        return user

    @classmethod
    def _ticket(cls, name, category, district, **vals):
        return cls.env["helpdesk.ticket"].create(
            {
                "name": name,
                "description": f"<p>{name}: details</p>",
                "category_id": category.id,
                "district_id": district.id,
                "address": "12 Main Street",
                "partner_id": cls.citizen.id,
                "caller_phone": "09181112233",
                "user_id": cls.operator.id,
                **vals,
            }
        )

    def _refer(self, ticket, agencies, user=None):
        """Run the "Refer to agency" wizard as `user` (default: the operator)."""
        user = user or self.operator
        wizard = (
            self.env["hotline.referral.wizard"]
            .with_user(user)
            .create({"ticket_id": ticket.id})
        )
        wizard.agency_ids = agencies
        wizard.action_refer()
        return ticket.referral_ids.filtered(lambda r: r.agency_id in agencies)
