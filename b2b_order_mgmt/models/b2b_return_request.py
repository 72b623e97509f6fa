# Copyright 2026 b2b_order_mgmt contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from markupsafe import Markup

from odoo import Command, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

REQUEST_STATES = [
    ("draft", "Draft"),
    ("submitted", "Submitted"),
    ("approved", "Approved"),
    ("received", "Received"),
    ("done", "Done"),
    ("refused", "Refused"),
    ("cancelled", "Cancelled"),
]
# The steps the customer is told about, each recorded once with its date and
# e-mailed once (see b2b.customer.step.mixin).
STEP_DATE_FIELDS = {
    "submitted": "date_submitted",
    "approved": "date_approved",
    "refused": "date_refused",
    "received": "date_received",
    "refunded": "date_refunded",
    "replacement_shipped": "date_replacement_shipped",
}
STEP_TEMPLATES = {
    step: f"b2b_order_mgmt.mail_template_b2b_return_{step}" for step in STEP_DATE_FIELDS
}
# Written only by the request's own methods, in sudo after their access check:
# nobody approves a request by writing its state.
PROTECTED_FIELDS = {
    "state",
    "date_done",
    "date_cancelled",
    "refuse_reason",
    "procurement_group_id",
    "credit_note_ids",
    *STEP_DATE_FIELDS.values(),
}
# What the request is about: fixed once it is submitted.
LOCKED_FIELDS = {"order_id", "partner_id", "request_type", "line_ids"}
# What a portal customer may give when creating a request.
PORTAL_CREATE_FIELDS = {
    "partner_id",
    "order_id",
    "request_type",
    "line_ids",
    "submission_key",
}


