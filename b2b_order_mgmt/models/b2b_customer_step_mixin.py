# Copyright 2026 b2b_order_mgmt contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models


def build_portal_steps(steps):
    """The journey the customer portal shows, from ``steps`` in their order:
    dicts with ``key``, ``label``, ``date`` (False while not recorded) and,
    optionally, ``reached`` (reached without a date) and ``note``.

    A step is reached when it, or a later one, has a date or is reached: a
    step skipped (shipped without packing) or older than its date counts as
    reached, without a date. The last reached one is ``current``.

    :return: the same dicts, each with ``reached``, ``current`` and ``note``
    """
    last = max(
        (
            index
            for index, step in enumerate(steps)
            if step["date"] or step.get("reached")
        ),
        default=-1,
    )
    for index, step in enumerate(steps):
        step["reached"] = index <= last
        step["current"] = index == last
        step.setdefault("note", False)
    return steps


class B2bCustomerStepMixin(models.AbstractModel):
    """A document of a sales order whose customer follows its steps (a
    delivery, a return request). Each step is recorded once, with its date,
    and the customer is told once: a step repeated (double click,
    re-validation, retried transaction) never mails twice."""

    _name = "b2b.customer.step.mixin"
    _description = "B2B Customer Steps"

    # Each model sets them: its sales order field, {step: date field},
    # {step: e-mail template xmlid} and the subtype of those e-mails.
    _b2b_order_field = None
    _b2b_step_date_fields = {}
    _b2b_step_templates = {}
    _b2b_step_subtype = None

    def _b2b_get_email_order(self):
        """The sales order whose e-mails this document's e-mails follow."""
        self.ensure_one()
        return self[self._b2b_order_field]

    def _b2b_record_step(self, step, date=None):
        """The one place where documents reach a step: record its date
        (``date``, else now) and tell the customer. A step already recorded is
        left alone.

        :return: the documents that reached the step now
        """
        date_field = self._b2b_step_date_fields[step]
        reaching = self._b2b_filter_with_steps().filtered(
            lambda record: not record[date_field]
        )
        if reaching:
            # sudo: callers checked access; only the steps write their dates.
            reaching.sudo().write({date_field: date or fields.Datetime.now()})
            reaching._b2b_filter_told(step)._b2b_send_step_email(step)
        return reaching

    def _b2b_filter_with_steps(self):
        """The documents that go through the steps."""
        return self

    def _b2b_filter_told(self, step):
        """The documents whose customer gets the e-mail of ``step``."""
        return self

    def _b2b_send_step_email(self, step):
        template = self.env.ref(
            self._b2b_step_templates[step], raise_if_not_found=False
        )
        if not template or not self:
            return
        # sudo: the user who moved the document on (a warehouse user, a
        # customer in the portal) may not read the order or the template.
        self.env["b2b.customer.email"]._b2b_send(
            self.sudo(),
            template,
            subtype_xmlid=self._b2b_step_subtype,
            email_layout_xmlid="mail.mail_notification_light",
        )

    def _b2b_get_step_items(self):
        """The steps the portal shows, in order, for build_portal_steps()."""
        raise NotImplementedError

    def _b2b_get_portal_steps(self, before=()):
        """The document's journey for the customer portal, after the steps
        ``before`` (see build_portal_steps()). Call it after checking access
        (in sudo for a token visitor)."""
        self.ensure_one()
        return build_portal_steps([*before, *self._b2b_get_step_items()])
