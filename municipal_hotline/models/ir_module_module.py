from odoo import api, models
from odoo.tools.misc import file_path
from odoo.tools.translate import TranslationImporter, get_base_langs

# Persian for other modules' terms (Odoo's own fa.po leaves them empty or misspelt)
SUPPLEMENT = "municipal_hotline/i18n_extra/{lang}.po"


class IrModuleModule(models.Model):
    _inherit = "ir.module.module"

    @api.model
    def _load_module_terms(self, modules, langs, overwrite=False):
        """Whenever the terms of a module are (re)loaded, on install, on `-u` or when
        Persian is installed, the hotline's supplement is applied over them.

        Odoo reads ``i18n_extra/fa.po`` with the hotline's own terms already (screen
        terms included), but never over a translation that another module brought:
        the view terms it corrects ("سپاسگذاریم") are imported again here, with
        overwrite, after the modules' own files.
        """
        result = super()._load_module_terms(modules, langs, overwrite=overwrite)
        importer = TranslationImporter(self.env.cr, verbose=False)
        for lang in langs:
            for base_lang in get_base_langs(lang):
                try:
                    path = file_path(SUPPLEMENT.format(lang=base_lang))
                except FileNotFoundError:
                    continue
                importer.load_file(path, lang)
        importer.save(overwrite=True)
        return result
