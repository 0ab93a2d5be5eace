import io

import xlsxwriter
from dateutil.relativedelta import relativedelta
from markupsafe import Markup

from odoo import api, fields, models
from odoo.fields import Command

from ..tools import format_jalali

XLSX_MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

# (headline figure, cell format) in sheet order; keys of HEADLINE_AGGREGATES
FIGURE_KINDS = [
    ("received", "count"),
    ("answered", "count"),
    ("closed", "count"),
    ("on_time_rate", "percent"),
    ("hours_to_first_response", "hours"),
    ("hours_to_resolution", "hours"),
    ("reopened_rate", "percent"),
    ("repeat_count", "count"),
    ("unrelated_count", "count"),
    ("out_of_jurisdiction_rate", "percent"),
    ("satisfaction", "score"),
    ("escalated_count", "count"),
]
# the other features' analyses: (model, method(date_from, date_to) -> list of dicts,
# [(dict key, cell format)]); their sheets appear only when the model is installed
OTHER_ANALYSES = [
    (
        "hotline.referral.report",
        "_get_agency_figures",
        [
            ("agency", "text"),
            ("sent", "count"),
            ("answered", "count"),
            ("overdue", "count"),
            ("avg_hours", "hours"),
            ("p90_hours", "hours"),
        ],
    ),
    (
        "hotline.meeting.report",
        "_get_district_figures",
        [
            ("district", "text"),
            ("sessions_held", "count"),
            ("citizens_received", "count"),
            ("no_shows", "count"),
            ("orders_given", "count"),
            ("orders_done_on_time", "count"),
        ],
    ),
]


