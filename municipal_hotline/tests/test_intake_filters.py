from lxml import etree

from .common import HotlineCase

# per search view: the filters that each narrow the list (two of them together mean
# "both"), and sets of filters picking values of one field (together: "either")
SEARCH_VIEWS = {
    "helpdesk_mgmt.helpdesk_ticket_view_search": (
        (
            "my_district",
            "overdue",
            "emergency",
            "out_of_jurisdiction",
            "under_review",
            "my_reviews",
            "escalated",
            "meeting_orders",
            "unassigned",
            "open",
            "unattended",
            "high_priority",
        ),
        (
            ("kind_request", "kind_complaint", "kind_inquiry"),
            ("channel_phone", "channel_web", "channel_public_meeting"),
            ("filter_jalali_this_month", "filter_jalali_last_month"),
        ),
    ),
    "municipal_hotline.hotline_referral_view_search": (
        ("filter_open", "filter_overdue", "filter_escalated", "filter_mine"),
        (("filter_draft", "filter_sent", "filter_answered"),),
    ),
    "municipal_hotline.hotline_meeting_booking_view_search": (
        ("upcoming", "waiting"),
        (("waiting", "confirmed"),),
    ),
    "municipal_hotline.hotline_ticket_report_view_search": (
        (
            "filter_open",
            "filter_repeat",
            "filter_unrelated",
            "filter_out_of_jurisdiction",
            "filter_escalated",
        ),
        (
            (
                "filter_jalali_this_month",
                "filter_jalali_last_month",
                "filter_jalali_this_year",
            ),
        ),
    ),
}


class TestIntakeFilters(HotlineCase):
    """The web client ORs the filters of one group (between two separators) and ANDs
    the groups: "My District" and "Overdue" together are my district's late requests."""

    def _filter_groups(self, xmlid):
        view = self.env.ref(xmlid)
        arch = self.env[view.model].get_views([(view.id, "search")])["views"]["search"]
        groups, group = {}, 0
        for node in etree.fromstring(arch["arch"]):
            if node.tag in ("separator", "group"):
                group += 1
            elif node.tag == "filter":
                groups[node.get("name")] = group
        return groups

    def test_narrowing_filters_combine_with_and(self):
        for xmlid, (narrowing, _alternatives) in SEARCH_VIEWS.items():
            with self.subTest(view=xmlid):
                groups = self._filter_groups(xmlid)
                found = [groups[name] for name in narrowing]
                self.assertEqual(
                    len(set(found)),
                    len(found),
                    dict(zip(narrowing, found, strict=True)),
                )

    def test_alternatives_of_one_field_combine_with_or(self):
        for xmlid, (_narrowing, alternatives) in SEARCH_VIEWS.items():
            groups = self._filter_groups(xmlid)
            for names in alternatives:
                with self.subTest(view=xmlid, names=names):
                    self.assertEqual(len({groups[n] for n in names}), 1)
