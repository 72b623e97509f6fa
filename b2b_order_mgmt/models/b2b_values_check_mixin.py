# Copyright 2026 b2b_order_mgmt contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from collections import defaultdict

from odoo import api, models
from odoo.exceptions import ValidationError

from ..order_entry import parser

# Given empty, they are stored as 0 or False: only left out, without a default,
# do they reach the database empty.
NUMERIC_TYPES = {"boolean", "integer", "float", "monetary"}


class B2bValuesCheckMixin(models.AbstractModel):
    """Values checked before the database does it: a record created without a
    required value, written with one emptied, or given a value its field cannot
    hold (a choice it does not offer, a record that does not exist) is refused
    with a ValidationError naming the field as the user sees it. Python callers
    (imports, scripts, other addons) get it instead of the database's errors.

    Inherit it last in ``_inherit``: the model's own create runs before it and
    may still fill in values."""

    _name = "b2b.values.check.mixin"
    _description = "B2B Values Check"

    @api.model_create_multi
    def create(self, vals_list):
        self._b2b_check_required_values(vals_list, create=True)
        self._b2b_check_given_values(vals_list)
        return super().create(vals_list)

    def write(self, vals):
        self._b2b_check_required_values([vals])
        self._b2b_check_given_values([vals])
        return super().write(vals)

    @api.model
    def _b2b_check_required_values(self, vals_list, create=False):
        """Raise a ValidationError when a required field is empty in the values
        (``create``: or left out, without a default nor a computation)."""
        required = [
            field
            for field in self._fields.values()
            if field.required
            and field.store
            and field.type not in ("one2many", "many2many")
        ]
        defaults = {}
        for vals in vals_list:
            left_out = tuple(
                field.name
                for field in required
                if create and field.name not in vals and not field.compute
            )
            if left_out and left_out not in defaults:
                defaults[left_out] = self.default_get(list(left_out))
            missing = [
                field
                for field in required
                if (
                    field.name in vals
                    and self._b2b_is_empty_value(field, vals[field.name])
                )
                or (
                    field.name in left_out
                    and (
                        field.name not in defaults[left_out]
                        or self._b2b_is_empty_value(
                            field, defaults[left_out][field.name]
                        )
                    )
                )
            ]
            if missing:
                self._b2b_raise_missing(missing)

    @api.model
    def _b2b_check_given_values(self, vals_list):
        """Raise a ValidationError when a text holds control characters (the
        database refuses NUL), a choice is not one of its field's or a record
        given by its id does not exist (one query per field)."""
        references = defaultdict(set)
        for vals in vals_list:
            for name, value in vals.items():
                field = self._fields.get(name)
                if not (field and field.store and value):
                    continue
                if (
                    field.type in ("char", "text")
                    and isinstance(value, str)
                    and parser.has_control_characters(value)
                ):
                    raise ValidationError(
                        self.env._(
                            "%(model)s: the field “%(field)s” holds control "
                            "characters (such as NUL) that cannot be saved: remove "
                            "them.",
                            model=self._b2b_get_model_label(),
                            field=field._description_string(self.env),
                        )
                    )
                if field.type == "selection" and isinstance(value, str):
                    if value not in field.get_values(self.env):
                        raise ValidationError(
                            self.env._(
                                "%(model)s: “%(value)s” is not one of the choices "
                                "of the field “%(field)s”.",
                                model=self._b2b_get_model_label(),
                                value=value,
                                field=field._description_string(self.env),
                            )
                        )
                elif (
                    field.type == "many2one"
                    and isinstance(value, int)
                    and not isinstance(value, bool)
                ):
                    references[field].add(value)
        for field, ids in references.items():
            found = self.env[field.comodel_name].browse(ids).exists()
            if unknown := ids - set(found.ids):
                raise ValidationError(
                    self.env._(
                        "%(model)s: the field “%(field)s” refers to a record that "
                        "does not exist (id %(ids)s).",
                        model=self._b2b_get_model_label(),
                        field=field._description_string(self.env),
                        ids=", ".join(str(id_) for id_ in sorted(unknown)),
                    )
                )

    @api.model
    def _b2b_is_empty_value(self, field, value):
        if field.type in NUMERIC_TYPES:
            # Stored as 0 or False: a value all the same.
            return False
        if isinstance(value, str):
            return not value.strip()
        return not value

    @api.model
    def _b2b_get_model_label(self):
        # sudo: the model's name, translated, for users who cannot read models.
        return self.env["ir.model"].sudo()._get(self._name).name or self._description

    @api.model
    def _b2b_raise_missing(self, missing_fields):
        labels = [field._description_string(self.env) for field in missing_fields]
        if len(labels) == 1:
            message = self.env._(
                "%(model)s: the field “%(field)s” is required.",
                model=self._b2b_get_model_label(),
                field=labels[0],
            )
        else:
            message = self.env._(
                "%(model)s: these fields are required: %(fields)s.",
                model=self._b2b_get_model_label(),
                fields=", ".join(labels),
            )
        raise ValidationError(message)
