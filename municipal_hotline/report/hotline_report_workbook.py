import io
from typing import NamedTuple

import xlsxwriter
from dateutil.relativedelta import relativedelta
from markupsafe import Markup

from odoo import api, models
from odoo.fields import Command
from odoo.tools.translate import LazyTranslate

from ..tools import (
    PERSIAN_DIGITS,
    format_jalali,
    gregorian_to_jalali,
    jalali_month_bounds,
    jalali_month_label,
    shift_jalali_month,
)
from .hotline_report_analysis import LABEL

XLSX_MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

_lt = LazyTranslate(__name__)


class Sheet(NamedTuple):
    """An analysis sheet: a row per value of ``groupby`` of the analysis ``model``,
    its columns the analysis's own (``_report_columns``)."""

    name: object  # LazyGettext
    title: object  # the first column's title (what a row is about)
    model: str
    groupby: str
    chart: str  # xlsxwriter chart type, of the first figure
    order: str | None = None  # rows order (default: the analysis's)


# the summary sheet: the request analysis's figures, this period against the previous
SUMMARY_MODEL = "hotline.ticket.rollup"
SHEETS = (
    Sheet(
        _lt("Districts"),
        _lt("District"),
        "hotline.ticket.rollup",
        "district_id",
        "column",
        order="district_id",
    ),
    Sheet(
        _lt("Categories"),
        _lt("Main category"),
        "hotline.ticket.rollup",
        "top_category_id",
        "bar",
    ),
    Sheet(_lt("Kinds"), _lt("Kind"), "hotline.ticket.rollup", "request_kind", "pie"),
    Sheet(
        _lt("Channels"), _lt("Channel"), "hotline.ticket.rollup", "channel_id", "pie"
    ),
    Sheet(
        _lt("Referrals"),
        _lt("Agency"),
        "hotline.referral.report",
        "agency_id",
        "column",
    ),
    Sheet(
        _lt("Public meetings"),
        _lt("District"),
        "hotline.meeting.report",
        "district_id",
        "column",
    ),
)


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
    def _jalali_month_of(self, date_from, date_to):
        """``(jy, jm)`` when the period is exactly one Jalali month, else None."""
        jy, jm, jd = gregorian_to_jalali(date_from.year, date_from.month, date_from.day)
        if jd == 1 and jalali_month_bounds(jy, jm) == (date_from, date_to):
            return jy, jm
        return None

    @api.model
    def _previous_period(self, date_from, date_to):
        """The period to compare with: the previous Jalali month when the period is a
        whole Jalali month, otherwise as many days just before it."""
        month = self._jalali_month_of(date_from, date_to)
        if month:
            return jalali_month_bounds(*shift_jalali_month(*month, -1))
        length = (date_to - date_from).days + 1
        return date_from - relativedelta(days=length), date_from - relativedelta(days=1)

    @api.model
    def _last_month(self, today=None):
        """The Jalali month before today's (the city's today)."""
        today = today or self.env["hotline.report.analysis"]._city_today()
        jy, jm, _jd = gregorian_to_jalali(today.year, today.month, today.day)
        return jalali_month_bounds(*shift_jalali_month(jy, jm, -1))

    @api.model
    def _is_rtl(self):
        lang = self.env["res.lang"]._get_data(code=self.env.lang or "en_US")
        return lang.direction == "rtl"

    @api.model
    def _persian(self):
        return (self.env.lang or "en_US").startswith("fa")

    @api.model
    def _format_date(self, value):
        """A Jalali date, in Persian digits for Persian readers: 1404/08/01."""
        return format_jalali(value, digits=self._persian())

    @api.model
    def _format_period(self, date_from, date_to):
        """ "1404 آبان" (Persian digits for Persian readers) for a whole Jalali month,
        else "1404/08/01 to 1404/08/15"."""
        month = self._jalali_month_of(date_from, date_to)
        if month:
            label = jalali_month_label(*month, lang=self.env.lang)
            return label.translate(PERSIAN_DIGITS) if self._persian() else label
        return self.env._(
            "%(date_from)s to %(date_to)s",
            date_from=self._format_date(date_from),
            date_to=self._format_date(date_to),
        )

    @api.model
    def _file_name(self, date_from, date_to):
        """hotline-report-1404-08.xlsx for a Jalali month, else
        hotline-report-1404-08-01-1404-08-15.xlsx (Latin digits: a file name)."""
        month = self._jalali_month_of(date_from, date_to)
        if month:
            period = f"{month[0]}-{month[1]:02d}"
        else:
            period = "-".join(
                format_jalali(day, digits=False).replace("/", "-")
                for day in (date_from, date_to)
            )
        return f"hotline-report-{period}.xlsx"

    # ------------------------------------------------------------------
    # rendering
    # ------------------------------------------------------------------
    @api.model
    def _render(self, date_from, date_to):
        """Return the workbook of the period as bytes (the current user's rules apply).

        Every sheet is written from its analysis's columns and ``_report_rows``: the
        headers are the columns' labels, the cells the rows' values under the same keys.
        """
        output = io.BytesIO()
        book = xlsxwriter.Workbook(output, {"in_memory": True})
        formats = self._formats(book)
        self._write_summary(book, formats, date_from, date_to)
        for spec in SHEETS:
            if spec.model not in self.env:
                continue
            analysis = self.env[spec.model]
            rows = analysis._report_rows(
                date_from, date_to, spec.groupby, order=spec.order
            )
            self._write_table(book, formats, spec, analysis._report_columns, rows)
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
        analysis = self.env[SUMMARY_MODEL]
        prev_from, prev_to = self._previous_period(date_from, date_to)
        [current] = analysis._report_rows(date_from, date_to)
        [previous] = analysis._report_rows(prev_from, prev_to)
        sheet = self._add_sheet(book, _("Summary"))
        sheet.set_column(0, 0, 42)
        sheet.set_column(1, 3, 18)
        sheet.write(0, 0, _("137 Hotline: management report"), formats["title"])
        sheet.write(
            1,
            0,
            _("Period: %(period)s", period=self._format_period(date_from, date_to)),
            formats["subtitle"],
        )
        sheet.write(
            2,
            0,
            _(
                "Compared with %(period)s",
                period=self._format_period(prev_from, prev_to),
            ),
            formats["subtitle"],
        )
        headers = [_("Figure"), _("This period"), _("Previous period"), _("Change")]
        for col, header in enumerate(headers):
            sheet.write(4, col, header, formats["header"])
        for row, column in enumerate(analysis._report_columns, start=5):
            now, before = current[column.key], previous[column.key]
            sheet.write(row, 0, _(column.label), formats["text"])
            self._write_number(sheet, row, 1, now, formats[column.kind])
            self._write_number(sheet, row, 2, before, formats[column.kind])
            change = None if now is None or before is None else now - before
            self._write_number(sheet, row, 3, change, formats["change"])
        sheet.freeze_panes(5, 1)
        return sheet

    def _write_number(self, sheet, row, col, value, cell_format):
        if value is None or value is False:
            sheet.write_blank(row, col, None, cell_format)
        else:
            sheet.write_number(row, col, value, cell_format)

    def _write_table(self, book, formats, spec, columns, rows):
        """One analysis sheet: a header row, a row per group and a chart of the first
        figure."""
        sheet_name = self.env._(spec.name)
        sheet = self._add_sheet(book, sheet_name)
        sheet.set_column(0, 0, 30)
        sheet.set_column(1, len(columns), 14)
        sheet.set_row(0, 45)
        sheet.write(0, 0, self.env._(spec.title), formats["header"])
        for col, column in enumerate(columns, start=1):
            sheet.write(0, col, self.env._(column.label), formats["header"])
        for row, figures in enumerate(rows, start=1):
            sheet.write(row, 0, figures[LABEL], formats["text"])
            for col, column in enumerate(columns, start=1):
                self._write_number(
                    sheet, row, col, figures[column.key], formats[column.kind]
                )
        sheet.freeze_panes(1, 1)
        if rows:
            sheet.autofilter(0, 0, len(rows), len(columns))
            self._insert_chart(book, sheet, sheet_name, columns[0], rows, spec.chart)
        return sheet

    def _insert_chart(self, book, sheet, sheet_name, column, rows, chart_type):
        chart = book.add_chart({"type": chart_type})
        name = sheet.get_name()
        count = len(rows)
        chart.add_series(
            {
                "name": self.env._(column.label),
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

    # ------------------------------------------------------------------
    # monthly email
    # ------------------------------------------------------------------
    @api.model
    def _cron_send_monthly_report(self):
        """Daily; on the 1st of a Jalali month only: the previous Jalali month's
        workbook to each company's recipients, one email per language so every reader
        gets sheets and dates in their own."""
        today = self.env["hotline.report.analysis"]._city_today()
        if gregorian_to_jalali(today.year, today.month, today.day)[2] != 1:
            return
        date_from, date_to = self._last_month(today)
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
            period = workbook._format_period(date_from, date_to)
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
