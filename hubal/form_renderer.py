"""The form renderer: Django's own, with its most used widget templates rendered in Python.

Django renders every widget, and every `<option>` of a select, through a template of its own (`select.html`
includes `select_option.html` once per option, which includes `attrs.html`). The activity form has about 560
options (office partners, agreements, kinds), so the widget templates cost more than the rest of the page
(about 20 ms of a 45 ms page at scale 10, bench/bench_load.py). `FormRenderer` renders the stock select
(with its options), input, checkbox/radio list and textarea templates with the same code paths a template would take
(escaping, localisation, the `is not False` / `is not True` rules of `attrs.html`) and produces the same
characters; tests/test_form_renderer.py compares both outputs over every widget the portal's forms use.
Any other template, and any widget whose options use a template of their own, goes through Django's engine.

The portal's own field markup (label with its required mark, widget, help text, errors: templates/includes/
field.html) is rendered in Python too, by the `{% field_row form.title %}` tag: a record form has about twenty
such rows, and each `{% include %}` of the template cost about 0.19 ms of template work. Same characters
(tests/test_field_rows.py compares the tag with the template on the portal's forms and pages); the template
stays the reference.

Settings: `FORM_RENDERER = "hubal.form_renderer.FormRenderer"`; the tag is a template builtin (TEMPLATES
"builtins": no `{% load %}`).
"""

from __future__ import annotations

import html
from collections.abc import Callable

from django import forms, template
from django.forms.renderers import DjangoTemplates, get_default_renderer
from django.utils.formats import localize
from django.utils.html import conditional_escape
from django.utils.safestring import SafeData, SafeString, mark_safe
from django.utils.timezone import template_localtime

WIDGETS = "django/forms/widgets/"
# The stock input templates that only include input.html.
INPUTS = (
    "input",
    "text",
    "number",
    "email",
    "url",
    "password",
    "hidden",
    "date",
    "datetime",
    "time",
    "search",
    "tel",
    "color",
    "checkbox",
    "file",
)


def _text(value) -> str:
    """`{{ value }}` in an autoescaping template (render_value_in_context)."""
    if type(value) is str:  # the common case: nothing to localise, not marked safe
        return html.escape(value)
    value = localize(template_localtime(value))
    if not issubclass(type(value), str):
        value = str(value)
    return conditional_escape(value)


def _string(value) -> str:
    """`{{ value|stringformat:'s' }}`: no localisation; a safe string stays unescaped (the filter is_safe)."""
    text = "%s" % (value,)  # noqa: UP031 - the filter's own formatting
    return text if isinstance(value, SafeData) else html.escape(text)


def _attrs(attrs: dict) -> str:
    """attrs.html: ` name="value"`, a bare ` name` for True, nothing for False."""
    parts = []
    for name, value in attrs.items():
        if value is False:
            continue
        parts.append(f" {_text(name)}" if value is True else f' {_text(name)}="{_string(value)}"')
    return "".join(parts)


def _input(widget: dict) -> str:
    value = "" if widget["value"] is None else f' value="{_string(widget["value"])}"'
    return f'<input type="{_text(widget["type"])}" name="{_text(widget["name"])}"{value}{_attrs(widget["attrs"])}>'


def _option(widget: dict) -> str:
    value, label = _string(widget["value"]), _text(widget["label"])
    return f'<option value="{value}"{_attrs(widget["attrs"])}>{label}</option>'


def _input_option(widget: dict) -> str:
    """input_option.html as included by multiple_input.html (the trailing newlines of the template files
    included: input.html, input_option.html, and checkbox_option/radio_option.html around it)."""
    markup = _input(widget) + "\n"
    if widget.get("wrap_label"):
        target = widget["attrs"].get("id")
        label_for = f' for="{_text(target)}"' if target else ""
        markup = f"<label{label_for}>{markup} {_text(widget['label'])}</label>"
    wrappers = "\n" if widget["template_name"] != WIDGETS + "input_option.html" else ""
    return markup + "\n" + wrappers


def _textarea(widget: dict) -> str:
    value = _text(widget["value"]) if widget["value"] else ""
    return f'<textarea name="{_text(widget["name"])}"{_attrs(widget["attrs"])}>\n{value}</textarea>'


OPTION_TEMPLATES = {WIDGETS + name for name in ("input_option.html", "checkbox_option.html", "radio_option.html")}


