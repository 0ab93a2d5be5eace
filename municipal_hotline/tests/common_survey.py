from odoo.tests import TransactionCase, new_test_user


class StaffRatingCommon(TransactionCase):
    """Staff to rate, their managers, a district and the seeded staff-rating survey."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.survey = cls.env.ref("municipal_hotline.survey_staff_rating")
        cls.questions = {
            q.hotline_criterion: q
            for q in cls.survey.question_ids
            if q.hotline_criterion
        }
        cls.comment_question = cls.survey.question_ids.filtered(
            lambda q: q.question_type == "text_box"
        )
        cls.supervisor = new_test_user(
            cls.env,
            login="sr_supervisor",
            groups="municipal_hotline.group_hotline_supervisor",
        )
        cls.district_manager = new_test_user(
            cls.env,
            login="sr_district_manager",
            groups="municipal_hotline.group_hotline_district_manager",
        )
        cls.other_district_manager = new_test_user(
            cls.env,
            login="sr_other_district_manager",
            groups="municipal_hotline.group_hotline_district_manager",
        )
        cls.line_manager_user = new_test_user(
            cls.env, login="sr_line_manager", groups="base.group_user"
        )
        cls.operator_user = new_test_user(
            cls.env,
            login="sr_operator",
            groups="municipal_hotline.group_hotline_operator",
        )
        cls.expert_user = new_test_user(
            cls.env,
            login="sr_expert",
            groups="municipal_hotline.group_hotline_expert",
        )
        cls.portal_user = new_test_user(
            cls.env, login="sr_portal", groups="base.group_portal"
        )
        District = cls.env["hotline.district"]
        cls.district = District.create(
            {
                "name": "SR District",
                "code": "SR1",
                "manager_id": cls.district_manager.id,
            }
        )
        cls.other_district = District.create(
            {
                "name": "SR Other District",
                "code": "SR2",
                "manager_id": cls.other_district_manager.id,
            }
        )
        Employee = cls.env["hr.employee"]
        cls.line_manager = Employee.create(
            {"name": "SR Line Manager", "user_id": cls.line_manager_user.id}
        )
        cls.operator = Employee.create(
            {
                "name": "SR Operator",
                "user_id": cls.operator_user.id,
                "parent_id": cls.line_manager.id,
                "hotline_district_id": cls.district.id,
            }
        )
        cls.expert = Employee.create(
            {
                "name": "SR Expert",
                "user_id": cls.expert_user.id,
                "hotline_district_id": cls.other_district.id,
            }
        )
        cls.clerk = Employee.create(
            {
                "name": "SR Counter Clerk",
                "hotline_is_counter": True,
                "hotline_district_id": cls.district.id,
                "parent_id": cls.line_manager.id,
                "tz": "Asia/Tehran",
            }
        )
        cls.citizen = cls.env["res.partner"].create(
            {"name": "SR Citizen", "email": "sr.citizen@example.com", "lang": "en_US"}
        )
        cls.closed_stage = cls.env.ref("municipal_hotline.helpdesk_ticket_stage_closed")
        cls.open_stage = cls.env.ref("helpdesk_mgmt.helpdesk_ticket_stage_in_progress")

    @classmethod
    def _answer(cls, employee, scores, channel="counter", comment=None, done=True):
        """A staff-rating answer with the given {criterion: score}, finished by default."""
        answer = cls.survey.sudo()._create_answer(
            user=cls.env.ref("base.public_user"),
            check_attempts=False,
            hotline_employee_id=employee.id,
            hotline_channel=channel,
            hotline_verified=channel != "counter",
        )
        for criterion, score in scores.items():
            answer._save_lines(cls.questions[criterion], str(score))
        if comment:
            answer._save_lines(cls.comment_question, comment)
        if done:
            answer._mark_done()
        return answer

    def _ticket(self, **vals):
        values = {
            "name": "Broken street light",
            "description": "The light at the corner is off.",
            "partner_id": self.citizen.id,
            "user_id": self.expert_user.id,
            "stage_id": self.open_stage.id,
        }
        values.update(vals)
        return self.env["helpdesk.ticket"].with_user(self.operator_user).create(values)
