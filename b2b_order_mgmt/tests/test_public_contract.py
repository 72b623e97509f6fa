# Copyright 2026 b2b_order_mgmt contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from datetime import timedelta

from lxml import etree

from odoo import Command, fields
from odoo.exceptions import UserError, ValidationError
from odoo.tests import Form, tagged

from .common import B2bReturnCommon


@tagged("post_install", "-at_install")
class TestContractCalls(B2bReturnCommon):
    """The public contract's calls, made exactly as DESIGN.md writes them."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.order = cls._delivered_order([(cls.paper, 10)])
        cls.reason_other = cls.env.ref("b2b_order_mgmt.return_reason_other")

    def _submitted(self):
        request = self._create_request(self.order, [(self.paper, 2)])
        request.with_user(self.salesman).action_submit()
        return request.with_user(self.after_sales)

    def _create_line(self, values, user=None):
        draft = self._create_request(self.order, [], user=user)
        lines = self.env["b2b.return.request.line"]
        if user:
            lines = lines.with_user(user)
        return lines.create(
            {
                "request_id": draft.id,
                "sale_line_id": self.order.order_line.id,
                "quantity": 1,
                **values,
            }
        )

    # --- stock.picking.action_b2b_mark_delivered() ---------------------------------

    def test_action_b2b_mark_delivered(self):
        picking = self.order.picking_ids.with_user(self.stock_user)
        self.assertIs(picking.action_b2b_mark_delivered(), True)
        self.assertEqual(picking.b2b_delivery_stage, "delivered")
        self.assertTrue(picking.b2b_delivered_date)
        self.assertFalse(picking.b2b_received_by)
        self.assertEqual(self.order.b2b_state, "delivered")

    def test_action_b2b_mark_delivered_with_its_options(self):
        picking = self.order.picking_ids
        delivered_on = fields.Datetime.now() - timedelta(hours=3)
        picking.action_b2b_mark_delivered(
            received_by="Jane Storekeeper",
            delivered_date=fields.Datetime.to_string(delivered_on),
        )
        self.assertEqual(picking.b2b_received_by, "Jane Storekeeper")
        self.assertEqual(
            picking.b2b_delivered_date, delivered_on.replace(microsecond=0)
        )

    def test_action_b2b_mark_delivered_not_in_the_future(self):
        picking = self.order.picking_ids
        with self.assertRaisesRegex(UserError, "cannot be in the future"):
            picking.action_b2b_mark_delivered(
                delivered_date=fields.Datetime.now() + timedelta(days=1)
            )
        self.assertEqual(picking.b2b_delivery_stage, "shipped")

    # --- b2b.return.request.action_refuse() --------------------------------------

    def test_action_refuse_returns_the_wizard(self):
        request = self._submitted()
        action = request.action_refuse()
        self.assertEqual(action["type"], "ir.actions.act_window")
        self.assertEqual(action["res_model"], "b2b.return.refuse.wizard")
        self.assertEqual(action["target"], "new")
        self.assertEqual(request.state, "submitted")
        # The wizard it opens refuses with the reason typed.
        wizard = Form(
            self.env[action["res_model"]]
            .with_user(self.after_sales)
            .with_context(**action["context"])
        )
        wizard.reason = "Photos show no damage."
        wizard.save().action_refuse()
        self.assertEqual(request.state, "refused")
        self.assertEqual(request.refuse_reason, "Photos show no damage.")

    def test_action_refuse_with_reason(self):
        request = self._submitted()
        self.assertIs(request.action_refuse(reason="Photos show no damage."), True)
        self.assertEqual(request.state, "refused")
        self.assertEqual(request.refuse_reason, "Photos show no damage.")
        self.assertTrue(request.date_refused)

    def test_action_refuse_with_a_blank_reason(self):
        request = self._submitted()
        for reason in ("", "   "):
            with self.assertRaisesRegex(UserError, "why the return request is refused"):
                request.action_refuse(reason=reason)
        self.assertEqual(request.state, "submitted")

    def test_action_refuse_of_a_draft(self):
        draft = self._create_request(self.order, [(self.paper, 1)])
        with self.assertRaisesRegex(UserError, "Only submitted return requests"):
            draft.with_user(self.after_sales).action_refuse()

    # --- b2b.return.request.line: reason -----------------------------------------

    def test_line_with_only_reason(self):
        request = self.env["b2b.return.request"].create(
            {
                "order_id": self.order.id,
                "line_ids": [
                    Command.create(
                        {
                            "sale_line_id": self.order.order_line.id,
                            "quantity": 2,
                            "reason": "Wrong shade of white",
                        }
                    )
                ],
            }
        )
        line = request.line_ids
        self.assertEqual(line.reason, "Wrong shade of white")
        self.assertEqual(line.reason_id, self.reason_other)
        request.with_user(self.salesman).action_submit()
        self.assertEqual(request.state, "submitted")

    def test_line_with_only_reason_from_the_portal(self):
        line = self._create_line({"reason": "Wrong shade"}, user=self.portal_user)
        self.assertEqual(line.reason, "Wrong shade")
        self.assertEqual(line.reason_id, self.reason_other)

    def test_line_reason_given_with_the_list_reason(self):
        line = self._create_line(
            {
                "reason_id": self.reason_damaged.id,
                "comment": "Box crushed",
                "reason": "Crushed by the carrier",
            }
        )
        self.assertEqual(line.reason, "Crushed by the carrier", "kept as given")
        self.assertEqual(line.reason_id, self.reason_damaged)
        # Computed again once the reason or the comment changes.
        line.comment = "Box torn"
        self.assertEqual(line.reason, "Damaged in transit — Box torn")

    def test_line_blank_reason_is_computed(self):
        line = self._create_line({"reason_id": self.reason_wrong.id, "reason": "  "})
        self.assertEqual(line.reason, "Wrong product")

    def test_line_default_reason_where_other_is_not_offered(self):
        self.reason_other.active = False
        line = self._create_line({"reason": "Wrong shade"})
        self.assertEqual(line.reason_id, self.reason_damaged, "the first reason")
        self.reason_other.active = True
        other_company = self.env["res.company"].create({"name": "B2B Elsewhere"})
        self.reason_other.company_id = other_company
        line = self._create_line({"reason": "Wrong shade"})
        self.assertEqual(line.reason_id, self.reason_damaged)

    def test_line_without_any_reason_offered(self):
        self.env["b2b.return.reason"].search([]).active = False
        with self.assertRaisesRegex(ValidationError, "“Reason”"):
            self._create_line({"reason": "Wrong shade"})


@tagged("post_install", "-at_install")
class TestDeliveredDialog(B2bReturnCommon):
    """The form's "Delivered" button and the list's action ask who received
    the goods (optional) and when."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.order = cls._delivered_order([(cls.paper, 10)])
        cls.picking = cls.order.picking_ids
        cls.action = cls.env.ref("b2b_order_mgmt.b2b_delivery_confirm_wizard_action")

    def _dialog(self, pickings):
        return Form(
            self.env[self.action.res_model]
            .with_user(self.stock_user)
            .with_context(active_model="stock.picking", active_ids=pickings.ids)
        )

    def test_form_button_opens_the_dialog(self):
        arch = (
            self.env["stock.picking"]
            .with_user(self.stock_user)
            .get_view(self.env.ref("stock.view_picking_form").id, "form")
        )["arch"]
        buttons = etree.fromstring(arch).xpath("//button[@string='Delivered']")
        # The next step once out for delivery; a shortcut once shipped.
        self.assertEqual(
            [button.get("class") for button in buttons], ["oe_highlight", None]
        )
        for button in buttons:
            self.assertEqual(button.get("type"), "action")
            self.assertEqual(button.get("name"), str(self.action.id))

    def test_receiver_is_optional(self):
        dialog = self._dialog(self.picking)
        self.assertFalse(dialog.received_by)
        self.assertAlmostEqual(
            dialog.delivered_date, fields.Datetime.now(), delta=timedelta(minutes=1)
        )
        dialog.save().action_confirm()
        self.assertEqual(self.picking.b2b_delivery_stage, "delivered")
        self.assertFalse(self.picking.b2b_received_by)

    def test_receiver_and_date_are_kept(self):
        dialog = self._dialog(self.picking)
        dialog.received_by = "Jane Storekeeper"
        delivered_on = fields.Datetime.now().replace(microsecond=0) - timedelta(hours=2)
        dialog.delivered_date = delivered_on
        dialog.save().action_confirm()
        self.assertEqual(self.picking.b2b_delivery_stage, "delivered")
        self.assertEqual(self.picking.b2b_received_by, "Jane Storekeeper")
        self.assertEqual(self.picking.b2b_delivered_date, delivered_on)

    def test_receiver_typed_on_the_delivery_is_proposed(self):
        self.picking.b2b_received_by = "Front desk"
        self.assertEqual(self._dialog(self.picking).received_by, "Front desk")

    def test_future_date_is_refused(self):
        dialog = self._dialog(self.picking)
        dialog.delivered_date = fields.Datetime.now() + timedelta(days=1)
        wizard = dialog.save()
        with self.assertRaisesRegex(UserError, "cannot be in the future"):
            wizard.action_confirm()
        self.assertEqual(self.picking.b2b_delivery_stage, "shipped")
        self.assertFalse(self.picking.b2b_delivered_date)

    def test_several_deliveries_from_the_list(self):
        self.assertEqual(self.action.binding_model_id.model, "stock.picking")
        self.assertEqual(self.action.binding_view_types, "list")
        other_order = self._delivered_order([(self.pens, 3)])
        pickings = self.picking | other_order.picking_ids
        dialog = self._dialog(pickings)
        dialog.received_by = "Dock 3"
        delivered_on = fields.Datetime.now().replace(microsecond=0) - timedelta(hours=1)
        dialog.delivered_date = delivered_on
        dialog.save().action_confirm()
        self.assertEqual(set(pickings.mapped("b2b_delivery_stage")), {"delivered"})
        self.assertEqual(set(pickings.mapped("b2b_delivered_date")), {delivered_on})
        self.assertEqual(set(pickings.mapped("b2b_received_by")), {"Dock 3"})

    def test_deliveries_not_shipped_are_refused(self):
        waiting = self._confirmed_order([(self.pens, 3)]).picking_ids
        dialog = self._dialog(self.picking | waiting)
        with self.assertRaisesRegex(UserError, waiting.name):
            dialog.save().action_confirm()
        self.assertEqual(self.picking.b2b_delivery_stage, "shipped")