def _multiple_input(widget: dict) -> str | None:
    """multiple_input.html (checkboxes and radio buttons), each option through input_option.html."""
    target, css = widget["attrs"].get("id"), widget["attrs"].get("class")
    id_attr = f' id="{_text(target)}"' if target else ""
    class_attr = f' class="{_text(css)}"' if css else ""
    parts = [f"<div{id_attr}{class_attr}>"]
    for group_name, options, _index in widget["optgroups"]:
        if group_name:
            parts.append(f"\n  <div><label>{_text(group_name)}</label>")
        for option in options:
            if option.get("template_name") not in OPTION_TEMPLATES:
                return None
            parts.append(f"<div>\n    {_input_option(option)}</div>")
        if group_name:
            parts.append("\n  </div>")
    parts.append("\n</div>")
    return "".join(parts)


def _select(widget: dict) -> str | None:
    parts = [f'<select name="{_text(widget["name"])}"{_attrs(widget["attrs"])}>']
    for group_name, options, _index in widget["optgroups"]:
        if group_name:
            parts.append(f'\n  <optgroup label="{_text(group_name)}">')
        for option in options:
            if option.get("template_name") != WIDGETS + "select_option.html":
                return None  # an option with a template of its own: let the engine render it
            parts.append(f"\n  {_option(option)}\n")
        if group_name:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>")
    return "".join(parts)


def _plain_option(value, label, chosen: set[str]) -> str:
    key = str(value)
    selected = " selected" if key in chosen else ""
    shown = key if type(value) is int else _string(value)  # a number has nothing to escape
    return f'\n  <option value="{shown}"{selected}>{_text(label)}</option>\n'


def _select_from_choices(name: str, attrs: dict, choices, chosen: set[str]) -> str:
    """What `_select` makes of a select whose options have no attributes but `selected`, read straight from its
    choices ((value, label), or (group, [(value, label), …])) as Select.optgroups would read them."""
    parts = [f'<select name="{_text(name)}"{_attrs(attrs)}>']
    for value, label in choices:
        if not isinstance(label, list | tuple):
            parts.append(_plain_option("" if value is None else value, label, chosen))
            continue
        if value:
            parts.append(f'\n  <optgroup label="{_text(value)}">')
        parts.extend(_plain_option(option, option_label, chosen) for option, option_label in label)
        if value:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>")
    return "".join(parts)


class PlainOptionsSelectMultiple(forms.SelectMultiple):
    """A <select multiple> whose options carry no attributes of their own (the partner picker's ~560). With the
    FormRenderer its markup is written straight from its choices: the dict Django builds for every option
    (Select.optgroups, create_option) cost more than writing the option. Another renderer gets Django's own
    rendering; both give the same characters (tests/test_form_renderer.py)."""

    def render(self, name, value, attrs=None, renderer=None):
        renderer = renderer or get_default_renderer()
        if not isinstance(renderer, FormRenderer) or self.option_template_name != WIDGETS + "select_option.html":
            return super().render(name, value, attrs, renderer)
        widget = forms.Widget.get_context(self, name, value, attrs)["widget"]  # Select's, less its optgroups
        widget["attrs"]["multiple"] = True
        html = _select_from_choices(widget["name"], widget["attrs"], self.choices, set(widget["value"]))
        return mark_safe(html.strip())  # noqa: S308 - escaped as _select escapes


FAST: dict[str, Callable[[dict], str | None]] = {
    **{f"{WIDGETS}{name}.html": _input for name in INPUTS},
    WIDGETS + "select.html": _select,
    WIDGETS + "textarea.html": _textarea,
    WIDGETS + "multiple_input.html": _multiple_input,
    WIDGETS + "checkbox_select.html": _multiple_input,
    WIDGETS + "radio.html": _multiple_input,
}


class FormRenderer(DjangoTemplates):
    """Django's default renderer (its own widget templates come first, before any app's), with the templates
    of FAST rendered in Python. The output is the same as the templates' (stripped, as BaseRenderer.render
    strips it)."""

    def render(self, template_name, context, request=None):
        fast = FAST.get(template_name)
        if fast is not None and "widget" in context:
            html = fast(context["widget"])
            if html is not None:
                return html.strip()
        return super().render(template_name, context, request)


register = template.Library()
REQUIRED_MARK = ' <span class="req" aria-hidden="true">*</span>'


@register.simple_tag
def field_row(field) -> SafeString:
    """templates/includes/field.html for `field` (a bound field), character for character."""
    errors = field.errors
    has_error = " has-error" if errors else ""
    required = REQUIRED_MARK if field.field.required else ""
    help_text = f'<p class="help">{_text(field.help_text)}</p>' if field.help_text else ""
    error_lines = "".join(f'<p class="error" role="alert">{_text(error)}</p>' for error in errors)
    return mark_safe(  # noqa: S308 - every value above went through _text (escaped unless already safe)
        f'<div class="field{has_error}">\n'
        f'  <label for="{_text(field.id_for_label)}">{_text(field.label)}{required}</label>\n'
        f"  {_text(field)}\n"
        f"  {help_text}\n"
        f"  {error_lines}\n"
        "</div>\n"
    )
