# Copyright 2026 b2b_order_mgmt contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import float_compare, format_date

from ..order_entry.quantity import format_quantity

# What a portal customer may give on a line of their request.
# As the portal's form allows: a few sentences, not a document.
COMMENT_MAX_LENGTH = 1000
PORTAL_LINE_FIELDS = {
    "request_id",
    "sale_line_id",
    "quantity",
    "reason_id",
    "comment",
    "reason",
}


class B2bReturnRequestLine(models.Model):
    _name = "b2b.return.request.line"
    _inherit = ["b2b.values.check.mixin"]
    _description = "B2B Return Request Line"
    _order = "request_id, sequence, id"
    _check_company_auto = True

    request_id = fields.Many2one(
        "b2b.return.request",
        string="Return Request",
        required=True,
        index=True,
        ondelete="cascade",
    )
    company_id = fields.Many2one(
        related="request_id.company_id", store=True, index=True
    )
    order_id = fields.Many2one(related="request_id.order_id", string="Sales Order")
    request_state = fields.Selection(related="request_id.state", string="Status")
    sequence = fields.Integer(default=10)
    sale_line_id = fields.Many2one(
        "sale.order.line",
        string="Order Line",
        required=True,
        index=True,
        check_company=True,
        domain="[('order_id', '=', order_id), ('display_type', '=', False), "
        "('product_id.type', '=', 'consu')]",
    )
    product_id = fields.Many2one(
        related="sale_line_id.product_id", store=True, string="Product"
    )
    product_uom_id = fields.Many2one(
        related="sale_line_id.product_uom", string="Unit of Measure"
    )
    quantity = fields.Float(
        digits="Product Unit of Measure",
        required=True,
        default=1.0,
        help="In the order line's unit of measure.",
    )
    qty_returnable = fields.Float(
        string="Returnable",
        digits="Product Unit of Measure",
        compute="_compute_qty_returnable",
        compute_sudo=True,
        help="What can still be returned of the order line: delivered within the "
        "return window, not returned yet, not in another submitted request.",
    )
    qty_received = fields.Float(
        string="Received",
        digits="Product Unit of Measure",
        readonly=True,
        copy=False,
        help="What the warehouse received back, once every return receipt is done.",
    )
    # Not given (an integration giving only ``reason``): "Other", see create.
    reason_id = fields.Many2one(
        "b2b.return.reason",
        required=True,
        ondelete="restrict",
        check_company=True,
    )
    comment = fields.Text(help="The customer's own words about the problem.")
    # The contract's ``reason``: the reason and the comment in one plain text,
    # stored so that integrations (exports, APIs) read a single field. In the
    # language of whoever wrote the line. Writable: a text given (alone or
    # with a reason and a comment) is kept as given, until the reason or the
    # comment changes.
    reason = fields.Text(
        string="Reason and Comment",
        compute="_compute_reason",
        store=True,
        readonly=False,
        help="The reason and the comment in one text, unless given as such "
        "(e.g. by an integration).",
    )

    # ------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------

    @api.depends("reason_id.name", "comment")
    def _compute_reason(self):
        for line in self:
            parts = [line.reason_id.name, (line.comment or "").strip()]
            line.reason = " — ".join(part for part in parts if part) or False

    @api.depends("sale_line_id", "request_id")
    def _compute_qty_returnable(self):
        self.qty_returnable = 0.0
        lines = self.filtered("sale_line_id")
        returnable = lines.sale_line_id._b2b_get_returnable_quantities(
            exclude_requests=lines.request_id._origin
        )
        for line in lines:
            line.qty_returnable = returnable[line.sale_line_id._origin].in_window

    # ------------------------------------------------------------
    # Constraints
    # ------------------------------------------------------------

    @api.constrains("comment")
    def _check_comment_length(self):
        for line in self:
            if len(line.comment or "") > COMMENT_MAX_LENGTH:
                raise ValidationError(
                    self.env._(
                        "The comment on %(product)s is too long: at most "
                        "%(max)s characters.",
                        product=line.sudo().product_id.display_name,
                        max=COMMENT_MAX_LENGTH,
                    )
                )

    @api.constrains("quantity")
    def _check_quantity(self):
        digits = self.env["decimal.precision"].precision_get("Product Unit of Measure")
        for line in self:
            if float_compare(line.quantity, 0.0, precision_digits=digits) <= 0:
                raise ValidationError(
                    self.env._(
                        "The quantity of %(product)s to return must be positive.",
                        product=line.sudo().product_id.display_name,
                    )
                )

    @api.constrains("sale_line_id", "request_id")
    def _check_sale_line(self):
        for line in self:
            request = line.request_id
            # As the user: another customer's order line is not even readable,
            # nor named.
            if line.sale_line_id.order_id != request.order_id:
                raise ValidationError(
                    self.env._(
                        "This line is not a line of order %(order)s: a return "
                        "request covers the products of one order.",
                        order=request.order_id.name,
                    )
                )
            # sudo: portal customers cannot read products, only their order.
            line_sudo = line.sudo()
            product_name = line_sudo.product_id.display_name
            if (
                line_sudo.sale_line_id.display_type
                or line_sudo.product_id.type != "consu"
            ):
                raise ValidationError(
                    self.env._(
                        "%(product)s is not a delivered product: it cannot be "
                        "returned.",
                        product=line_sudo.sale_line_id.name,
                    )
                )
            if request.line_ids.filtered(
                lambda other, line=line: (
                    other != line and other.sale_line_id == line.sale_line_id
                )
            ):
                raise ValidationError(
                    self.env._(
                        "%(product)s appears twice in return request %(request)s: "
                        "put the whole quantity on one line.",
                        product=product_name,
                        request=request.name,
                    )
                )

    # ------------------------------------------------------------
    # CRUD: a submitted request's products no longer change
    # ------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su and not self.env.user._is_internal():
            for vals in vals_list:
                if set(vals) - PORTAL_LINE_FIELDS:
                    raise AccessError(
                        self.env._(
                            "Customers give only the order line, the quantity, "
                            "the reason and a comment of a product to return."
                        )
                    )
        for vals in vals_list:
            if "reason" in vals and not (vals["reason"] or "").strip():
                # Blank is not given: computed from the reason and comment.
                del vals["reason"]
            if not vals.get("reason_id"):
                vals["reason_id"] = self._b2b_get_default_reason(vals).id
        lines = super().create(vals_list)
        lines.request_id._b2b_check_editable()
        return lines

    def write(self, vals):
        self.request_id._b2b_check_editable()
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_submitted(self):
        self.request_id.filtered(
            lambda request: request.state != "cancelled"
        )._b2b_check_editable()

    # ------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------

    @api.model
    def _b2b_get_default_reason(self, vals):
        """The reason of a line created without one: "Other" where it is
        offered (active, of no company or of the request's), else the first
        reason offered; none when no reason is offered at all."""
        request = self.env["b2b.return.request"].browse(vals.get("request_id"))
        # sudo: the request's company even when the line's creator cannot read
        # it yet; reasons are read by every user.
        company = request.sudo().company_id or self.env.company
        offered = [("company_id", "in", [False, company.id])]
        reasons = self.env["b2b.return.reason"].sudo()
        other = self.env.ref(
            "b2b_order_mgmt.return_reason_other", raise_if_not_found=False
        )
        if other and other.sudo().filtered_domain([("active", "=", True), *offered]):
            return other
        return reasons.search(offered, limit=1)

    def _b2b_check_returnable(self, returnable):
        """Refuse the line when its quantity is more than can be returned.

        :param returnable: the sale line's ReturnableQuantity, other requests
            excluded
        """
        self.ensure_one()
        rounding = self.product_uom_id.rounding
        values = {
            "product": self.product_id.display_name,
            "uom": self.product_uom_id.name,
            "delivered": format_quantity(returnable.delivered),
        }
        if (
            float_compare(self.quantity, returnable.total, precision_rounding=rounding)
            > 0
        ):
            raise UserError(
                self.env._(
                    "%(product)s: at most %(quantity)s %(uom)s can be returned "
                    "(%(delivered)s %(uom)s delivered, the rest already returned or "
                    "in another return request).",
                    quantity=format_quantity(returnable.total),
                    **values,
                )
            )
        if (
            float_compare(
                self.quantity, returnable.in_window, precision_rounding=rounding
            )
            > 0
        ):
            values.update(
                days=self.company_id.b2b_return_window_days,
                date=format_date(self.env, returnable.last_delivery_date),
            )
            if not returnable.in_window:
                raise UserError(
                    self.env._(
                        "%(product)s: the return window of %(days)s days after "
                        "delivery has passed (delivered on %(date)s).",
                        **values,
                    )
                )
            raise UserError(
                self.env._(
                    "%(product)s: the return window of %(days)s days after delivery "
                    "has passed for part of it: only %(quantity)s %(uom)s can still "
                    "be returned.",
                    quantity=format_quantity(returnable.in_window),
                    **values,
                )
            )

    def _b2b_allocate_over_deliveries(self):
        """Split each line's quantity over the done customer deliveries its
        goods came from, most recent first (as the return window and the
        submission rules count them).

        :return: {delivery: {move: quantity in the product's unit}}
        """
        allocation = defaultdict(dict)
        returnable_moves = self.sale_line_id._b2b_get_returnable_moves()
        for line in self:
            sale_line = line.sale_line_id
            rounding = sale_line.product_uom.rounding
            to_allocate = line.quantity
            for move, available, _date in returnable_moves[sale_line]:
                if float_compare(to_allocate, 0.0, precision_rounding=rounding) <= 0:
                    break
                taken = min(available, to_allocate)
                allocation[move.picking_id][move] = (
                    sale_line.product_uom._compute_quantity(
                        taken, line.product_id.uom_id, round=False
                    )
                )
                to_allocate -= taken
            if float_compare(to_allocate, 0.0, precision_rounding=rounding) > 0:
                raise UserError(
                    self.env._(
                        "%(product)s: the deliveries of order %(order)s no longer "
                        "hold %(quantity)s %(uom)s to return (returned in the "
                        "meantime?).",
                        product=line.product_id.display_name,
                        order=line.request_id.order_id.name,
                        quantity=format_quantity(line.quantity),
                        uom=line.product_uom_id.name,
                    )
                )
        return allocation

    def _b2b_get_qty_to_credit(self):
        """What the customer was invoiced for among the received goods. Once
        the goods are back, the order line's quantity to invoice is negative by
        what was invoiced beyond what the customer keeps: that, and never more
        than was received, is credited."""
        self.ensure_one()
        over_invoiced = max(-self.sale_line_id.qty_to_invoice, 0.0)
        return min(self.qty_received, over_invoiced)
