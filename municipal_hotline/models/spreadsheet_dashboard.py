import json

from odoo import models
from odoo.tools.translate import code_translations


class SpreadsheetDashboard(models.Model):
    _inherit = "spreadsheet.dashboard"

    def _get_serialized_readonly_dashboard(self):
        """The names of the hotline dashboard's pivots in the reader's language.

        Spreadsheet dashboards translate their cells (``_t``), chart titles and filter
        labels on screen, but print a pivot's name, untranslated, in its top-left
        cell. The names are translated here, with the module's screen terms
        (i18n_extra/fa.po: the extractor of spreadsheet terms skips pivot names).
        """
        data = super()._get_serialized_readonly_dashboard()
        namespace = self._get_dashboard_translation_namespace()
        lang = self.env.lang
        if namespace != "municipal_hotline" or not lang or lang == "en_US":
            return data
        messages = code_translations.get_web_translations(namespace, lang)["messages"]
        terms = {message["id"]: message["string"] for message in messages}
        dashboard = json.loads(data)
        for pivot in dashboard["snapshot"].get("pivots", {}).values():
            pivot["name"] = terms.get(pivot.get("name"), pivot.get("name"))
        return json.dumps(dashboard)
