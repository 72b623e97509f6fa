import { Component, onWillStart } from "@odoo/owl";
import { _t } from "@web/core/l10n/translation";
import { usePopover } from "@web/core/popover/popover_hook";
import { registry } from "@web/core/registry";
import { useService } from "@web/core/utils/hooks";
import { formatMonetary } from "@web/views/fields/formatters";
import { standardFieldProps } from "@web/views/fields/standard_field_props";

/**
 * The price story of one order line: from its list price to its net price,
 * one row per discount, read from the server when the popover opens.
 */
export class PriceStoryPopover extends Component {
    static template = "b2b_order_mgmt.PriceStoryPopover";
    static props = {
        // False while the line (or the order) has unsaved changes: the server
        // would tell the story of the saved line, not the one on screen.
        lineId: { type: [Number, Boolean] },
        close: Function,
    };

    setup() {
        this.orm = useService("orm");
        onWillStart(async () => {
            if (this.props.lineId) {
                this.story = await this.orm.call("sale.order.line", "b2b_get_price_story", [
                    [this.props.lineId],
                ]);
            }
        });
    }

    get savingsOn() {
        return _t("Savings on %(quantity)s %(uom)s", {
            quantity: this.story.quantity,
            uom: this.story.uom,
        });
    }

    formatAmount(amount) {
        // A price list's own price has no unit price of its step.
        if (amount === null || amount === undefined) {
            return "";
        }
        return formatMonetary(amount, { currencyId: this.story.currency_id });
    }
}

/**
 * An icon on each product line of the quotation: one click opens its price
 * story. Placed on the line's ``id``: the story exists only for saved lines.
 */
export class PriceStoryField extends Component {
    static template = "b2b_order_mgmt.PriceStoryField";
    static props = { ...standardFieldProps };

    setup() {
        // On the left: the line's amounts stay in sight, right of the icon.
        this.popover = usePopover(PriceStoryPopover, { position: "left" });
    }

    get isProductLine() {
        const { data } = this.props.record;
        // A coupon's line has no story of its own: each product line's story
        // tells its share of the coupon.
        return (
            Boolean(data.product_id) &&
            !data.display_type &&
            !data.is_reward_line &&
            !data.is_downpayment
        );
    }

    openStory(ev) {
        const record = this.props.record;
        const saved = !record.isNew && !record.model.root.dirty;
        this.popover.open(ev.currentTarget, { lineId: saved ? record.resId : false });
    }
}

export const priceStoryField = {
    component: PriceStoryField,
    supportedTypes: ["integer"],
    // An icon's width: the column must not take the description's room.
    listViewWidth: 32,
};

registry.category("fields").add("b2b_price_story", priceStoryField);
