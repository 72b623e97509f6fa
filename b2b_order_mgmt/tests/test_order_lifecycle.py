# Copyright 2026 b2b_order_mgmt contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import tagged
from odoo.tools.safe_eval import safe_eval

from .common import B2bCommon


@tagged("post_install", "-at_install")
class TestOrderLifecycle(B2bCommon):
    """Deliveries go through packed, shipped, out for delivery and delivered; the
    order's status follows its least advanced delivery."""

    def _confirmed_order(self, lines=None):
        for product, quantity in lines or [(self.paper, 10)]:
            self._put_in_stock(product, quantity)
        order = self._create_order(lines or [(self.paper, 10)])
        order.action_confirm()
        return order

    # --- the journey -----------------------------------------------------------

    def test_full_journey_of_one_delivery(self):
        order = self._confirmed_order()
        picking = order.picking_ids
        self.assertTrue(picking.b2b_is_customer_delivery)
        self.assertEqual(picking.b2b_delivery_stage, "ready")
        self.assertEqual(order.b2b_state, "confirmed")

        picking.action_b2b_mark_packed()
        self.assertEqual(picking.b2b_delivery_stage, "packed")
        self.assertTrue(picking.b2b_packed_date)
        self.assertEqual(order.b2b_state, "packing")

        self._ship(picking)
        self.assertEqual(picking.b2b_delivery_stage, "shipped")
        self.assertTrue(picking.b2b_shipped_date)
        self.assertEqual(order.b2b_state, "shipped")

        picking.action_b2b_out_for_delivery()
        self.assertEqual(picking.b2b_delivery_stage, "out_for_delivery")
        self.assertEqual(order.b2b_state, "out_for_delivery")

        picking.action_b2b_mark_delivered(received_by="Jane Storekeeper")
        self.assertEqual(picking.b2b_delivery_stage, "delivered")
        self.assertEqual(picking.b2b_received_by, "Jane Storekeeper")
        self.assertTrue(picking.b2b_delivered_date)
        self.assertEqual(order.b2b_state, "delivered")

    def test_quotation_and_cancelled_states(self):
        self._put_in_stock(self.paper, 10)
        order = self._create_order([(self.paper, 10)])
        self.assertEqual(order.b2b_state, "quotation")
        order.action_confirm()
        order._action_cancel()
        self.assertEqual(order.b2b_state, "cancelled")
        self.assertFalse(order.picking_ids.b2b_delivery_stage)

    def test_without_stock_the_delivery_waits(self):
        order = self._create_order([(self.paper, 10)])
        order.action_confirm()
        self.assertEqual(order.picking_ids.b2b_delivery_stage, "waiting")
        with self.assertRaisesRegex(UserError, "ready to ship"):
            order.picking_ids.action_b2b_mark_packed()

    def test_order_without_delivery_is_confirmed(self):
        service = self.env["product.product"].create(
            {"name": "Installation", "type": "service", "list_price": 50}
        )
        order = self._create_order([(service, 1)])
        order.action_confirm()
        self.assertFalse(order.picking_ids)
        self.assertEqual(order.b2b_state, "confirmed")

    def test_packing_can_be_skipped(self):
        order = self._confirmed_order()
        self._ship(order.picking_ids)
        self.assertEqual(order.b2b_state, "shipped")
        self.assertFalse(order.picking_ids.b2b_packed_date)

    # --- refusals and repeated steps ----------------------------------------------

    def test_steps_out_of_order_are_refused_with_the_delivery_name(self):
        order = self._confirmed_order()
        picking = order.picking_ids
        with self.assertRaisesRegex(UserError, picking.name):
            picking.action_b2b_out_for_delivery()
        with self.assertRaisesRegex(UserError, "Only shipped deliveries"):
            picking.action_b2b_mark_delivered(received_by="Someone")
        self.assertEqual(picking.b2b_delivery_stage, "ready")

    def test_who_received_it_is_optional(self):
        order = self._confirmed_order()
        picking = order.picking_ids
        self._ship(picking)
        picking.action_b2b_mark_delivered()
        self.assertEqual(picking.b2b_delivery_stage, "delivered")
        self.assertFalse(picking.b2b_received_by)
        # Typed on the delivery before: kept.
        other = self._confirmed_order().picking_ids
        self._ship(other)
        other.b2b_received_by = "Front desk"
        other.action_b2b_mark_delivered()
        self.assertEqual(other.b2b_received_by, "Front desk")

    def test_repeated_step_changes_nothing(self):
        order = self._confirmed_order()
        picking = order.picking_ids
        picking.action_b2b_mark_packed()
        packed_date = picking.b2b_packed_date
        picking.action_b2b_mark_packed()
        self.assertEqual(picking.b2b_packed_date, packed_date)
        self._ship(picking)
        picking.action_b2b_mark_packed()
        picking.action_b2b_out_for_delivery()
        out_date = picking.b2b_out_for_delivery_date
        picking.action_b2b_out_for_delivery()
        self.assertEqual(picking.b2b_out_for_delivery_date, out_date)
        self.assertEqual(picking.b2b_delivery_stage, "out_for_delivery")

    def test_receipts_have_no_delivery_stage(self):
        receipt = self.env["stock.picking"].create(
            {
                "picking_type_id": self.warehouse.in_type_id.id,
                "location_id": self.env.ref("stock.stock_location_suppliers").id,
                "location_dest_id": self.stock_location.id,
                "move_ids": [
                    Command.create(
                        {
                            "name": "Paper in",
                            "product_id": self.paper.id,
                            "product_uom_qty": 5,
                            "location_id": self.env.ref(
                                "stock.stock_location_suppliers"
                            ).id,
                            "location_dest_id": self.stock_location.id,
                        }
                    )
                ],
            }
        )
        receipt.action_confirm()
        self.assertFalse(receipt.b2b_is_customer_delivery)
        self.assertFalse(receipt.b2b_delivery_stage)
        with self.assertRaisesRegex(UserError, receipt.name):
            receipt.action_b2b_mark_packed()

    # --- several deliveries -----------------------------------------------------------

    def test_partial_delivery_and_backorder(self):
        order = self._confirmed_order([(self.paper, 10), (self.pens, 5)])
        first = order.picking_ids
        self._ship(first, {self.paper: 6, self.pens: 5})
        backorder = order.picking_ids - first
        self.assertEqual(backorder.backorder_id, first)
        self.assertEqual(first.b2b_delivery_stage, "shipped")
        self.assertIn(backorder.b2b_delivery_stage, ("waiting", "ready"))
        self.assertEqual(order.b2b_state, "partially_shipped")

        first.action_b2b_out_for_delivery()
        first.action_b2b_mark_delivered(received_by="Dock 3")
        self.assertEqual(order.b2b_state, "partially_shipped", "4 still to ship")

        self._ship(backorder)
        self.assertEqual(order.b2b_state, "shipped")
        backorder.action_b2b_mark_delivered(received_by="Dock 3")
        self.assertEqual(order.b2b_state, "delivered")

    def test_cancelled_backorder_no_longer_holds_the_order(self):
        order = self._confirmed_order([(self.paper, 10)])
        first = order.picking_ids
        self._ship(first, {self.paper: 6})
        backorder = order.picking_ids - first
        self.assertEqual(order.b2b_state, "partially_shipped")
        backorder.action_cancel()
        self.assertEqual(order.b2b_state, "shipped")

    def test_many_deliveries_out_for_delivery_at_once(self):
        orders = self._confirmed_order() | self._confirmed_order()
        pickings = orders.picking_ids
        for picking in pickings:
            self._ship(picking)
        action = self.env.ref("b2b_order_mgmt.action_b2b_out_for_delivery")
        action.with_context(active_model="stock.picking", active_ids=pickings.ids).run()
        self.assertEqual(
            set(pickings.mapped("b2b_delivery_stage")), {"out_for_delivery"}
        )
        self.assertEqual(set(orders.mapped("b2b_state")), {"out_for_delivery"})

    # --- the Order Tracking screen ---------------------------------------------------

    def _tracking_columns(self):
        """The Order Tracking kanban's columns, and its domain."""
        action = self.env.ref("b2b_order_mgmt.action_b2b_order_tracking")
        domain = safe_eval(action.domain)
        groups = self.env["sale.order"].read_group(domain, ["b2b_state"], ["b2b_state"])
        return [group["b2b_state"] for group in groups], domain

    def test_order_tracking_shows_the_journey(self):
        action = self.env.ref("b2b_order_mgmt.action_b2b_order_tracking")
        self.assertEqual(
            action.view_ids.view_id,
            self.env.ref("b2b_order_mgmt.view_sale_order_kanban_b2b_tracking"),
        )
        journey = ["confirmed", "packing", "shipped", "out_for_delivery", "delivered"]
        columns, domain = self._tracking_columns()
        self.assertEqual([column for column in columns if column in journey], journey)
        for column in set(columns) - set(journey):
            self.assertTrue(
                self.env["sale.order"].search_count(
                    [*domain, ("b2b_state", "=", column)]
                ),
                f"no empty {column} column",
            )
        order = self._confirmed_order([(self.paper, 10)])
        first = order.picking_ids
        first.carrier_tracking_ref = "TRK-1"
        self._ship(first, {self.paper: 6})
        (order.picking_ids - first).carrier_tracking_ref = "TRK-2"
        columns, _domain = self._tracking_columns()
        self.assertIn("partially_shipped", columns)
        self.assertEqual(
            columns.index("partially_shipped"), columns.index("packing") + 1
        )
        self.assertEqual(order.b2b_tracking_ref, "TRK-1, TRK-2")

    def test_warehouse_operator_drives_the_stages(self):
        order = self._confirmed_order()
        picking = order.picking_ids.with_user(self.stock_user)
        picking.action_b2b_mark_packed()
        self.assertEqual(picking.b2b_delivery_stage, "packed")

    def test_status_changes_are_tracked_in_the_chatter(self):
        tracking_env = self.env(
            context=dict(self.env.context, tracking_disable=False, mail_notrack=False)
        )
        self._put_in_stock(self.paper, 10)
        order = self._create_order([(self.paper, 10)]).with_env(tracking_env)
        order.action_confirm()
        # Odoo does not track changes of records created in the same transaction:
        # end it as a request would (recomputations in the request's environment).
        tracking_env.flush_all()
        self.env.cr.flush()
        picking = order.picking_ids
        picking.action_b2b_mark_packed()
        tracking_env.flush_all()
        self.env.cr.flush()
        self.assertEqual(self._tracked_values(order, "b2b_state"), ["Packing"])
        self.assertEqual(
            self._tracked_values(picking, "b2b_delivery_stage"), ["Packed"]
        )

    def _tracked_values(self, record, field_name):
        return (
            self.env["mail.tracking.value"]
            .search(
                [
                    ("mail_message_id.model", "=", record._name),
                    ("mail_message_id.res_id", "=", record.id),
                    ("field_id.name", "=", field_name),
                ],
                order="id",
            )
            .mapped("new_value_char")
        )
