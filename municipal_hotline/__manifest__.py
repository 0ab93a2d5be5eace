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
        "security/portal_security.xml",
        "data/res_partner_agency_data.xml",
        "data/helpdesk_ticket_category_data.xml",
        "data/helpdesk_ticket_stage_data.xml",
        "data/helpdesk_ticket_channel_data.xml",
        "data/mail_template_data.xml",
        "views/helpdesk_ticket_portal_templates.xml",
        "views/res_config_settings_views.xml",
        "views/municipal_hotline_menus.xml",
    ],
    "demo": [
        "demo/res_users_demo.xml",
        "demo/hotline_district_demo.xml",
        "demo/helpdesk_ticket_portal_demo.xml",
    ],
    "assets": {
        "web.assets_frontend": [
            "municipal_hotline/static/src/interactions/*.js",
            "municipal_hotline/static/src/scss/*.scss",
        ],
        "web.assets_tests": [
            "municipal_hotline/static/tests/tours/*.js",
        ],
    },
    "application": True,
    "installable": True,
}
