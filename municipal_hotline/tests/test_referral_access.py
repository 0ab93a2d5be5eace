from odoo.exceptions import AccessError

from .common import ReferralCase


class TestReferralAccess(ReferralCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # district A: water referral of the operator's request; district B: gas referral
        cls._send_referrals()
        cls.ref_water_draft = cls.Referral.create(
            {"ticket_id": cls.ticket_gas.id, "agency_id": cls.agency_water.id}
        )
        cls.all_refs = cls.ref_water | cls.ref_gas | cls.ref_water_draft

    def _visible(self, user):
        return self.Referral.with_user(user).search([("id", "in", self.all_refs.ids)])

    # internal roles ---------------------------------------------------------------------

    def test_operator_reads_all_writes_own(self):
        self.assertEqual(self._visible(self.operator2), self.all_refs)
        with self.assertRaises(AccessError):
            self.ref_water.with_user(self.operator2).write({"agency_reference": "x"})
        self.ref_water.with_user(self.operator).write({"agency_reference": "ok"})
        self.assertEqual(self.ref_water.agency_reference, "ok")

    def test_operator_cannot_refer_a_request_of_someone_else(self):
        with self.assertRaises(AccessError):
            self._refer(self.ticket, self.agency_police, user=self.operator2)

    def test_expert_sees_the_requests_they_hold(self):
        self.assertFalse(self._visible(self.expert))
        self.ticket_gas.user_id = self.expert
        self.assertEqual(
            self._visible(self.expert), self.ref_gas | self.ref_water_draft
        )
        with self.assertRaises(AccessError):
            self.ref_water.with_user(self.expert).read(["state"])

    def test_district_manager_sees_own_district(self):
        self.assertEqual(self._visible(self.manager_a), self.ref_water)
        self.assertEqual(
            self._visible(self.manager_b), self.ref_gas | self.ref_water_draft
        )
        with self.assertRaises(AccessError):
            self.ref_gas.with_user(self.manager_a).read(["state"])
        with self.assertRaises(AccessError):
            self.ref_gas.with_user(self.manager_a).write({"agency_reference": "x"})

    def test_supervisor_sees_and_deletes(self):
        self.assertEqual(self._visible(self.supervisor), self.all_refs)
        self.ref_water_draft.with_user(self.supervisor).unlink()
        self.assertFalse(self.ref_water_draft.exists())

    def test_district_manager_cannot_delete(self):
        with self.assertRaises(AccessError):
            self.ref_water_draft.with_user(self.manager_b).unlink()

    # agency portal users ------------------------------------------------------------------

    def test_agency_user_sees_only_its_agency_sent_referrals(self):
        self.assertEqual(self._visible(self.agency_user), self.ref_water)
        self.assertEqual(self._visible(self.gas_user), self.ref_gas)
        with self.assertRaises(AccessError):
            self.ref_gas.with_user(self.agency_user).read(["state"])
        with self.assertRaises(AccessError):
            self.ref_water_draft.with_user(self.agency_user).read(["state"])

    def test_agency_user_cannot_write_directly(self):
        """Portal users act only through the portal routes, never a raw write."""
        with self.assertRaises(AccessError):
            self.ref_water.with_user(self.agency_user).write({"state": "closed"})
        with self.assertRaises(AccessError):
            self.ref_water.with_user(self.agency_user).action_answer("<p>over RPC</p>")
        self.assertEqual(self.ref_water.state, "sent")
        with self.assertRaises(AccessError):
            self.Referral.with_user(self.agency_user).create(
                {"ticket_id": self.ticket.id, "agency_id": self.agency_water.id}
            )

    def test_agency_user_cannot_read_the_ticket(self):
        """The caller's data and internal notes live on the ticket: out of reach."""
        ticket = self.ticket.with_user(self.agency_user)
        with self.assertRaises(AccessError):
            ticket.read(["caller_phone"])
        with self.assertRaises(AccessError):
            ticket.message_ids.read(["body"])
        # the referral shows only the request, through its related fields
        shown = self.ref_water.with_user(self.agency_user).read(
            ["ticket_number", "ticket_name", "address", "category_id"]
        )[0]
        self.assertEqual(shown["ticket_number"], self.ticket.number)

    def test_citizen_sees_no_referral(self):
        self.assertFalse(self._visible(self.citizen_a))

    # analysis ------------------------------------------------------------------------

    def test_report_rules(self):
        Report = self.env["hotline.referral.report"]
        sent = self.ref_water | self.ref_gas
        rows = Report.with_user(self.manager_a).search(
            [("referral_id", "in", sent.ids)]
        )
        self.assertEqual(rows.referral_id, self.ref_water)
        rows = Report.with_user(self.supervisor).search(
            [("referral_id", "in", sent.ids)]
        )
        self.assertEqual(rows.referral_id, sent)
        for user in (self.operator, self.expert, self.agency_user):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                Report.with_user(user).search([])
