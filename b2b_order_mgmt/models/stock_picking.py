# Copyright 2026 b2b_order_mgmt contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import format_datetime

from .b2b_only_tracking import without_b2b_fields
from .number_format import format_quantity

DELIVERY_STAGES = [
    ("waiting", "Waiting"),
    ("ready", "Ready to Pack"),
    ("packed", "Packed"),
    ("shipped", "Shipped"),
    ("out_for_delivery", "Out for Delivery"),
    ("delivered", "Delivered"),
]
# Transfers to a customer: Odoo's deliveries, and stock_dropshipping's goods
# sent by the vendor straight to the customer (when that module is installed).
CUSTOMER_DELIVERY_TYPES = ("outgoing", "dropship")
# The stages the warehouse records, each with its date, in the order they happen.
STAGE_DATE_FIELDS = {
    "packed": "b2b_packed_date",
    "shipped": "b2b_shipped_date",
    "out_for_delivery": "b2b_out_for_delivery_date",
    "delivered": "b2b_delivered_date",
}
# The customer e-mail of each stage: the company's switch and the template.
STAGE_EMAILS = {
    "packed": ("b2b_email_packed", "b2b_order_mgmt.mail_template_b2b_packed"),
    "shipped": ("b2b_email_shipped", "b2b_order_mgmt.mail_template_b2b_shipped"),
    "out_for_delivery": (
        "b2b_email_out_for_delivery",
        "b2b_order_mgmt.mail_template_b2b_out_for_delivery",
    ),
    "delivered": (
        "b2b_email_delivered",
        "b2b_order_mgmt.mail_template_b2b_delivered",
    ),
}


