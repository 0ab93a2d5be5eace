# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
{
    "name": "137 Municipal Hotline",
    "summary": "A city's citizen hotline (137 / 311) on helpdesk tickets: intake, "
    "agency referrals, citizen portal, staff surveys, public meetings, reporting",
    "version": "19.0.1.0.0",
    "license": "AGPL-3",
    "category": "Services/Helpdesk",
    "author": "Kermanshah Municipality",
    "website": "https://github.com/kermanshah/municipal_hotline",
    "depends": ["helpdesk_mgmt", "hr", "survey", "calendar", "portal"],
    "data": [
        "security/municipal_hotline_security.xml",
        "security/ir.model.access.csv",
        "security/referral_security.xml",
        "data/res_partner_agency_data.xml",
        "data/helpdesk_ticket_category_data.xml",
        "data/helpdesk_ticket_stage_data.xml",
        "data/helpdesk_ticket_channel_data.xml",
        "data/hotline_referral_mail_template_data.xml",
        "data/hotline_referral_cron_data.xml",
        "views/municipal_hotline_menus.xml",
        "views/hotline_referral_views.xml",
        "views/hotline_referral_report_views.xml",
        "views/helpdesk_ticket_referral_views.xml",
        "views/hotline_referral_portal_templates.xml",
        "wizards/hotline_referral_wizard_views.xml",
    ],
    "demo": [
        "demo/res_users_demo.xml",
        "demo/hotline_district_demo.xml",
        "demo/hotline_referral_demo.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "municipal_hotline/static/tests/tours/*.js",
        ],
    },
    "application": True,
    "installable": True,
}
