# Copyright 2026 b2b_order_mgmt contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from itertools import pairwise

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import float_compare


class B2bDiscountRuleThreshold(models.Model):
    _name = "b2b.discount.rule.threshold"
    _inherit = ["b2b.engine.rules.cache.mixin", "b2b.values.check.mixin"]
    _description = "B2B Bulk Discount Threshold"
    _order = "rule_id, min_value"

    rule_id = fields.Many2one(
        "b2b.discount.rule",
        required=True,
        ondelete="cascade",
        index=True,
    )
    company_id = fields.Many2one(related="rule_id.company_id", store=True)
    min_value = fields.Float(
        string="Minimum",
        digits="Product Unit of Measure",
        help="Quantity (in the product's unit of measure) or untaxed order "
        "amount from which the discount applies.",
    )
    discount = fields.Float(
        string="Discount (%)",
        digits="Discount",
        required=True,
    )

    # ------------------------------------------------------------
    # Constraints
    # ------------------------------------------------------------

    @api.constrains("discount")
    def _check_discount(self):
        for threshold in self:
            if not 0 < threshold.discount <= 100:
                raise ValidationError(
                    self.env._(
                        "Rule “%(rule)s”: a threshold's Discount (%%) must be "
                        "above 0 and at most 100, not %(discount)s.",
                        rule=threshold.rule_id.name,
                        discount=threshold.discount,
                    )
                )

    @api.constrains("min_value")
    def _check_min_value(self):
        for threshold in self:
            if threshold.min_value < 0:
                raise ValidationError(
                    self.env._(
                        "Rule “%(rule)s”: a threshold's Minimum cannot be "
                        "negative (%(minimum)s).",
                        rule=threshold.rule_id.name,
                        minimum=threshold.min_value,
                    )
                )

    @api.constrains("min_value", "rule_id")
    def _check_unique_min_value(self):
        precision = self.env["decimal.precision"].precision_get(
            "Product Unit of Measure"
        )
        for rule in self.rule_id:
            minimums = sorted(rule.threshold_ids.mapped("min_value"))
            for lower, upper in pairwise(minimums):
                if not float_compare(lower, upper, precision_digits=precision):
                    raise ValidationError(
                        self.env._(
                            "Rule “%(rule)s” has two thresholds with the same "
                            "Minimum (%(minimum)s): give each a different one.",
                            rule=rule.name,
                            minimum=lower,
                        )
                    )
