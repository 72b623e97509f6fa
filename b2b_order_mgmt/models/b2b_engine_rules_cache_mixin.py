# Copyright 2026 b2b_order_mgmt contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, models


class B2bEngineRulesCacheMixin(models.AbstractModel):
    """What the pricing engine's rules are made of: each change clears the
    cached rules (b2b.discount.rule._b2b_get_engine_rules), so that the next
    pricing of an order reads them again."""

    _name = "b2b.engine.rules.cache.mixin"
    _description = "B2B pricing rules cached for the engine"

    @api.model_create_multi
    def create(self, vals_list):
        records = super().create(vals_list)
        self.env.registry.clear_cache()
        return records

    def write(self, vals):
        result = super().write(vals)
        self.env.registry.clear_cache()
        return result

    def unlink(self):
        result = super().unlink()
        self.env.registry.clear_cache()
        return result