@tagged("post_install", "-at_install")
class TestContractValues(B2bReturnCommon):
    """A required value missing or emptied, or a value a field cannot hold, on
    the contract's models is refused with a ValidationError naming the field,
    not by the database."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.order = cls._delivered_order([(cls.paper, 10)])
        cls.rule = cls._create_rule("Paper by the box", "line_qty", [(50, 10)])

    def _assert_refused(self, labels, call):
        with self.assertRaises(ValidationError) as caught:
            call()
        message = caught.exception.args[0]
        for label in labels:
            self.assertIn(label, message)
        return message

    def test_return_request_without_order(self):
        self._assert_refused(
            ["B2B Return Request", "“Sales Order”"],
            lambda: self.env["b2b.return.request"].create({"request_type": "return"}),
        )

    def test_return_line_without_order_line(self):
        draft = self._create_request(self.order, [])
        self._assert_refused(
            ["B2B Return Request Line", "“Order Line”"],
            lambda: self.env["b2b.return.request.line"].create(
                {"request_id": draft.id, "quantity": 1, "reason": "Too many"}
            ),
        )

    def test_return_line_without_request(self):
        self._assert_refused(
            ["“Return Request”"],
            lambda: self.env["b2b.return.request.line"].create(
                {"sale_line_id": self.order.order_line.id, "reason": "Too many"}
            ),
        )

    def test_threshold_without_rule_or_discount(self):
        self._assert_refused(
            ["B2B Bulk Discount Threshold", "“Rule”"],
            lambda: self.env["b2b.discount.rule.threshold"].create(
                {"min_value": 10, "discount": 5}
            ),
        )
        self._assert_refused(
            ["“Discount (%)”"],
            lambda: self.env["b2b.discount.rule.threshold"].create(
                {"rule_id": self.rule.id, "min_value": 100}
            ),
        )

    def test_tier_without_name_or_code(self):
        tiers = self.env["b2b.customer.tier"]
        message = self._assert_refused(
            ["B2B Customer Tier", "Name", "Code"], lambda: tiers.create({})
        )
        self.assertIn("these fields are required", message)
        self._assert_refused(["“Code”"], lambda: tiers.create({"name": "Bronze"}))
        self._assert_refused(
            ["“Name”"], lambda: tiers.create({"name": "  ", "code": "T-BRONZE"})
        )

    def test_rule_without_name(self):
        self._assert_refused(
            ["B2B Bulk Discount Rule", "“Name”"],
            lambda: self.env["b2b.discount.rule"].create({"basis": "line_qty"}),
        )

    def test_defaults_and_context_defaults_count(self):
        threshold = (
            self.env["b2b.discount.rule.threshold"]
            .with_context(default_rule_id=self.rule.id)
            .create({"min_value": 100, "discount": 15})
        )
        self.assertEqual(threshold.rule_id, self.rule)
        # The thresholds of a new rule get their rule from it.
        rule = self.env["b2b.discount.rule"].create(
            {
                "name": "Defaults only",
                "threshold_ids": [Command.create({"min_value": 1, "discount": 5})],
            }
        )
        self.assertEqual(rule.basis, "line_qty")
        self.assertEqual(rule.threshold_ids.discount, 5)

    def test_write_emptying_a_required_field(self):
        self._assert_refused(["“Code”"], lambda: self.tier_gold.write({"code": False}))
        self._assert_refused(["“Basis”"], lambda: self.rule.write({"basis": False}))
        draft = self._create_request(self.order, [(self.paper, 1)])
        self._assert_refused(
            ["“Sales Order”"],
            lambda: draft.with_user(self.salesman).write({"order_id": False}),
        )
        self._assert_refused(
            ["“Order Line”"], lambda: draft.line_ids.write({"sale_line_id": False})
        )
        self.assertEqual(self.tier_gold.code, "T-GOLD")

    def test_choice_that_is_not_offered(self):
        self._assert_refused(
            ["B2B Return Request", "“refund”", "“Type”"],
            lambda: self.env["b2b.return.request"].create(
                {"order_id": self.order.id, "request_type": "refund"}
            ),
        )
        self._assert_refused(["“Basis”"], lambda: self.rule.write({"basis": "weight"}))

    def test_record_that_does_not_exist(self):
        unknown = self.env["sale.order.line"].search([], order="id desc", limit=1)
        unknown_id = unknown.id + 1000
        draft = self._create_request(self.order, [])
        self._assert_refused(
            ["B2B Return Request Line", "“Order Line”", str(unknown_id)],
            lambda: self.env["b2b.return.request.line"].create(
                {"request_id": draft.id, "sale_line_id": unknown_id, "reason": "X"}
            ),
        )
        rule_id = self.rule.id
        self.rule.unlink()
        self._assert_refused(
            ["“Rule”"],
            lambda: self.env["b2b.discount.rule.threshold"].create(
                {"rule_id": rule_id, "discount": 5}
            ),
        )
        pricelist = self.env["product.pricelist"].create({"name": "Gone"})
        pricelist_id = pricelist.id
        pricelist.unlink()
        self._assert_refused(
            ["“Price List”"],
            lambda: self.tier_gold.write({"pricelist_id": pricelist_id}),
        )

    def test_message_in_the_users_language(self):
        self.env["res.lang"]._activate_lang("fr_FR")
        self.env["ir.module.module"]._load_module_terms(
            ["b2b_order_mgmt"], ["fr_FR"], overwrite=True
        )
        tiers = self.env["b2b.customer.tier"].with_context(lang="fr_FR")
        label = tiers._fields["code"]._description_string(tiers.env)
        message = self._assert_refused(
            [f"«\u00a0{label}\u00a0»"], lambda: tiers.create({"name": "Bronze"})
        )
        self.assertIn("est obligatoire", message)