class B2bReturnRequest(models.Model):
    _name = "b2b.return.request"
    _description = "B2B Return Request"
    _inherit = [
        "mail.thread",
        "mail.activity.mixin",
        "portal.mixin",
        "b2b.values.check.mixin",
        "b2b.customer.step.mixin",
    ]
    _b2b_order_field = "order_id"
    _b2b_step_date_fields = STEP_DATE_FIELDS
    _b2b_step_templates = STEP_TEMPLATES
    _b2b_step_subtype = "b2b_order_mgmt.mt_b2b_return_update"
    _order = "id desc"
    _check_company_auto = True
    # Customers comment on their requests in the portal, where they can only read.
    _mail_post_access = "read"

    name = fields.Char(
        string="Reference",
        required=True,
        copy=False,
        readonly=True,
        index="trigram",
        default=lambda self: self.env._("New"),
    )
    order_id = fields.Many2one(
        "sale.order",
        string="Sales Order",
        required=True,
        index=True,
        tracking=True,
        check_company=True,
        domain="[('state', '=', 'sale')]",
    )
    partner_id = fields.Many2one(
        "res.partner",
        string="Requested By",
        required=True,
        index=True,
        tracking=True,
        compute="_compute_partner_id",
        store=True,
        readonly=False,
        precompute=True,
        help="The customer's contact who asks for the return or exchange: "
        "the e-mails of the request go to them.",
    )
    commercial_partner_id = fields.Many2one(
        related="partner_id.commercial_partner_id",
        string="Customer",
        store=True,
        index=True,
    )
    company_id = fields.Many2one(
        related="order_id.company_id",
        store=True,
        index=True,
        precompute=True,
    )
    user_id = fields.Many2one(
        "res.users",
        string="Salesperson",
        compute="_compute_user_team",
        store=True,
        readonly=False,
        precompute=True,
        index=True,
        tracking=True,
        domain="[('share', '=', False)]",
    )
    team_id = fields.Many2one(
        "crm.team",
        string="Sales Team",
        compute="_compute_user_team",
        store=True,
        readonly=False,
        precompute=True,
        index=True,
        check_company=True,
    )
    request_type = fields.Selection(
        [("return", "Return"), ("exchange", "Exchange")],
        string="Type",
        required=True,
        default="return",
        tracking=True,
        help="Return: the goods come back and what was invoiced for them is "
        "credited. Exchange: the goods come back and the same products are "
        "shipped again, at no charge.",
    )
    state = fields.Selection(
        REQUEST_STATES,
        string="Status",
        required=True,
        default="draft",
        readonly=True,
        copy=False,
        index=True,
        tracking=True,
        group_expand="_read_group_expand_state",
    )
    line_ids = fields.One2many(
        "b2b.return.request.line", "request_id", string="Products", copy=True
    )
    date_submitted = fields.Datetime(string="Submitted On", readonly=True, copy=False)
    date_approved = fields.Datetime(string="Approved On", readonly=True, copy=False)
    date_refused = fields.Datetime(string="Refused On", readonly=True, copy=False)
    date_received = fields.Datetime(string="Received On", readonly=True, copy=False)
    date_refunded = fields.Datetime(string="Refunded On", readonly=True, copy=False)
    date_replacement_shipped = fields.Datetime(
        string="Replacement Shipped On", readonly=True, copy=False
    )
    date_done = fields.Datetime(string="Closed On", readonly=True, copy=False)
    # No e-mail for it, but the customer sees when in the portal's timeline.
    date_cancelled = fields.Datetime(string="Cancelled On", readonly=True, copy=False)
    refuse_reason = fields.Text(
        string="Refusal Reason", readonly=True, copy=False, tracking=True
    )
    procurement_group_id = fields.Many2one(
        "procurement.group",
        string="Replacement Procurement Group",
        readonly=True,
        copy=False,
        help="An exchange's own group: its replacement delivery is never merged "
        "into another delivery of the order.",
    )
    return_picking_ids = fields.One2many(
        "stock.picking",
        "b2b_return_request_id",
        string="Return Receipts",
        domain=[("b2b_is_return_replacement", "=", False)],
        readonly=True,
    )
    replacement_picking_ids = fields.One2many(
        "stock.picking",
        "b2b_return_request_id",
        string="Replacement Deliveries",
        domain=[("b2b_is_return_replacement", "=", True)],
        readonly=True,
    )
    credit_note_ids = fields.Many2many(
        "account.move",
        "b2b_return_request_account_move_rel",
        "request_id",
        "move_id",
        string="Credit Notes",
        readonly=True,
        copy=False,
    )
    submission_key = fields.Char(
        copy=False,
        readonly=True,
        index="btree_not_null",
        help="The key of the portal form that made the request: the same form "
        "sent again makes no second request.",
    )
    return_picking_count = fields.Integer(compute="_compute_counts")
    replacement_picking_count = fields.Integer(compute="_compute_counts")
    credit_note_count = fields.Integer(compute="_compute_counts")

    _sql_constraints = [
        (
            "submission_key_uniq",
            "unique(submission_key)",
            "This form has already been sent.",
        ),
    ]

    # ------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------

    @api.depends("order_id")
    def _compute_partner_id(self):
        for request in self:
            order_customer = request.order_id.partner_id
            # Keep a contact of the order's customer (the one asking), else
            # take the order's.
            if (
                request.partner_id.commercial_partner_id
                != order_customer.commercial_partner_id
            ):
                request.partner_id = order_customer

    @api.depends("order_id")
    def _compute_user_team(self):
        for request in self:
            request.user_id = request.order_id.user_id
            request.team_id = request.order_id.team_id

    @api.depends("return_picking_ids", "replacement_picking_ids", "credit_note_ids")
    def _compute_counts(self):
        for request in self:
            request.return_picking_count = len(request.return_picking_ids)
            request.replacement_picking_count = len(request.replacement_picking_ids)
            request.credit_note_count = len(request.credit_note_ids)

    def _compute_access_url(self):
        result = super()._compute_access_url()
        for request in self:
            request.access_url = f"/my/returns/{request.id}"
        return result

    @api.model
    def _read_group_expand_state(self, states, domain):
        return [state for state, _label in REQUEST_STATES]

    # ------------------------------------------------------------
    # Constraints
    # ------------------------------------------------------------

    @api.constrains("partner_id", "order_id")
    def _check_order_customer(self):
        for request in self:
            order_customer = request.order_id.partner_id.commercial_partner_id
            if request.commercial_partner_id != order_customer:
                raise ValidationError(
                    self.env._(
                        "Order %(order)s is not an order of %(customer)s: a return "
                        "request covers one order of the customer who asks.",
                        order=request.order_id.name,
                        customer=request.commercial_partner_id.display_name,
                    )
                )

    @api.constrains("order_id")
    def _check_lines_order(self):
        self.line_ids._check_sale_line()

    # ------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        self._b2b_check_create_values(vals_list)
        new_name = self.env._("New")
        for vals in vals_list:
            if vals.get("name", new_name) == new_name:
                # sudo: a technical counter, and customers create requests too.
                vals["name"] = (
                    self.env["ir.sequence"].sudo().next_by_code("b2b.return.request")
                    or "/"
                )
        return super().create(vals_list)

    def write(self, vals):
        if not self.env.su:
            if PROTECTED_FIELDS.intersection(vals):
                raise AccessError(
                    self.env._(
                        "The status of a return request changes only through its "
                        "steps (submit, approve, refuse, close, cancel)."
                    )
                )
            if LOCKED_FIELDS.intersection(vals):
                self._b2b_check_editable()
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_in_progress(self):
        in_progress = self.filtered(
            lambda request: request.state not in ("draft", "cancelled")
        )
        if in_progress:
            raise UserError(
                self.env._(
                    "Only draft or cancelled return requests can be deleted: "
                    "%(requests)s",
                    requests=", ".join(in_progress.mapped("name")),
                )
            )

    @api.model
    def _b2b_check_create_values(self, vals_list):
        if self.env.su:
            return
        portal = not self.env.user._is_internal()
        for vals in vals_list:
            if vals.get("state", "draft") != "draft" or any(
                vals.get(fname) for fname in PROTECTED_FIELDS - {"state"}
            ):
                raise AccessError(
                    self.env._(
                        "A return request starts as a draft: its steps go through "
                        "its buttons."
                    )
                )
            if portal and set(vals) - PORTAL_CREATE_FIELDS:
                raise AccessError(
                    self.env._(
                        "Customers give only the contact, the order, the type and "
                        "the products of a return request."
                    )
                )

    def _b2b_check_editable(self):
        """What a request is about is fixed once submitted."""
        if self.env.su:
            return
        locked = self.filtered(lambda request: request.state != "draft")
        if locked:
            raise UserError(
                self.env._(
                    "These return requests are no longer drafts: their order, "
                    "contact, type and products can no longer change: %(requests)s",
                    requests=", ".join(locked.mapped("name")),
                )
            )

    # ------------------------------------------------------------
    # Actions: the request's steps
    # ------------------------------------------------------------

    def action_submit(self):
        """Draft → submitted, by the customer (portal) or a salesperson, once
        every rule holds: delivered goods of the order, within the return
        window, not already returned or requested."""
        self._b2b_check_customer_or_sales()
        self._b2b_check_state(
            ("draft",), self.env._("Only draft return requests can be submitted.")
        )
        # sudo after the access check: the rules read the order's stock moves,
        # which customers cannot read.
        self.sudo().order_id._b2b_lock_returns()
        self.sudo()._b2b_check_submittable()
        self._b2b_set_state("submitted", step="submitted")
        return True

    def action_approve(self):
        """Submitted → approved, by After-Sales: the return receipts (and, for
        an exchange, the replacement delivery) are created with Odoo's own
        return wizard."""
        self._b2b_check_after_sales()
        self._b2b_check_state(
            ("submitted",),
            self.env._("Only submitted return requests can be approved."),
        )
        for request in self:
            # sudo after the group check: the return wizard needs Inventory
            # rights that After-Sales users may not have.
            request.sudo().with_company(
                request.company_id
            )._b2b_create_return_pickings()
        self._b2b_set_state("approved", step="approved")
        return True

    def action_refuse(self, reason=None):
        """Submitted → refused, by After-Sales, with the reason the customer
        is told. Without a reason: the dialog that asks for it (an action)."""
        if reason is None:
            return self.action_open_refuse_wizard()
        self._b2b_check_refusable()
        if not (reason or "").strip():
            raise UserError(
                self.env._("Tell the customer why the return request is refused.")
            )
        self.sudo().write({"refuse_reason": reason.strip()})
        self._b2b_set_state("refused", step="refused")
        return True

    def action_done(self):
        """Received → done, by After-Sales. A return is refunded first: a
        posted credit note for what was invoiced of the received goods. An
        exchange closes by itself when its replacement is shipped; this only
        closes it by hand once it is."""
        self._b2b_check_after_sales()
        self._b2b_check_state(
            ("received",),
            self.env._("Only return requests whose goods are received can be closed."),
        )
        not_shipped = self.filtered(
            lambda request: (
                request.request_type == "exchange"
                and not request._b2b_is_replacement_shipped()
            )
        )
        if not_shipped:
            raise UserError(
                self.env._(
                    "The replacement is not shipped yet for: %(requests)s",
                    requests=", ".join(not_shipped.mapped("name")),
                )
            )
        returns = self.filtered(lambda request: request.request_type == "return")
        returns._b2b_check_refund_rights()
        for request in returns:
            # sudo after the rights check: an After-Sales user the company
            # lets post credit notes has no Invoicing rights.
            request.sudo().with_company(request.company_id)._b2b_refund()
        returns._b2b_record_step("refunded")
        self._b2b_set_state("done")
        return True

    def action_cancel(self):
        """Draft or submitted → cancelled, by the customer or a salesperson."""
        self._b2b_check_customer_or_sales()
        self._b2b_check_state(
            ("draft", "submitted"),
            self.env._("Only draft or submitted return requests can be cancelled."),
        )
        self._b2b_set_state("cancelled")
        return True

    def action_open_refuse_wizard(self):
        # Refused now rather than once the reason is typed.
        self._b2b_check_refusable()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Refuse Return Request"),
            "res_model": "b2b.return.refuse.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_request_ids": [Command.set(self.ids)]},
        }

    def action_view_return_pickings(self):
        self.ensure_one()
        return self._b2b_action_view_pickings(
            self.return_picking_ids, self.env._("Return Receipts")
        )

    def action_view_replacement_pickings(self):
        self.ensure_one()
        return self._b2b_action_view_pickings(
            self.replacement_picking_ids, self.env._("Replacement Deliveries")
        )

    def action_view_credit_notes(self):
        self.ensure_one()
        return self.order_id.action_view_invoice(invoices=self.credit_note_ids)

    def _b2b_action_view_pickings(self, pickings, name):
        action = {
            "type": "ir.actions.act_window",
            "name": name,
            "res_model": "stock.picking",
            "view_mode": "list,form",
            "domain": [("id", "in", pickings.ids)],
            "context": {"create": False},
        }
        if len(pickings) == 1:
            action.update(view_mode="form", res_id=pickings.id)
        return action

    # ------------------------------------------------------------
    # Business methods: access and state
    # ------------------------------------------------------------

    def _b2b_check_customer_or_sales(self):
        """Submitting and cancelling: the customer in the portal or a
        salesperson; record rules give each only the requests they may read."""
        self.check_access("read")
        user = self.env.user
        if not (user.has_group("sales_team.group_sale_salesman") or user._is_portal()):
            raise AccessError(
                self.env._(
                    "Only the customer or a salesperson can submit or cancel a "
                    "return request."
                )
            )

    def _b2b_check_after_sales(self):
        if not self.env.user.has_group("b2b_order_mgmt.group_b2b_after_sales"):
            raise AccessError(
                self.env._(
                    "Only After-Sales users can approve, refuse or close return "
                    "requests."
                )
            )
        self.check_access("read")

    def _b2b_check_refund_rights(self):
        """Closing a return posts its credit note: Invoicing's own rights, or
        the company's explicit setting for After-Sales users."""
        if self.env.user.has_group("account.group_account_invoice"):
            return
        refused = self.filtered(
            lambda request: not request.company_id.b2b_after_sales_refunds
        )
        if refused:
            raise AccessError(
                self.env._(
                    "Closing a return posts its credit note: this needs Invoicing "
                    "rights, or the setting “After-Sales Posts Credit Notes” "
                    "(Sales settings). Not possible for: %(requests)s",
                    requests=", ".join(refused.mapped("name")),
                )
            )

    def _b2b_check_refusable(self):
        self._b2b_check_after_sales()
        self._b2b_check_state(
            ("submitted",),
            self.env._("Only submitted return requests can be refused."),
        )

    def _b2b_check_state(self, states, refusal):
        wrong = self.filtered(lambda request: request.state not in states)
        if wrong:
            raise UserError(
                self.env._(
                    "%(refusal)s Not possible for: %(requests)s",
                    refusal=refusal,
                    requests=", ".join(wrong.mapped("name")),
                )
            )

    def _b2b_set_state(self, state, step=None):
        """The one place where requests change state, in sudo: callers have
        checked access. ``step``: the customer step reached, if any."""
        values = {"state": state}
        if state == "done":
            values["date_done"] = fields.Datetime.now()
        elif state == "cancelled":
            values["date_cancelled"] = fields.Datetime.now()
        self.sudo().write(values)
        if step:
            self._b2b_record_step(step)

    # ------------------------------------------------------------
    # Business methods: portal
    # ------------------------------------------------------------

    def _b2b_send_step_email(self, step):
        # The contact gets the e-mail even when the step is theirs (a request
        # submitted in the portal): they are its author.
        return super(
            B2bReturnRequest, self.with_context(mail_notify_author=True)
        )._b2b_send_step_email(step)

    def _b2b_get_step_items(self):
        """The request's journey, for the portal (see build_portal_steps()):
        submitted, then refused or cancelled, or approved, received, refunded
        (a return) or replacement shipped (an exchange), and closed. The final
        state is reached even without a date (requests closed before their
        dates were recorded)."""
        self.ensure_one()
        state_labels = dict(self._fields["state"]._description_selection(self.env))
        steps = [("submitted", state_labels["submitted"], self.date_submitted)]
        if self.state == "refused":
            steps.append(("refused", state_labels["refused"], self.date_refused))
        elif self.state == "cancelled":
            # A draft cancelled before it was sent was never submitted.
            if not self.date_submitted:
                steps = []
            steps.append(("cancelled", state_labels["cancelled"], self.date_cancelled))
        else:
            steps += [
                ("approved", state_labels["approved"], self.date_approved),
                ("received", state_labels["received"], self.date_received),
            ]
            if self.request_type == "exchange":
                steps.append(
                    (
                        "replacement_shipped",
                        self.env._("Replacement Shipped"),
                        self.date_replacement_shipped,
                    )
                )
            else:
                steps.append(("refunded", self.env._("Refunded"), self.date_refunded))
            steps.append(("done", state_labels["done"], self.date_done))
        return [
            {
                "key": key,
                "label": label,
                "date": date,
                "reached": key == self.state,
                "note": self.refuse_reason if key == "refused" else False,
            }
            for key, label, date in steps
        ]

    # ------------------------------------------------------------
    # Business methods: submission rules
    # ------------------------------------------------------------

    def _b2b_check_submittable(self):
        for request in self:
            order = request.order_id
            if not request.line_ids:
                raise UserError(
                    self.env._(
                        "Add the products to return to %(request)s before "
                        "submitting it.",
                        request=request.name,
                    )
                )
            if order.state != "sale":
                raise UserError(
                    self.env._(
                        "Order %(order)s is not a confirmed order: only delivered "
                        "goods can be returned.",
                        order=order.name,
                    )
                )
            if not order._b2b_has_delivered_goods():
                raise UserError(
                    self.env._(
                        "Order %(order)s has not been shipped yet: only delivered "
                        "goods can be returned.",
                        order=order.name,
                    )
                )
            returnable = request.line_ids.sale_line_id._b2b_get_returnable_quantities(
                exclude_requests=request
            )
            for line in request.line_ids:
                line._b2b_check_returnable(returnable[line.sale_line_id])

    # ------------------------------------------------------------
    # Business methods: transfers
    # ------------------------------------------------------------

    def _b2b_create_return_pickings(self):
        """One return per original delivery the goods came from, through
        Odoo's return wizard (an exchange through its exchange flow). Returned
        quantities count as not delivered (``to_refund``), so they are no
        longer to invoice."""
        self.ensure_one()
        allocation = self.line_ids._b2b_allocate_over_deliveries()
        wizard_model = self.env["stock.return.picking"]
        for picking, quantities in allocation.items():
            wizard = wizard_model.create(
                {"picking_id": picking.id, "b2b_return_request_id": self.id}
            )
            wizard.product_return_moves.filtered(
                lambda wizard_line, moves=quantities: wizard_line.move_id not in moves
            ).unlink()
            for wizard_line in wizard.product_return_moves:
                wizard_line.write(
                    {"quantity": quantities[wizard_line.move_id], "to_refund": True}
                )
            if self.request_type == "exchange":
                wizard.action_create_exchanges()
            else:
                wizard.action_create_returns()
        if self.request_type == "exchange":
            self._b2b_link_replacement_pickings()

    def _b2b_get_procurement_group(self):
        """The exchange's own procurement group, linked to the order."""
        self.ensure_one()
        if not self.procurement_group_id:
            order = self.order_id
            self.procurement_group_id = self.env["procurement.group"].create(
                {
                    "name": self.name,
                    "sale_id": order.id,
                    "partner_id": order.partner_shipping_id.id,
                    "move_type": order.picking_policy,
                }
            )
        return self.procurement_group_id

    def _b2b_link_replacement_pickings(self):
        replacements = self.env["stock.picking"].search(
            [
                ("group_id", "=", self.procurement_group_id.id),
                ("b2b_is_customer_delivery", "=", True),
            ]
        )
        replacements.b2b_return_request_id = self

    def _b2b_update_from_pickings(self):
        """The warehouse validated transfers of these requests: all return
        receipts done → received; the replacement shipped → the customer is
        told; an exchange received and shipped → done. Called in sudo by the
        pickings (warehouse users have no rights on requests)."""
        received = self.filtered(
            lambda request: (
                request.state == "approved"
                and self._b2b_all_done(request.return_picking_ids)
            )
        )
        received._b2b_set_received_quantities()
        received._b2b_set_state("received", step="received")
        shipped = self.filtered(
            lambda request: (
                request.request_type == "exchange"
                and request.state in ("approved", "received")
                and request._b2b_is_replacement_shipped()
            )
        )
        shipped._b2b_record_step("replacement_shipped")
        shipped.filtered(lambda request: request.state == "received")._b2b_set_state(
            "done"
        )

    @api.model
    def _b2b_all_done(self, pickings):
        """Every transfer finished (done or cancelled), at least one done."""
        states = set(pickings.mapped("state"))
        return "done" in states and states <= {"done", "cancel"}

    def _b2b_is_replacement_shipped(self):
        self.ensure_one()
        return self._b2b_all_done(self.replacement_picking_ids)

    def _b2b_set_received_quantities(self):
        for request in self:
            moves = request.return_picking_ids.move_ids.filtered(
                lambda move: move.state == "done"
            )
            for line in request.line_ids:
                line.qty_received = sum(
                    move.product_uom._compute_quantity(
                        move.quantity, line.product_uom_id, round=False
                    )
                    for move in moves
                    if move.sale_line_id == line.sale_line_id
                )

    # ------------------------------------------------------------
    # Business methods: refund
    # ------------------------------------------------------------

    def _b2b_refund(self):
        """Credit what the customer was invoiced for the received goods: a
        credit note built by the order's own invoicing, linked to its lines,
        posted. Goods not invoiced yet are simply no longer to invoice."""
        self.ensure_one()
        credited = {
            line: quantity
            for line in self.line_ids
            if (quantity := line._b2b_get_qty_to_credit()) > 0
        }
        not_credited = self.line_ids.filtered(
            lambda line: line.qty_received > credited.get(line, 0.0)
        )
        if not_credited:
            self.message_post(
                body=self.env._(
                    "Not invoiced, so not credited (no longer to invoice either): "
                    "%(products)s",
                    products=", ".join(not_credited.mapped("product_id.display_name")),
                ),
                subtype_xmlid="mail.mt_note",
            )
        if not credited:
            return self.env["account.move"]
        credit_note = self.order_id._create_account_invoices(
            [self._b2b_prepare_credit_note_vals(credited)], final=True
        )
        credit_note.action_post()
        self.credit_note_ids = [Command.link(credit_note.id)]
        self.message_post(
            body=Markup(self.env._("Credit note %(credit_note)s posted."))
            % {"credit_note": credit_note._get_html_link()},
            subtype_xmlid="mail.mt_note",
        )
        return credit_note

    def _b2b_prepare_credit_note_vals(self, quantities):
        """:param quantities: {return line: quantity to credit}"""
        self.ensure_one()
        values = self.order_id._prepare_invoice()
        # Nothing is paid back through the order's payment transactions.
        values.pop("transaction_ids", None)
        values.pop("payment_reference", None)
        values.update(
            {
                "move_type": "out_refund",
                "ref": self.name,
                "invoice_line_ids": [
                    Command.create(
                        line.sale_line_id._prepare_invoice_line(quantity=quantity)
                    )
                    for line, quantity in quantities.items()
                ],
            }
        )
        return values
