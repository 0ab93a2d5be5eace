from datetime import datetime, timedelta

from odoo.tests import TransactionCase, new_test_user


class MeetingFixtures:
    """Two districts with their managers, an operator, an expert, a supervisor and two
    citizens (portal users), and one open session of four 15-minute slots next week."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tz="Asia/Tehran"))
        group = "municipal_hotline.group_hotline_"
        cls.manager_a = new_test_user(
            cls.env,
            login="mtg_manager_a",
            groups=group + "district_manager",
            email="mtg_manager_a@example.com",
            tz="Asia/Tehran",
        )
        cls.manager_b = new_test_user(
            cls.env,
            login="mtg_manager_b",
            groups=group + "district_manager",
            email="mtg_manager_b@example.com",
        )
        cls.operator = new_test_user(
            cls.env, login="mtg_operator", groups=group + "operator"
        )
        cls.expert = new_test_user(cls.env, login="mtg_expert", groups=group + "expert")
        cls.supervisor = new_test_user(
            cls.env, login="mtg_supervisor", groups=group + "supervisor"
        )
        cls.citizen = new_test_user(
            cls.env,
            login="mtg_citizen",
            groups="base.group_portal",
            email="mtg_citizen@example.com",
            password="mtg_citizen_pw",
        )
        cls.citizen_2 = new_test_user(
            cls.env,
            login="mtg_citizen2",
            groups="base.group_portal",
            email="mtg_citizen2@example.com",
            password="mtg_citizen2_pw",
        )
        Team = cls.env["helpdesk.ticket.team"]
        District = cls.env["hotline.district"]
        cls.team_a = Team.create({"name": "MTG team A"})
        cls.team_b = Team.create({"name": "MTG team B"})
        cls.district_a = District.create(
            {
                "name": "MTG district A",
                "code": "MTGA",
                "manager_id": cls.manager_a.id,
                "team_id": cls.team_a.id,
            }
        )
        cls.district_b = District.create(
            {
                "name": "MTG district B",
                "code": "MTGB",
                "manager_id": cls.manager_b.id,
                "team_id": cls.team_b.id,
            }
        )
        start = (datetime.now() + timedelta(days=7)).replace(
            minute=0, second=0, microsecond=0
        )
        cls.meeting = cls._create_meeting(cls.district_a, cls.manager_a, start)
        cls.meeting.action_open_booking()
        cls.partners = cls.env["res.partner"].create(
            [
                {"name": f"MTG citizen {i}", "email": f"mtg_partner{i}@example.com"}
                for i in range(6)
            ]
        )

    @classmethod
    def _create_meeting(cls, district, host, start, hours=1, slot_minutes=15):
        return cls.env["hotline.public.meeting"].create(
            {
                "district_id": district.id,
                "host_id": host.id,
                "start": start,
                "stop": start + timedelta(hours=hours),
                "slot_minutes": slot_minutes,
                "place": "Meeting hall",
            }
        )

    def _book(self, partner, meeting=None, slot=None, env=None):
        env = env or self.env
        booking = env["hotline.meeting.booking"].create(
            {
                "meeting_id": (meeting or self.meeting).id,
                "partner_id": partner.id,
                "topic": "Broken street lights",
            }
        )
        booking._take_slot(slot)
        return booking


class MeetingCommon(MeetingFixtures, TransactionCase):
    pass
