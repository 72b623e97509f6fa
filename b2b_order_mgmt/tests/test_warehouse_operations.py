# Copyright 2026 b2b_order_mgmt contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import re

from lxml import etree, html

from odoo.tests import tagged
from odoo.tools.safe_eval import safe_eval

from ..hooks import post_init_hook
from .common import B2bCommon


@tagged("post_install", "-at_install")
class TestWarehouseOperations(B2bCommon):
    """The delivery stages follow what the warehouse does in Odoo: the pick and
    pack operations of multi-step warehouses, Put in Pack, partial shipments;
    deliveries older than the install keep what their state says."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.customer.email = "orders@acme.example"

    def _confirmed_order(self, lines):
        for product, quantity in lines:
            self._put_in_stock(product, quantity)
        order = self._create_order(lines)
        order.action_confirm()
        self._send_pending_confirmations()
        return order

    def _text(self, message):
        """The e-mail as its reader sees it, on one line."""
        return " ".join(html.fromstring(message.body).text_content().split())

    def _primary_buttons(self, picking):
        """The strings of the primary buttons the delivery form shows for
        ``picking``, its header's ``invisible`` evaluated on its values."""
        arch = picking.get_view(self.env.ref("stock.view_picking_form").id, "form")
        header = etree.fromstring(arch["arch"]).xpath("//header")[0]
        shown = []
        for button in header.xpath("./button[contains(@class, 'oe_highlight')]"):
            invisible = button.get("invisible") or "False"
            names = set(re.findall(r"[a-z_][a-z0-9_]*", invisible)) & set(
                picking._fields
            )
            values = {
                name: picking[name].id
                if picking._fields[name].relational
                else picking[name]
                for name in names
            }
            if not safe_eval(invisible, values):
                shown.append(button.get("string"))
        return shown

    # --- the delivery form --------------------------------------------------------

    def test_the_form_has_one_primary_button_the_next_step(self):
        order = self._confirmed_order([(self.paper, 10)])
        delivery = order.picking_ids
        self.assertEqual(self._primary_buttons(delivery), ["Mark Packed"])
        delivery.action_b2b_mark_packed()
        self.assertEqual(self._primary_buttons(delivery), ["Validate"])
        self._ship(delivery)
        self.assertEqual(self._primary_buttons(delivery), ["Out for Delivery"])
        delivery.action_b2b_out_for_delivery()
        self.assertEqual(self._primary_buttons(delivery), ["Delivered"])
        delivery.action_b2b_mark_delivered()
        self.assertEqual(self._primary_buttons(delivery), [])
        walk_in = self.env["res.partner"].create({"name": "Walk-in"})
        self._put_in_stock(self.paper, 10)
        other = self._create_order([(self.paper, 10)], partner=walk_in)
        other.action_confirm()
        self.assertEqual(self._primary_buttons(other.picking_ids), ["Validate"])

    # --- multi-step warehouses ------------------------------------------------------

    def test_two_steps_the_pick_done_packs_the_delivery(self):
        self.warehouse.delivery_steps = "pick_ship"
        order = self._confirmed_order([(self.paper, 10)])
        pick = order.picking_ids
        self.assertEqual(pick.picking_type_id, self.warehouse.pick_type_id)
        self.assertFalse(pick.b2b_delivery_stage, "an internal operation")
        self._ship(pick)
        delivery = order.picking_ids - pick
        self.assertTrue(delivery.b2b_is_customer_delivery)
        self.assertEqual(delivery.b2b_delivery_stage, "packed")
        self.assertEqual(order.b2b_state, "packing")
        self.assertEqual(
            self._stage_emails(delivery).mapped("subject"),
            [f"Your order {order.name} has been packed"],
        )
        self._ship(delivery)
        self.assertEqual(delivery.b2b_delivery_stage, "shipped")
        self.assertEqual(order.b2b_state, "shipped")

    def test_three_steps_the_pack_done_packs_the_delivery(self):
        self.warehouse.delivery_steps = "pick_pack_ship"
        order = self._confirmed_order([(self.paper, 10)])
        pick = order.picking_ids
        self._ship(pick)
        pack = order.picking_ids - pick
        self.assertEqual(pack.picking_type_id, self.warehouse.pack_type_id)
        self.assertEqual(order.b2b_state, "confirmed", "picked, not packed yet")
        self._ship(pack)
        delivery = order.picking_ids - pick - pack
        self.assertEqual(delivery.picking_type_id, self.warehouse.out_type_id)
        self.assertEqual(delivery.b2b_delivery_stage, "packed")
        self.assertTrue(delivery.b2b_packed_date)
        self.assertEqual(order.b2b_state, "packing")
        self.assertEqual(len(self._stage_emails(delivery)), 1)
        self._ship(delivery)
        self.assertEqual(order.b2b_state, "shipped")
        self.assertEqual(len(self._stage_emails(delivery)), 2, "packed, shipped")

    # --- Put in Pack ------------------------------------------------------------------

    def test_put_in_pack_of_every_item_packs_the_delivery(self):
        order = self._confirmed_order([(self.paper, 10), (self.pens, 5)])
        delivery = order.picking_ids
        paper_lines = delivery.move_line_ids.filtered(
            lambda line: line.product_id == self.paper
        )
        delivery.action_put_in_pack(move_lines_to_pack=paper_lines)
        self.assertEqual(delivery.b2b_delivery_stage, "ready", "pens not packed")
        self.assertFalse(self._stage_emails(delivery))
        delivery.action_put_in_pack()
        self.assertEqual(delivery.b2b_delivery_stage, "packed")
        self.assertEqual(order.b2b_state, "packing")
        self.assertEqual(len(self._stage_emails(delivery)), 1)
        self._ship(delivery)
        self.assertEqual(delivery.b2b_delivery_stage, "shipped")

    # --- partial shipments ------------------------------------------------------------

    def test_partial_shipment_says_what_ships_now_and_what_follows(self):
        order = self._confirmed_order([(self.paper, 10), (self.pens, 5)])
        first = order.picking_ids
        self._ship(first, {self.paper: 6, self.pens: 5})
        backorder = order.picking_ids - first
        self.assertEqual(order.b2b_state, "partially_shipped")
        shipped = self._stage_emails(first)
        self.assertEqual(len(shipped), 1)
        now, _sep, later = self._text(shipped).partition(
            "Still to follow, in a later delivery:"
        )
        self.assertIn(f"Part of your order {order.name} has been shipped", now)
        self.assertIn("In this delivery:", now)
        self.assertIn(f"{self.paper.display_name}: 6 Units", now)
        self.assertIn(f"{self.pens.display_name}: 5 Units", now)
        self.assertIn(f"{self.paper.display_name}: 4 Units", later)
        self.assertNotIn(self.pens.display_name, later)

        self._ship(backorder)
        self.assertEqual(order.b2b_state, "shipped")
        last = self._text(self._stage_emails(backorder))
        self.assertIn(f"{self.paper.display_name}: 4 Units", last)
        self.assertIn(f"Your order {order.name} has been shipped", last)
        self.assertNotIn("Still to follow", last, "nothing left to ship")

    # --- dropship (stock_dropshipping, installed in the test database) ---------------

    def _dropshipped_order(self):
        """A B2B order of a product the vendor ships straight to the customer:
        its purchase order confirmed, the vendor's delivery created."""
        vendor = self.env["res.partner"].create({"name": "Paper Mill"})
        product = self.env["product.product"].create(
            {
                "name": "Drop-shipped Paper",
                "is_storable": True,
                "list_price": 5.0,
                "route_ids": [
                    (6, 0, self.env.ref("stock_dropshipping.route_drop_shipping").ids)
                ],
                "seller_ids": [(0, 0, {"partner_id": vendor.id, "price": 3.0})],
            }
        )
        order = self._confirmed_order([(product, 10)])
        purchase = self.env["purchase.order"].search(
            [("group_id", "=", order.procurement_group_id.id)]
        )
        purchase.button_confirm()
        return order

    def test_dropship_goes_through_shipped_then_delivered(self):
        order = self._dropshipped_order()
        dropship = order.picking_ids
        self.assertEqual(dropship.picking_type_code, "dropship")
        self.assertTrue(dropship.b2b_is_b2b_delivery)
        self.assertEqual(
            dropship.b2b_delivery_stage, "waiting", "the vendor prepares it"
        )
        self.assertEqual(order.b2b_state, "confirmed")
        self.assertEqual(self._primary_buttons(dropship), ["Validate"])
        self._ship(dropship)
        self.assertEqual(dropship.b2b_delivery_stage, "shipped")
        self.assertEqual(order.b2b_state, "shipped")
        self.assertEqual(
            self._primary_buttons(dropship), ["Delivered"], "no Out for Delivery"
        )
        dropship.action_b2b_mark_delivered()
        self.assertEqual(order.b2b_state, "delivered")
        self.assertEqual(
            self._stage_emails(dropship).mapped("subject"),
            [
                f"Your order {order.name} has been shipped",
                f"Your order {order.name} has been delivered",
            ],
        )
        timeline = order._b2b_get_portal_timelines()[0]["steps"]
        self.assertEqual(
            [step["key"] for step in timeline], ["confirmed", "shipped", "delivered"]
        )
        # Returns cover the company's own deliveries, not the vendor's.
        self.assertFalse(order._b2b_get_returnable_lines())
        self.assertIn(
            "shipped to you by our supplier", order._b2b_get_return_unavailability()
        )

    def test_the_backorder_of_a_packed_delivery_stays_packed(self):
        order = self._confirmed_order([(self.paper, 10)])
        first = order.picking_ids
        first.action_b2b_mark_packed()
        self._ship(first, {self.paper: 6})
        backorder = order.picking_ids - first
        self.assertEqual(backorder.b2b_delivery_stage, "packed")
        self.assertEqual(backorder.b2b_packed_date, first.b2b_packed_date)
        self.assertFalse(self._stage_emails(backorder), "packed was told once")

    # --- installing on a database with past deliveries --------------------------------

    def test_install_marks_past_deliveries_delivered_without_email(self):
        past = self._confirmed_order([(self.paper, 10)])
        self._ship(past.picking_ids)
        pending = self._confirmed_order([(self.pens, 5)])
        messages = self.env["mail.message"].search_count([])
        post_init_hook(self.env)
        delivery = past.picking_ids
        self.assertEqual(delivery.b2b_delivery_stage, "delivered")
        self.assertEqual(delivery.b2b_delivered_date, delivery.date_done)
        self.assertEqual(past.b2b_state, "delivered")
        self.assertEqual(pending.picking_ids.b2b_delivery_stage, "ready")
        self.assertEqual(pending.b2b_state, "confirmed")
        self.assertEqual(
            self.env["mail.message"].search_count([]),
            messages,
            "no e-mail, no chatter message",
        )
