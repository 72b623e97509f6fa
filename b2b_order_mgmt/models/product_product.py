# Copyright 2026 b2b_order_mgmt contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from collections import defaultdict

from odoo import api, models

# What fast order entry reads of the products it finds with them (the
# template's fields, e.g. company and "can be sold", come in one more read).
SKU_LOOKUP_FIELDS = ["default_code", "barcode", "active", "product_tmpl_id"]


class ProductProduct(models.Model):
    _inherit = "product.product"

    # ------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------

    @api.model
    def _b2b_find_by_sku(self, skus):
        """The products of SKUs (Internal Reference or barcode), in ONE search
        whatever the number of SKUs.

        Archived products, unsellable ones and those of other companies are
        found too, in sudo, so that the caller can tell why they cannot be
        ordered rather than "unknown"; it checks them with
        :meth:`_b2b_sale_refusal_reason`. A SKU typed in lower case also finds
        an upper-case Internal Reference.

        :param skus: SKUs as typed (stripped)
        :return: {sku: product.product in sudo, maybe several, maybe empty}:
            the products with this Internal Reference, else with this barcode,
            else with this Internal Reference in upper case
        """
        skus = {sku for sku in skus if sku}
        if not skus:
            return {}
        keys = list(skus | {sku.upper() for sku in skus})
        products = (
            self.sudo()
            .with_context(active_test=False)
            .search_fetch(
                ["|", ("default_code", "in", keys), ("barcode", "in", keys)],
                SKU_LOOKUP_FIELDS,
            )
        )
        by_code, by_barcode, by_upper_code = (defaultdict(list) for _i in range(3))
        for product in products:
            if product.default_code:
                by_code[product.default_code].append(product.id)
                by_upper_code[product.default_code.upper()].append(product.id)
            if product.barcode:
                by_barcode[product.barcode].append(product.id)
        # All share one prefetch set: reading their fields later is one query.
        return {
            sku: products.browse(
                by_code.get(sku) or by_barcode.get(sku) or by_upper_code[sku.upper()]
            ).with_prefetch(products._prefetch_ids)
            for sku in skus
        }

    def _b2b_sale_refusal_reason(self, company):
        """Why the product cannot be put on an order of ``company`` (fast entry,
        reorder), or False when it can. A customer (the portal's context key
        ``b2b_for_customer``) only reads that it is not available: never why
        (archived, unsellable, blocked with the sales team's own warning,
        another company's)."""
        self.ensure_one()
        reason = self._b2b_get_sale_refusal(company)
        if reason and self.env.context.get("b2b_for_customer"):
            return self.env._(
                "%(product)s is not available.", product=self.display_name
            )
        return reason

    def _b2b_get_sale_refusal(self, company):
        self.ensure_one()
        if self.company_id and self.company_id != company:
            return self.env._("This product belongs to another company.")
        if not self.active:
            return self.env._("%(product)s is archived.", product=self.display_name)
        if not self.sale_ok:
            return self.env._(
                "%(product)s cannot be sold (“Sales” is unticked on the product).",
                product=self.display_name,
            )
        if self.type == "combo":
            return self.env._(
                "%(product)s is a combo: add it on the order form to choose its items.",
                product=self.display_name,
            )
        if self.sale_line_warn == "block":
            return self.env._(
                "%(product)s is blocked for sale: %(message)s",
                product=self.display_name,
                message=self.sale_line_warn_msg or "",
            )
        return False
