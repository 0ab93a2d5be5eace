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
    "depends": [
        "helpdesk_mgmt",
        "auditlog",  # privacy: who read or changed personal data, permission changes
        "auth_totp",  # two-factor login; staff can be required to use it
        "auth_totp_mail",  # the emailed code for staff without an authenticator app
        "auth_totp_portal",  # citizens and agencies turn it on from the portal
        "hr",
        "survey",
        "calendar",
        "portal",
        "sms",  # citizens' text messages, through the company's SMS gateway
        "spreadsheet_dashboard",  # reporting: the director's dashboard
    ],
    "data": [
        "security/municipal_hotline_security.xml",
        "security/ir.model.access.csv",
        "data/res_partner_agency_data.xml",
        "data/helpdesk_ticket_category_data.xml",
        "data/mail_template_data.xml",
        "data/sms_template_data.xml",
        "data/helpdesk_ticket_stage_data.xml",
        "data/helpdesk_ticket_channel_data.xml",
        "data/survey_staff_rating_data.xml",
        "data/ir_sequence_data.xml",
        "data/ir_cron_data.xml",
        "data/auditlog_rule_data.xml",
        "data/resource_calendar_data.xml",
        "views/helpdesk_ticket_views.xml",
        "views/helpdesk_ticket_category_views.xml",
        "views/hotline_district_views.xml",
        "views/res_partner_views.xml",
        "views/hotline_referral_views.xml",
        "views/hotline_meeting_schedule_views.xml",
        "views/hotline_public_meeting_views.xml",
        "views/hotline_meeting_booking_views.xml",
        "views/hr_employee_views.xml",
        "views/survey_question_views.xml",
        "views/survey_user_input_views.xml",
        "views/resource_calendar_leaves_views.xml",
        "views/res_config_settings_views.xml",
        "views/sms_template_views.xml",
        "views/portal_templates.xml",
        "views/citizen_portal_templates.xml",
        "views/agency_portal_templates.xml",
        "views/public_templates.xml",
        "report/hotline_ticket_report_views.xml",
        "report/hotline_ticket_rollup_views.xml",
        "report/hotline_referral_report_views.xml",
        "report/hotline_meeting_report_views.xml",
        "report/hotline_staff_rating_report_views.xml",
        "report/hotline_staff_rating_ranking_views.xml",
        "wizards/hotline_review_decision_views.xml",
        "wizards/hotline_referral_wizard_views.xml",
        "wizards/hotline_meeting_order_wizard_views.xml",
        "wizards/hotline_report_wizard_views.xml",
        "wizards/hotline_retention_wizard_views.xml",
        "wizards/hotline_district_import_views.xml",
        "data/hotline_dashboard_data.xml",
        "views/municipal_hotline_menus.xml",
    ],
    "demo": [
        "demo/res_company_demo.xml",
        "demo/helpdesk_mgmt_demo_cleanup.xml",
        "demo/res_users_demo.xml",
        "demo/hotline_district_demo.xml",
        "demo/hr_employee_demo.xml",
        "demo/helpdesk_ticket_demo.xml",
        "demo/meeting_demo.xml",
        "demo/hotline_referral_demo.xml",
        "demo/helpdesk_ticket_portal_demo.xml",
        "demo/helpdesk_ticket_demo_finish.xml",
    ],
    "assets": {
        "web.assets_backend": [
            "municipal_hotline/static/src/jalali/*.js",
            "municipal_hotline/static/src/jalali/*.xml",
            "municipal_hotline/static/src/views/*.js",
            # maps: Take a Call's point picker, the staff map (Leaflet loads lazily)
            "municipal_hotline/static/src/map/*",
        ],
        # the graph and pivot views are loaded on first use
        "web.assets_backend_lazy": [
            "municipal_hotline/static/src/jalali/lazy/*.js",
        ],
        "web.assets_frontend": [
            # Jalali dates of the portal chatter, Eastern digits in portal inputs
            "municipal_hotline/static/src/jalali/jalali.js",
            "municipal_hotline/static/src/jalali/jalali_dates.js",
            "municipal_hotline/static/src/jalali/city_zone.js",
            "municipal_hotline/static/src/map/leaflet_loader.js",
            "municipal_hotline/static/src/map/hotline_map.scss",
            "municipal_hotline/static/src/interactions/*.js",
            "municipal_hotline/static/src/scss/*.scss",
        ],
        # Leaflet and its plugins (vendored, see static/lib/README.md), loaded only
        # when a map is shown
        "municipal_hotline.assets_leaflet": [
            "municipal_hotline/static/lib/leaflet/leaflet.css",
            "municipal_hotline/static/lib/leaflet/leaflet.js",
            "municipal_hotline/static/lib/leaflet.markercluster/MarkerCluster.css",
            "municipal_hotline/static/lib/leaflet.markercluster/MarkerCluster.Default.css",
            "municipal_hotline/static/lib/leaflet.markercluster/leaflet.markercluster.js",
            "municipal_hotline/static/lib/leaflet.heat/leaflet-heat.js",
        ],
        "web.assets_tests": [
            "municipal_hotline/static/tests/tours/*.js",
        ],
    },
    "application": True,
    "installable": True,
}