class HotlineReportWorkbook(models.AbstractModel):
    """The monthly management workbook (xlsx): a summary with the change against the
    previous period, then one sheet per analysis. Written in the language of the
    environment: right-to-left sheets and Jalali dates for Persian readers."""

    _name = "hotline.report.workbook"
    _description = "Management Workbook"

    # ------------------------------------------------------------------
    # periods and language
    # ------------------------------------------------------------------
    @api.model
    def _previous_period(self, date_from, date_to):
        """The period to compare with: the previous calendar month when the period is
        a whole month, otherwise as many days just before it."""
        if date_from.day == 1 and date_to == date_from + relativedelta(
            months=1, days=-1
        ):
            start = date_from - relativedelta(months=1)
            return start, date_from - relativedelta(days=1)
        length = (date_to - date_from).days + 1
        return date_from - relativedelta(days=length), date_from - relativedelta(days=1)

    @api.model
    def _last_month(self, today=None):
        first = (today or fields.Date.context_today(self)).replace(day=1)
        return first - relativedelta(months=1), first - relativedelta(days=1)

    @api.model
    def _is_rtl(self):
        lang = self.env["res.lang"]._get_data(code=self.env.lang or "en_US")
        return lang.direction == "rtl"

    @api.model
    def _format_date(self, value):
        """A date as the reader's language writes it (Jalali for Persian)."""
        lang_code = self.env.lang or "en_US"
        if lang_code.startswith("fa"):
            return format_jalali(value)
        lang = self.env["res.lang"]._get_data(code=lang_code)
        return value.strftime(lang.date_format or "%m/%d/%Y")

    @api.model
    def _file_name(self, date_from, date_to):
        return self.env._(
            "hotline-report-%(date_from)s-%(date_to)s.xlsx",
            date_from=date_from.isoformat(),
            date_to=date_to.isoformat(),
        )

    # ------------------------------------------------------------------
    # columns
    # ------------------------------------------------------------------
    def _figure_columns(self):
        """(key, label, kind) of the ticket figures, in sheet order. kind drives the
        cell format: count, hours, percent or score."""
        _ = self.env._
        # labels in a dict: Odoo's term extractor would also export the keys of tuples
        labels = {
            "received": _("Requests received"),
            "answered": _("Answered"),
            "closed": _("Closed"),
            "on_time_rate": _("On-time rate (%)"),
            "hours_to_first_response": _("Hours to first response"),
            "hours_to_resolution": _("Hours to resolution"),
            "reopened_rate": _("Reopened (%)"),
            "repeat_count": _("Repeated contacts"),
            "unrelated_count": _("Unrelated messages"),
            "out_of_jurisdiction_rate": _("Out of jurisdiction (%)"),
            "satisfaction": _("Satisfaction (1-5)"),
            "escalated_count": _("Expert opinions escalated to the mayor"),
        }
        return [(key, labels[key], kind) for key, kind in FIGURE_KINDS]

    def _breakdowns(self):
        """(sheet name, first column title, group-by, chart type, row order) per
        analysis sheet: districts in their usual order, the rest biggest first."""
        _ = self.env._
        return [
            (_("Districts"), _("District"), "district_id", "column", "district_id"),
            (_("Categories"), _("Main category"), "top_category_id", "bar", None),
            (_("Kinds"), _("Kind"), "request_kind", "pie", None),
            (_("Channels"), _("Channel"), "channel_id", "pie", None),
        ]

    def _label(self, groupby, value):
        if not value:
            return self.env._("Not set")
        if isinstance(value, models.BaseModel):
            return value.display_name
        field = self.env["hotline.ticket.report"]._fields[groupby]
        return dict(field._description_selection(self.env)).get(value, value)

    # ------------------------------------------------------------------
    # rendering
    # ------------------------------------------------------------------
    @api.model
    def _render(self, date_from, date_to):
        """Return the workbook of the period as bytes (the current user's rules apply)."""
        output = io.BytesIO()
        book = xlsxwriter.Workbook(output, {"in_memory": True})
        formats = self._formats(book)
        self._write_summary(book, formats, date_from, date_to)
        report = self.env["hotline.ticket.report"]
        for sheet_name, title, groupby, chart, order in self._breakdowns():
            rows = [
                (self._label(groupby, value), figures)
                for value, figures in report._get_breakdown(
                    date_from, date_to, groupby, order=order or "__count desc"
                )
            ]
            self._write_table(book, formats, sheet_name, title, rows, chart)
        self._write_other_analyses(book, formats, date_from, date_to)
        book.close()
        return output.getvalue()

    def _formats(self, book):
        rtl = self._is_rtl()
        base = {"font_name": "Vazirmatn" if rtl else "Calibri", "font_size": 11}
        if rtl:
            base["reading_order"] = 2
        return {
            "title": book.add_format({**base, "bold": True, "font_size": 16}),
            "subtitle": book.add_format(
                {**base, "italic": True, "font_color": "#555555"}
            ),
            "header": book.add_format(
                {
                    **base,
                    "bold": True,
                    "bg_color": "#1F4E78",
                    "font_color": "#FFFFFF",
                    "border": 1,
                    "text_wrap": True,
                    "valign": "vcenter",
                    "align": "center",
                }
            ),
            "text": book.add_format({**base, "border": 1}),
            "count": book.add_format({**base, "border": 1, "num_format": "#,##0"}),
            "hours": book.add_format({**base, "border": 1, "num_format": "#,##0.0"}),
            "percent": book.add_format({**base, "border": 1, "num_format": "0.0"}),
            "score": book.add_format({**base, "border": 1, "num_format": "0.00"}),
            "change": book.add_format(
                {**base, "border": 1, "num_format": "+#,##0.0;-#,##0.0;0"}
            ),
        }

    def _add_sheet(self, book, name):
        sheet = book.add_worksheet(name[:31])
        if self._is_rtl():
            sheet.right_to_left()
        return sheet

    def _write_summary(self, book, formats, date_from, date_to):
        _ = self.env._
        report = self.env["hotline.ticket.report"]
        prev_from, prev_to = self._previous_period(date_from, date_to)
        current = report._get_headline_figures(date_from, date_to)
        previous = report._get_headline_figures(prev_from, prev_to)
        sheet = self._add_sheet(book, _("Summary"))
        sheet.set_column(0, 0, 42)
        sheet.set_column(1, 3, 18)
        sheet.write(0, 0, _("137 Hotline: management report"), formats["title"])
        sheet.write(
            1,
            0,
            _(
                "Period: %(date_from)s to %(date_to)s",
                date_from=self._format_date(date_from),
                date_to=self._format_date(date_to),
            ),
            formats["subtitle"],
        )
        sheet.write(
            2,
            0,
            _(
                "Compared with %(date_from)s to %(date_to)s",
                date_from=self._format_date(prev_from),
                date_to=self._format_date(prev_to),
            ),
            formats["subtitle"],
        )
        headers = [_("Figure"), _("This period"), _("Previous period"), _("Change")]
        for col, header in enumerate(headers):
            sheet.write(4, col, header, formats["header"])
        for row, (key, label, kind) in enumerate(self._figure_columns(), start=5):
            now, before = current[key], previous[key]
            sheet.write(row, 0, label, formats["text"])
            self._write_number(sheet, row, 1, now, formats[kind])
            self._write_number(sheet, row, 2, before, formats[kind])
            change = (now or 0) - (before or 0) if now is not None else None
            self._write_number(sheet, row, 3, change, formats["change"])
        sheet.freeze_panes(5, 1)
        return sheet

    def _write_number(self, sheet, row, col, value, cell_format):
        if value is None or value is False:
            sheet.write_blank(row, col, None, cell_format)
        else:
            sheet.write_number(row, col, value, cell_format)

    def _write_table(self, book, formats, sheet_name, title, rows, chart_type):
        """One analysis sheet: a header row, a row per group and a chart of counts."""
        columns = self._figure_columns()
        sheet = self._add_sheet(book, sheet_name)
        sheet.set_column(0, 0, 30)
        sheet.set_column(1, len(columns), 14)
        sheet.set_row(0, 45)
        sheet.write(0, 0, title, formats["header"])
        for col, (_key, label, _kind) in enumerate(columns, start=1):
            sheet.write(0, col, label, formats["header"])
        for row, (label, figures) in enumerate(rows, start=1):
            sheet.write(row, 0, label, formats["text"])
            for col, (key, _label, kind) in enumerate(columns, start=1):
                self._write_number(sheet, row, col, figures[key], formats[kind])
        sheet.freeze_panes(1, 1)
        if rows:
            sheet.autofilter(0, 0, len(rows), len(columns))
            self._insert_chart(book, sheet, sheet_name, len(rows), chart_type)
        return sheet

    def _insert_chart(self, book, sheet, sheet_name, count, chart_type):
        chart = book.add_chart({"type": chart_type})
        name = sheet.get_name()
        chart.add_series(
            {
                "name": self.env._("Requests received"),
                "categories": [name, 1, 0, count, 0],
                "values": [name, 1, 1, count, 1],
                "data_labels": {
                    "value": chart_type != "pie",
                    "percentage": chart_type == "pie",
                },
            }
        )
        chart.set_title({"name": sheet_name})
        if chart_type != "pie":
            chart.set_legend({"none": True})
        chart.set_size({"width": 720, "height": 360})
        sheet.insert_chart(count + 3, 0, chart)

    def _write_other_analyses(self, book, formats, date_from, date_to):
        """Referral and meeting sheets, when those features are installed."""
        _ = self.env._
        labels = {
            "agency": _("Agency"),
            "sent": _("Referrals sent"),
            "answered": _("Answered"),
            "overdue": _("Overdue"),
            "avg_hours": _("Average answer time (hours)"),
            "p90_hours": _("90th percentile answer time (hours)"),
            "district": _("District"),
            "sessions_held": _("Sessions held"),
            "citizens_received": _("Citizens received"),
            "no_shows": _("No-shows"),
            "orders_given": _("Orders given"),
            "orders_done_on_time": _("Orders done on time"),
        }
        sheet_names = {
            "hotline.referral.report": _("Referrals"),
            "hotline.meeting.report": _("Public meetings"),
        }
        others = [
            (
                model,
                method,
                sheet_names[model],
                [(k, labels[k], kind) for k, kind in cols],
            )
            for model, method, cols in OTHER_ANALYSES
        ]
        for model, method, sheet_name, columns in others:
            if model not in self.env:
                continue
            rows = getattr(self.env[model], method)(date_from, date_to)
            sheet = self._add_sheet(book, sheet_name)
            sheet.set_column(0, 0, 30)
            sheet.set_column(1, len(columns), 16)
            sheet.set_row(0, 45)
            for col, (_key, label, _kind) in enumerate(columns):
                sheet.write(0, col, label, formats["header"])
            for row, figures in enumerate(rows, start=1):
                for col, (key, _label, kind) in enumerate(columns):
                    value = figures.get(key)
                    if kind == "text":
                        label = (
                            value.display_name
                            if isinstance(value, models.BaseModel)
                            else value
                        )
                        sheet.write(row, col, label or "", formats["text"])
                    else:
                        self._write_number(sheet, row, col, value, formats[kind])
            sheet.freeze_panes(1, 1)
            if rows:
                self._insert_chart(book, sheet, sheet_name, len(rows), "column")

    # ------------------------------------------------------------------
    # monthly email
    # ------------------------------------------------------------------
    @api.model
    def _cron_send_monthly_report(self):
        """On the 1st: last month's workbook to each company's recipients, one email
        per language so every reader gets sheets and dates in their own."""
        date_from, date_to = self._last_month()
        companies = self.env["res.company"].search(
            [("hotline_report_partner_ids", "!=", False)]
        )
        for company in companies:
            self._send_report(company, date_from, date_to)

    @api.model
    def _send_report(self, company, date_from, date_to):
        # sudo: the mayor's office receives the whole city's figures, whoever runs the job
        mails = self.env["mail.mail"]
        by_lang = company.hotline_report_partner_ids.grouped(
            lambda p: p.lang or company.partner_id.lang or "en_US"
        )
        for lang, partners in by_lang.items():
            workbook = self.sudo().with_company(company).with_context(lang=lang)
            content = workbook._render(date_from, date_to)
            _ = workbook.env._
            period = _(
                "%(date_from)s to %(date_to)s",
                date_from=workbook._format_date(date_from),
                date_to=workbook._format_date(date_to),
            )
            mails |= mails.sudo().create(
                {
                    "subject": _(
                        "137 Hotline monthly report: %(period)s", period=period
                    ),
                    "body_html": Markup("<p>%s</p>")
                    % _(
                        "Attached is the 137 hotline management report for %(period)s.",
                        period=period,
                    ),
                    "email_from": company.email_formatted
                    or self.env.user.email_formatted,
                    "recipient_ids": [Command.set(partners.ids)],
                    "attachment_ids": [
                        Command.create(
                            {
                                "name": workbook._file_name(date_from, date_to),
                                "raw": content,
                                "mimetype": XLSX_MIMETYPE,
                                "res_model": "res.company",
                                "res_id": company.id,
                            }
                        )
                    ],
                }
            )
        return mails