class StockPicking(models.Model):
    _name = "stock.picking"
    _inherit = ["stock.picking", "b2b.customer.step.mixin"]
    _b2b_order_field = "sale_id"
    _b2b_step_date_fields = STAGE_DATE_FIELDS
    _b2b_step_templates = {
        stage: template for stage, (_switch, template) in STAGE_EMAILS.items()
    }
    _b2b_step_subtype = "b2b_order_mgmt.mt_b2b_order_update"

    b2b_is_customer_delivery = fields.Boolean(
        string="Customer Delivery",
        compute="_compute_b2b_is_customer_delivery",
        store=True,
        help="An outgoing transfer to a customer location: it goes through the "
        "delivery stages and tells the customer at each step.",
    )
    b2b_is_b2b_delivery = fields.Boolean(
        string="B2B Delivery",
        compute="_compute_b2b_is_b2b_delivery",
        compute_sudo=True,
        help="A customer delivery of a B2B customer: the warehouse moves it "
        "through the delivery stages. Other deliveries are Odoo's own.",
    )
    b2b_delivery_stage = fields.Selection(
        DELIVERY_STAGES,
        string="Delivery Stage",
        compute="_compute_b2b_delivery_stage",
        store=True,
        index=True,
        tracking=True,
    )
    b2b_packed_date = fields.Datetime(string="Packed On", readonly=True, copy=False)
    b2b_shipped_date = fields.Datetime(string="Shipped On", readonly=True, copy=False)
    b2b_out_for_delivery_date = fields.Datetime(
        string="Out for Delivery On", readonly=True, copy=False
    )
    b2b_delivered_date = fields.Datetime(
        string="Delivered On", readonly=True, copy=False
    )
    b2b_received_by = fields.Char(
        string="Received By",
        copy=False,
        tracking=True,
        help="Who signed for the goods at the customer's.",
    )
    # Copied with the picking: a backorder stays with its request. The return
    # wizard sets it on the returns it makes (see stock.return.picking).
    b2b_return_request_id = fields.Many2one(
        "b2b.return.request",
        string="Return Request",
        index="btree_not_null",
        readonly=True,
        ondelete="set null",
        help="The return request this return receipt or replacement delivery "
        "belongs to.",
    )
    b2b_is_return_replacement = fields.Boolean(
        string="Exchange Replacement",
        compute="_compute_b2b_is_return_replacement",
        store=True,
        help="A customer delivery shipping the replacement of exchanged goods. "
        "The customer is told it is shipped by the return request's e-mail, not "
        "by the delivery's own.",
    )

    # ------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------

    @api.depends("picking_type_code", "location_dest_id.usage")
    def _compute_b2b_is_customer_delivery(self):
        for picking in self:
            picking.b2b_is_customer_delivery = (
                picking.picking_type_code in CUSTOMER_DELIVERY_TYPES
                and picking.location_dest_id.usage == "customer"
            )

    @api.depends("b2b_is_customer_delivery", "sale_id", "partner_id", "company_id")
    def _compute_b2b_is_b2b_delivery(self):
        for picking in self:
            customer = picking.sale_id.partner_id or picking.partner_id
            picking.b2b_is_b2b_delivery = (
                picking.b2b_is_customer_delivery
                and customer._b2b_is_b2b_customer(picking.company_id)
            )

    @api.depends("b2b_return_request_id", "b2b_is_customer_delivery")
    def _compute_b2b_is_return_replacement(self):
        for picking in self:
            picking.b2b_is_return_replacement = bool(
                picking.b2b_return_request_id and picking.b2b_is_customer_delivery
            )

    @api.depends(
        "b2b_is_customer_delivery",
        "picking_type_code",
        "state",
        "b2b_packed_date",
        "b2b_shipped_date",
        "b2b_out_for_delivery_date",
        "b2b_delivered_date",
    )
    def _compute_b2b_delivery_stage(self):
        for picking in self:
            picking.b2b_delivery_stage = picking._b2b_get_delivery_stage()

    # ------------------------------------------------------------
    # Actions: the warehouse operator's buttons
    # ------------------------------------------------------------

    def action_b2b_mark_packed(self):
        self._b2b_advance_to(
            "packed",
            from_stages=("ready",),
            refusal=self.env._("Only deliveries ready to ship can be packed."),
        )
        return True

    def action_b2b_out_for_delivery(self):
        self._b2b_advance_to(
            "out_for_delivery",
            from_stages=("shipped",),
            refusal=self.env._(
                "Only shipped (validated) deliveries can go out for delivery."
            ),
        )
        return True

    def action_b2b_mark_delivered(self, received_by=None, delivered_date=None):
        """Mark the deliveries as received by the customer.

        :param received_by: who signed for them, if known (optional: a delivery
            may be left at the door)
        :param delivered_date: when (a datetime or a string in Odoo's format),
            not in the future; now if not given
        """
        todo = self._b2b_deliveries_to_advance(
            "delivered",
            from_stages=("shipped", "out_for_delivery"),
            refusal=self.env._("Only shipped deliveries can be marked as delivered."),
        )
        delivered_date = self._b2b_check_delivered_date(delivered_date)
        if received_by:
            todo.b2b_received_by = received_by
        todo._b2b_record_step("delivered", date=delivered_date)
        return True

    def action_cancel(self):
        result = super().action_cancel()
        # A return backorder cancelled may leave the rest of the goods received.
        self.sudo().b2b_return_request_id._b2b_update_from_pickings()
        return result

    # ------------------------------------------------------------
    # Mail
    # ------------------------------------------------------------

    def _mail_track(self, tracked_fields, initial_values):
        if not self.b2b_is_b2b_delivery:
            tracked_fields = without_b2b_fields(tracked_fields)
        return super()._mail_track(tracked_fields, initial_values)

    def message_post_with_source(self, source_ref, *args, **kwargs):
        # Odoo's delivery e-mail (see _send_confirmation_email) is left out
        # where our "shipped" e-mail replaces it.
        replaced_ids = self.env.context.get("b2b_replaced_delivery_email_ids")
        if not replaced_ids:
            return super().message_post_with_source(source_ref, *args, **kwargs)
        to_post = self.filtered(
            lambda picking: (
                picking.id not in replaced_ids
                or source_ref != picking.company_id.stock_mail_confirmation_template_id
            )
        )
        if not to_post:
            return self.env["mail.message"]
        return super(StockPicking, to_post).message_post_with_source(
            source_ref, *args, **kwargs
        )

    # ------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------

    def _send_confirmation_email(self):
        # Odoo's delivery e-mail (Inventory setting "Email Confirmation") would
        # tell the customer a second time that the order is shipped. super()
        # still runs for every delivery: stock_delivery ships through the
        # carrier (label, tracking reference) in this same method.
        replaced = self._b2b_filter_emailed("shipped")
        if not replaced:
            return super()._send_confirmation_email()
        return super(
            StockPicking,
            self.with_context(b2b_replaced_delivery_email_ids=replaced.ids),
        )._send_confirmation_email()

    def _action_done(self):
        result = super()._action_done()
        done = self.filtered(lambda picking: picking.state == "done")
        # Validating a customer delivery is shipping it.
        done._b2b_record_step("shipped")
        # In a two- or three-step warehouse, the last preparation done (the
        # pick, then the pack) has packed the customer delivery that follows.
        done._get_next_transfers().filtered(
            lambda picking: picking.state not in ("done", "cancel")
        )._b2b_record_step("packed")
        # sudo: warehouse users validate returns and replacements without
        # rights on return requests; this only moves their requests on.
        done.sudo().b2b_return_request_id._b2b_update_from_pickings()
        return result

    def _create_backorder(self, backorder_moves=None):
        backorders = super()._create_backorder(backorder_moves=backorder_moves)
        # The goods left for later were packed with the rest: their backorder
        # stays packed (the customer was told once).
        for packed_date, packed in (
            backorders.filtered("backorder_id.b2b_packed_date")
            .grouped(lambda backorder: backorder.backorder_id.b2b_packed_date)
            .items()
        ):
            packed.b2b_packed_date = packed_date
        return backorders

    def _put_in_pack(self, move_line_ids):
        package = super()._put_in_pack(move_line_ids)
        # Odoo's Put in Pack of every item is packing a one-step delivery.
        self.filtered(lambda picking: picking._b2b_is_all_packed())._b2b_record_step(
            "packed"
        )
        return package

    def _b2b_is_all_packed(self):
        """Whether every item of the transfer with a quantity is in a package."""
        self.ensure_one()
        lines = self.move_line_ids.filtered("quantity")
        return bool(lines) and all(line.result_package_id for line in lines)

    def _b2b_is_dropship(self):
        self.ensure_one()
        return self.picking_type_code == "dropship"

    def _b2b_is_returnable_delivery(self):
        """Whether returns and exchanges cover the goods of this transfer: the
        company's own customer deliveries, not what a vendor dropshipped."""
        self.ensure_one()
        return self.b2b_is_customer_delivery and not self._b2b_is_dropship()

    def _b2b_get_delivery_date(self):
        """When the goods reached the customer: delivered if recorded, else
        shipped (the warehouse may not record deliveries)."""
        self.ensure_one()
        return self.b2b_delivered_date or self.date_done

    def _b2b_get_delivery_stage(self):
        self.ensure_one()
        if not self.b2b_is_customer_delivery or self.state == "cancel":
            return False
        if self.b2b_delivered_date:
            return "delivered"
        if self.b2b_out_for_delivery_date:
            return "out_for_delivery"
        if self.state == "done":
            return "shipped"
        # The vendor prepares a dropship: it waits until the vendor ships it.
        if self._b2b_is_dropship():
            return "waiting"
        if self.b2b_packed_date:
            return "packed"
        if self.state == "assigned":
            return "ready"
        return "waiting"

    def _b2b_advance_to(self, stage, from_stages, refusal):
        todo = self._b2b_deliveries_to_advance(stage, from_stages, refusal)
        return todo._b2b_record_step(stage)

    def _b2b_deliveries_to_advance(self, stage, from_stages, refusal):
        """The deliveries that can move to ``stage`` now. Those already at or
        past it are left alone (a repeated click); any other one refuses the
        whole step, with its name."""
        not_b2b = self.filtered(lambda picking: not picking.b2b_is_b2b_delivery)
        if not_b2b:
            raise UserError(
                self.env._(
                    "Only the deliveries of B2B customers go through the delivery "
                    "stages: %(deliveries)s",
                    deliveries=", ".join(not_b2b.mapped("name")),
                )
            )
        stage_order = [key for key, _label in DELIVERY_STAGES]
        done_already = self.filtered(
            lambda picking: (
                picking.b2b_delivery_stage
                and stage_order.index(picking.b2b_delivery_stage)
                >= stage_order.index(stage)
            )
        )
        todo = self - done_already
        refused = todo.filtered(
            lambda picking: (
                picking.state == "cancel"
                or picking.b2b_delivery_stage not in from_stages
            )
        )
        if refused:
            raise UserError(
                self.env._(
                    "%(refusal)s Not possible for: %(deliveries)s",
                    refusal=refusal,
                    deliveries=", ".join(refused.mapped("name")),
                )
            )
        return todo

    @api.model
    def _b2b_check_delivered_date(self, delivered_date):
        """The date a delivery reached the customer, as a datetime, or None
        when not given (now). A date in the future is refused."""
        if not delivered_date:
            return None
        delivered_date = fields.Datetime.to_datetime(delivered_date)
        if delivered_date > fields.Datetime.now():
            raise UserError(
                self.env._(
                    "The delivery date cannot be in the future (%(date)s): enter "
                    "when the customer received the goods.",
                    date=format_datetime(self.env, delivered_date),
                )
            )
        return delivered_date

    def _b2b_filter_with_steps(self):
        # Other customers' deliveries are Odoo's own: no stage date either.
        return self.filtered("b2b_is_b2b_delivery")

    def _b2b_filter_told(self, step):
        """Those who get our e-mail of ``step`` (_b2b_filter_emailed). An
        exchange's replacement is told shipped by its return request's e-mail
        ("replacement shipped"), not a second time here."""
        deliveries = self._b2b_filter_emailed(step)
        if step == "shipped":
            return deliveries.filtered(
                lambda picking: not picking.b2b_is_return_replacement
            )
        return deliveries

    def _b2b_filter_emailed(self, stage):
        """The deliveries whose customer gets our e-mail of ``stage``: customer
        deliveries of a B2B customer's sales order, in a company that has this
        e-mail on. Other customers get Odoo's own e-mails."""
        switch, template_xmlid = STAGE_EMAILS[stage]
        if not self.env.ref(template_xmlid, raise_if_not_found=False):
            return self.browse()
        # sudo: warehouse users move deliveries of orders they cannot read.
        return self.filtered(
            lambda picking: (
                picking.b2b_is_b2b_delivery
                and picking.sudo().sale_id
                and picking.company_id[switch]
            )
        )

    def _b2b_get_shipment_contents(self):
        """What the shipped e-mail lists: the goods this delivery carries, and
        those the order's other deliveries still have to ship (the backorders
        of a partial shipment).

        :return: {"shipped": [(product, quantity)], "to_follow": [...]}, as
            texts in the reader's language
        """
        self.ensure_one()
        to_follow = (self.sale_id.picking_ids - self).filtered(
            lambda picking: (
                picking.b2b_is_customer_delivery
                and picking.state not in ("done", "cancel")
                and not picking.b2b_is_return_replacement
            )
        )
        open_moves = to_follow.move_ids.filtered(
            lambda move: move.state not in ("done", "cancel")
        )
        env = self.env
        return {
            "shipped": [
                (
                    move.product_id.display_name,
                    format_quantity(env, move.quantity, move.product_uom),
                )
                for move in self.move_ids.filtered(lambda move: move.state == "done")
            ],
            "to_follow": [
                (
                    move.product_id.display_name,
                    format_quantity(env, move.product_uom_qty, move.product_uom),
                )
                for move in open_moves
            ],
        }

    def _get_b2b_email_recipients(self):
        """Who gets the delivery's e-mails: those of its sales order."""
        self.ensure_one()
        return self.sale_id._get_b2b_email_recipients()

    def _b2b_get_step_items(self):
        """The recorded stages, for the portal (see build_portal_steps()): the
        current one is reached even without a date (shipped before the addon).
        The vendor ships a dropship: it is not packed, nor taken out for
        delivery unless that was recorded."""
        self.ensure_one()
        labels = dict(
            self._fields["b2b_delivery_stage"]._description_selection(self.env)
        )
        dropship_stages = ("shipped", "delivered")
        return [
            {
                "key": stage,
                "label": labels[stage],
                "date": self[date_field],
                "reached": stage == self.b2b_delivery_stage,
            }
            for stage, date_field in STAGE_DATE_FIELDS.items()
            if not self._b2b_is_dropship()
            or stage in dropship_stages
            or self[date_field]
        ]
