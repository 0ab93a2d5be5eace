from odoo.tests import TransactionCase, new_test_user

GROUP = "municipal_hotline.group_hotline_%s"


class IntakeCase(TransactionCase):
    """Hotline staff, two districts with their teams and managers, a citizen."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.Ticket = cls.env["helpdesk.ticket"]
        cls.operator = new_test_user(
            cls.env, login="in_operator", groups=GROUP % "operator", name="Operator A"
        )
        cls.operator2 = new_test_user(
            cls.env, login="in_operator2", groups=GROUP % "operator", name="Operator B"
        )
        cls.expert = new_test_user(
            cls.env, login="in_expert", groups=GROUP % "expert", name="Expert A"
        )
        cls.expert2 = new_test_user(
            cls.env, login="in_expert2", groups=GROUP % "expert", name="Expert B"
        )
        cls.supervisor = new_test_user(
            cls.env,
            login="in_supervisor",
            groups=GROUP % "supervisor",
            name="Director",
            email="director@example.com",
        )
        cls.manager_a = new_test_user(
            cls.env, login="in_manager_a", groups=GROUP % "district_manager"
        )
        cls.manager_b = new_test_user(
            cls.env, login="in_manager_b", groups=GROUP % "district_manager"
        )
        cls.citizen = new_test_user(
            cls.env,
            login="in_citizen",
            groups="base.group_portal",
            name="Citizen A",
            email="citizen.a@example.com",
        )
        cls.citizen2 = new_test_user(
            cls.env, login="in_citizen2", groups="base.group_portal", name="Citizen B"
        )
        Team = cls.env["helpdesk.ticket.team"]
        cls.team_a = Team.create(
            {"name": "Team A", "user_ids": [(4, cls.manager_a.id)]}
        )
        cls.team_b = Team.create(
            {"name": "Team B", "user_ids": [(4, cls.manager_b.id)]}
        )
        cls.team_experts = Team.create(
            {"name": "Experts", "user_ids": [(4, cls.expert2.id)]}
        )
        District = cls.env["hotline.district"]
        cls.district_a = District.create(
            {"name": "Test A", "code": "TA", "manager_id": cls.manager_a.id,
             "team_id": cls.team_a.id}
        )  # fmt: skip
        cls.district_b = District.create(
            {"name": "Test B", "code": "TB", "manager_id": cls.manager_b.id,
             "team_id": cls.team_b.id}
        )  # fmt: skip
        ref = cls.env.ref
        cls.cat_pothole = ref("municipal_hotline.category_streets_pothole")
        cls.cat_water = ref("municipal_hotline.category_water_leak")
        cls.cat_gas = ref("municipal_hotline.category_gas")
        cls.cat_none = ref("municipal_hotline.category_other_none")
        cls.stage_new = ref("helpdesk_mgmt.helpdesk_ticket_stage_new")
        cls.stage_review = ref("municipal_hotline.helpdesk_ticket_stage_review")
        cls.stage_progress = ref("helpdesk_mgmt.helpdesk_ticket_stage_in_progress")
        cls.stage_resolved = ref("municipal_hotline.helpdesk_ticket_stage_resolved")
        cls.stage_closed = ref("municipal_hotline.helpdesk_ticket_stage_closed")
        cls.stage_informed = ref("municipal_hotline.helpdesk_ticket_stage_informed")

    @classmethod
    def _ticket(cls, user=None, **vals):
        values = {
            "name": "Pothole on the main street",
            "description": "<p>A deep pothole.</p>",
            "category_id": cls.cat_pothole.id,
            "district_id": cls.district_a.id,
        }
        values.update(vals)
        model = cls.Ticket.with_user(user) if user else cls.Ticket
        return model.create(values)
