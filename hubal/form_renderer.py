"""The form renderer: Django's own, with its most used widget templates rendered in Python.

Django renders every widget, and every `<option>` of a select, through a template of its own (`select.html`
includes `select_option.html` once per option, which includes `attrs.html`). The activity form has about 560
options (office partners, agreements, kinds), so the widget templates cost more than the rest of the page
(about 20 ms of a 45 ms page at scale 10, bench/bench_load.py). `FormRenderer` renders the stock select
(with its options), input, checkbox/radio list and textarea templates with the same code paths a template would take
(escaping, localisation, the `is not False` / `is not True` rules of `attrs.html`) and produces the same
characters; tests/test_form_renderer.py compares both outputs over every widget the portal's forms use.
Any other template, and any widget whose options use a template of their own, goes through Django's engine.

Settings: `FORM_RENDERER = "hubal.form_renderer.FormRenderer"`.
"""

from __future__ import annotations

import html
from collections.abc import Callable

from django.forms.renderers import DjangoTemplates
from django.utils.formats import localize
from django.utils.html import conditional_escape
from django.utils.safestring import SafeData
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
