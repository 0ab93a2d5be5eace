from odoo.tests import tagged

from .common import MAIL_CONTEXT, HotlineHttpCase, HotlineMapCase, offset


@tagged("post_install", "-at_install")
class TestDuplicateTour(HotlineMapCase, HotlineHttpCase):
    env_context = MAIL_CONTEXT

    def test_operator_links_a_duplicate_and_resolves_the_master(self):
        """In Chromium: the operator sees the proposal on a new report, links it, opens
        the master and resolves it; both citizens get the answer on their request."""
        master, report = (
            self._create_ticket(
                citizen, name, user=self.operator, category_id=self.cat_light.id,
                district_id=False, latitude=point[0], longitude=point[1],
            )
            for citizen, name, point in [
                (self.citizen_a, "Tour master light", self.point_a),
                (self.citizen_b, "Tour second report", offset(*self.point_a, north=30)),
            ]
        )  # fmt: skip
        self.env.flush_all()
        self.cr.precommit.run()
        self.start_tour(
            f"/odoo/action-municipal_hotline.helpdesk_ticket_action_hotline/{report.id}",
            "municipal_hotline_duplicate",
            login=self.operator.login,
        )
        self.assertEqual(report.duplicate_of_id, master)
        self.assertEqual((master | report).stage_id, self.stage_resolved)
        for ticket in (master, report):
            answers = self._messages_to(ticket, ticket.partner_id).filtered(
                lambda m: "resolved" in str(m.body)
            )
            self.assertEqual(len(answers), 1, ticket.name)
