# Copyright 2026 b2b_order_mgmt contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import models

from .number_format import format_number


class SaleOrderLine(models.Model):
    """The price story of a line, for the quotation form: how its list price
    became its net price, one step per discount, each with what it saves."""

    _inherit = "sale.order.line"

    def b2b_get_price_story(self):
        """The steps from the list price to the net price, read by the
        quotation form's price story (one click on a line).

        :return: {"currency_id", "quantity", "uom", "steps": [{"kind",
            "label", "detail", "unit_price", "saving"}], "total_saving",
            "next_tier_hint"}: ``unit_price`` after the step, ``saving`` on
            the whole line, then how much more reaches the next discount
        """
        self.ensure_one()
        self.check_access("read")
        quantity = self.product_uom_qty
        unit_price = self.price_unit
        steps = [self._b2b_story_step("list", self.env._("List price"), "", unit_price)]
        if self.b2b_discount_locked:
            unit_price = self._b2b_story_discount(
                steps,
                "typed",
                self.env._("Discount typed by hand"),
                unit_price,
                self.discount,
            )
        else:
            item = self.pricelist_item_id
            label = self.env._(
                "Price list %(pricelist)s", pricelist=self.order_id.pricelist_id.name
            )
            pricelist_share = self._b2b_pricelist_part()
            if pricelist_share:
                unit_price = self._b2b_story_discount(
                    steps, "pricelist", label, unit_price, pricelist_share
                )
            elif item:
                # A price of the list's own (a fixed or computed price): the
                # list price above is already the price list's.
                steps.append(self._b2b_story_step("pricelist", label, item.price, None))
            if self.b2b_discount_rule_id:
                unit_price = self._b2b_story_discount(
                    steps,
                    "rule",
                    self._b2b_story_rule_label(),
                    unit_price,
                    self.b2b_rule_discount,
                )
        for label, amount in self._b2b_get_reward_shares():
            new_price = unit_price + amount / quantity if quantity else unit_price
            steps.append(self._b2b_story_step("coupon", label, "", new_price, -amount))
            unit_price = new_price
        steps.append(
            self._b2b_story_step("net", self.env._("Net price"), "", unit_price)
        )
        return {
            "currency_id": self.currency_id.id,
            "quantity": format_number(self.env, quantity, digits=6),
            "uom": self.product_uom.name,
            "steps": steps,
            "total_saving": sum(step["saving"] for step in steps),
            "next_tier_hint": self.b2b_next_tier_hint or "",
        }

    def _b2b_story_rule_label(self):
        """The rule step's label; its detail column already states the
        discount."""
        values = self._b2b_rule_values()
        return self.env._(
            "%(label)s from %(minimum)s (rule “%(rule)s”)",
            label=values["label"],
            minimum=values["minimum"],
            rule=values["rule"],
        )

    def _b2b_story_step(self, kind, label, detail, unit_price, saving=0.0):
        return {
            "kind": kind,
            "label": label,
            "detail": detail,
            "unit_price": unit_price,
            "saving": saving,
        }

    def _b2b_story_discount(self, steps, kind, label, unit_price, percent):
        """Append the step of a discount of ``percent``; return the new unit
        price."""
        new_price = unit_price * (1 - percent / 100)
        detail = self.env._("-%(discount)s%%", discount=self._b2b_percent(percent))
        saving = (unit_price - new_price) * self.product_uom_qty
        steps.append(self._b2b_story_step(kind, label, detail, new_price, saving))
        return new_price

    def _b2b_get_reward_shares(self):
        """The line's share of the order's coupon and promotion discounts
        (Odoo's reward lines), in proportion to its amount among the lines the
        reward discounts.

        :return: [(the program's name, the share: a negative amount)]
        """
        self.ensure_one()
        order = self.order_id
        products = order.order_line.filtered(
            lambda line: line._b2b_is_rule_eligible() and not line.is_reward_line
        )
        shares = []
        for reward_line in order.order_line.filtered(
            lambda line: (
                line.is_reward_line and line.reward_id.reward_type == "discount"
            )
        ):
            reward = reward_line.reward_id
            if reward.discount_applicability == "specific":
                targets = products.filtered(
                    lambda line, reward=reward: line.product_id.filtered_domain(
                        reward._get_discount_product_domain()
                    )
                )
            elif reward.discount_applicability == "cheapest":
                targets = products.sorted("price_reduce_taxinc")[:1]
            else:
                targets = products
            base = sum(targets.mapped("price_subtotal"))
            if self in targets and base:
                share = reward_line.price_subtotal * self.price_subtotal / base
                shares.append((reward.program_id.name, share))
        return shares
