# Copyright 2026 b2b_order_mgmt contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models

from ..order_entry.quantity import format_quantity


class ResPartner(models.Model):
    _inherit = "res.partner"

    # Company dependent: a customer shared between companies can be Gold in one
    # and Silver in the other, and a tier of one company never shows in another.
    b2b_tier_id = fields.Many2one(
        "b2b.customer.tier",
        string="Customer Tier",
        company_dependent=True,
        domain="[('company_id', 'in', [current_company_id, False])]",
        help="The B2B segment of this customer. "
        "Set it on the company: its contacts follow it.",
    )
    b2b_order_update_partner_ids = fields.Many2many(
        "res.partner",
        relation="res_partner_b2b_order_update_rel",
        column1="partner_id",
        column2="contact_id",
        string="Order Update Contacts",
        help="Who also gets the e-mails of this customer's orders (confirmation, "
        "packed, shipped, out for delivery, delivered), besides the customer of "
        "the order. Set it on the company: its contacts follow it.",
    )

    def _commercial_fields(self):
        return [
            *super()._commercial_fields(),
            "b2b_tier_id",
            "b2b_order_update_partner_ids",
        ]

    @api.depends("b2b_tier_id.pricelist_id")
    def _compute_product_pricelist(self):
        result = super()._compute_product_pricelist()
        for partner in self:
            tier_pricelist = partner._b2b_tier_pricelist()
            if tier_pricelist:
                partner.property_product_pricelist = tier_pricelist
        return result

    def _inverse_product_pricelist(self):
        # Choosing the tier's price list is not choosing a price list of one's
        # own: the customer keeps following its tier.
        following_tier = self.filtered(
            lambda partner: (
                partner.property_product_pricelist
                and partner.property_product_pricelist
                == partner.commercial_partner_id.b2b_tier_id.pricelist_id
            )
        )
        following_tier.specific_property_product_pricelist = False
        return super(ResPartner, self - following_tier)._inverse_product_pricelist()

    def _b2b_is_b2b_customer(self, company):
        """Whether the partner's company is a B2B customer in ``company``: it
        has a tier there, or a bulk-discount rule names it. Everyone else gets
        plain Odoo."""
        commercial = self.commercial_partner_id
        if len(commercial) != 1:
            return False
        return bool(
            commercial.with_company(company).b2b_tier_id
        ) or commercial.id in self.env["b2b.discount.rule"]._b2b_get_named_partner_ids(
            company.id
        )

    def _b2b_tier_pricelist(self):
        """The tier's price list, unless the customer has a price list of its own
        or the tier's is archived (Odoo's fallback applies then, as for any
        customer)."""
        self.ensure_one()
        commercial = self.commercial_partner_id
        if (
            self.specific_property_product_pricelist
            or commercial.specific_property_product_pricelist
        ):
            return self.env["product.pricelist"]
        pricelist = commercial.b2b_tier_id.pricelist_id
        return pricelist._get_partner_pricelist_multi_filter_hook()

    # ------------------------------------------------------------
    # Business methods: portal quick order pad
    # ------------------------------------------------------------

    def _b2b_get_frequently_ordered(self, company, limit=10):
        """The products the customer orders most often, for its buyers' quick
        order pad: one grouped query over the confirmed orders of its whole
        company, the products counted once per order, most frequent first.
        Only products with a SKU that can still be ordered are listed. Call it
        in sudo after checking that the buyer belongs to the customer.

        :return: [{"product", "sku", "order_count", "quantity", "row"}]:
            ``quantity`` is the least the product's quantity rule allows (1
            without rule), ``row`` the input row that orders it
        """
        self.ensure_one()
        commercial = self.commercial_partner_id
        groups = self.env["sale.order.line"]._read_group(
            [
                ("order_partner_id", "child_of", commercial.id),
                ("state", "=", "sale"),
                ("company_id", "=", company.id),
                ("display_type", "=", False),
                ("is_downpayment", "=", False),
                ("is_delivery", "=", False),
                ("reward_id", "=", False),
                ("product_id.active", "=", True),
                ("product_id.sale_ok", "=", True),
                "|",
                ("product_id.default_code", "!=", False),
                ("product_id.barcode", "!=", False),
            ],
            groupby=["product_id"],
            aggregates=["order_id:count_distinct"],
            order="order_id:count_distinct DESC, product_id",
            limit=limit,
        )
        groups = [
            (product, count)
            for product, count in groups
            if not product._b2b_sale_refusal_reason(company)
        ]
        products = self.env["product.product"].concat(*(p for p, _c in groups))
        rules = self.env["b2b.quantity.rule"]._b2b_get_rules(
            products.product_tmpl_id,
            company,
            commercial.with_company(company).b2b_tier_id,
        )
        result = []
        for product, count in groups:
            rule = rules.get(product.product_tmpl_id.id)
            sku = product.default_code or product.barcode
            quantity = rule._b2b_suggest_quantity(1.0, product.uom_id) if rule else 1.0
            result.append(
                {
                    "product": product,
                    "sku": sku,
                    "order_count": count,
                    "quantity": quantity,
                    "row": f"{sku}\t{format_quantity(quantity)}",
                }
            )
        return result
