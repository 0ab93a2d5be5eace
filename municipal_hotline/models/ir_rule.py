from odoo import api, models

# the context key under which a search of requests is within the user's own districts
DISTRICT_SCOPE = "hotline_district_scope"
DISTRICT_RULE = "municipal_hotline.helpdesk_ticket_rule_district_manager"


class IrRule(models.Model):
    _inherit = "ir.rule"

    def _compute_domain_keys(self):
        return [*super()._compute_domain_keys(), DISTRICT_SCOPE]

    @api.model
    def _get_rules(self, model_name, mode="read"):
        """performance: a district manager's search of requests within their own
        districts ("My District", see helpdesk.ticket._search) is granted by the district
        rule alone. Under that context key the requests' rules are the global ones and
        the district rule: never more than all of them (AND with fewer alternatives),
        and exactly as much for such a search. Without the other rules' OR (the
        requests one holds, follows or filed), PostgreSQL reads the district's index in
        the list's order and plans the query in a tenth of the time."""
        rules = super()._get_rules(model_name, mode=mode)
        if not (
            self.env.context.get(DISTRICT_SCOPE) and model_name == "helpdesk.ticket"
        ):
            return rules
        district_rule = self.env.ref(DISTRICT_RULE, raise_if_not_found=False)
        if not district_rule or district_rule not in rules:
            return rules
        kept = rules.sudo().filtered(
            lambda rule: rule["global"] or rule == district_rule
        )
        return rules.browse(kept.ids)
