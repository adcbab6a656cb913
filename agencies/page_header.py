"""`{% page_header %}`: the header of every page (brand, search box, inbox link, account menu, main menu),
printed in Python with the same HTML as templates/includes/page_header.html.

Rendering that template (with header_tools.html and nav.html) cost about 0.55 ms of every page view, mostly
eight `{% url %}` tags and the variable lookups of the menu. Here the fixed URLs are reversed once per process
(agencies.navigation.fixed_urls) and the rest is a few string joins. The template stays as the reference:
tests/agencies/test_page_header.py renders both for every role and state and requires the same bytes, so a
change of the header is made in both.
"""

from __future__ import annotations

from django import template
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe

from .navigation import fixed_urls

register = template.Library()

URL_NAMES = (
    "home",
    "agencies:search",
    "agencies:inbox",
    "accounts:profile",
    "accounts:password-change",
    "accounts:sessions",
    "accounts:mfa-overview",
    "accounts:manage-list",
    "logout",
    "agencies:guide",
    "admin:index",
)

BRAND = """<header class="topbar">
  <div class="topbar-inner">
    <a class="brand" href="{home}">
      <span class="brand-mark" aria-hidden="true">HJ</span>
      <span class="brand-text"><strong>Hubal Jabar</strong><small>Hubungan Antar Lembaga · Bawaslu Jawa Barat</small></span>
    </a>
    """


CURRENT = ' aria-current="page"'


def _e(value) -> str:
    return conditional_escape(value)


def _tools(context, urls) -> str:
    unread = context.get("inbox_unread")
    unread = unread() if callable(unread) else unread
    match = getattr(context.get("request"), "resolver_match", None)
    current = " is-current" if match is not None and match.view_name == "agencies:inbox" else ""
    label = f' aria-label="Kotak masuk, {_e(unread)} belum dibaca"' if unread else ""
    badge = (
        f'<span class="inbox-badge" data-inbox-unread>{"99+" if unread > 99 else _e(unread)}</span>' if unread else ""
    )
    return (
        '\n<div class="header-tools">\n'
        f'  <form class="header-search" role="search" method="get" action="{_e(urls["agencies:search"])}">\n'
        '    <label class="visually-hidden" for="header-q">Cari mitra, kerja sama, kegiatan, bukti</label>\n'
        f'    <input type="search" id="header-q" name="q" value="{_e(context.get("search_query") or "")}"'
        ' placeholder="Cari…" autocomplete="off" maxlength="200">\n'
        '    <button type="submit" class="header-search-btn">Cari</button>\n'
        "  </form>\n  \n"
        f'  <a class="inbox-link{current}" href="{_e(urls["agencies:inbox"])}"{label}>\n'
        f'    <span class="inbox-text">Kotak masuk</span>{badge}\n'
        "  </a>\n  \n</div>\n"
    )


def _csrf_input(context) -> str:
    """As Django's {% csrf_token %}."""
    token = context.get("csrf_token")
    if not token or token == "NOTPROVIDED":  # noqa: S105 - Django's marker for "no token", not a secret
        return ""
    return f'<input type="hidden" name="csrfmiddlewaretoken" value="{_e(token)}">'


def _userbox(context, user, urls) -> str:
    name = user.get_full_name() or user.username
    office = _e(user.office.name) if user.office else "Tanpa kantor"
    role = user.get_role_display() or "Administrator"
    manage = (
        f'<li><a href="{_e(urls["accounts:manage-list"])}">Kelola akun</a></li>'
        if context.get("user_role") == "verifier"
        else ""
    )
    return (
        '\n    <div class="userbox">\n      <details class="usermenu">\n'
        f'        <summary><span class="userbox-name">{_e(name)}</span> '
        f'<span class="userbox-meta">{office} · {_e(role)}</span></summary>\n'
        '        <ul aria-label="Akun saya">\n'
        f'          <li><a href="{_e(urls["accounts:profile"])}">Profil</a></li>\n'
        f'          <li><a href="{_e(urls["accounts:password-change"])}">Ubah kata sandi</a></li>\n'
        f'          <li><a href="{_e(urls["accounts:sessions"])}">Sesi aktif</a></li>\n'
        f'          <li><a href="{_e(urls["accounts:mfa-overview"])}">Verifikasi dua langkah</a></li>\n'
        f"          {manage}\n"
        "        </ul>\n      </details>\n"
        f'      <form method="post" action="{_e(urls["logout"])}" class="inline-form">{_csrf_input(context)}'
        '<button type="submit" class="btn btn-small btn-ghost">Keluar</button></form>\n'
        "    </div>\n    "
    )


def _nav(context, user, urls) -> str:
    menu = context.get("main_menu") or []
    toggle = "".join(
        f'<span class="nav-toggle-current"> · {_e(item["label"])}</span>' for item in menu if item["current"]
    )
    items = "".join(
        f'<li><a href="{_e(item["url"])}"{CURRENT if item["current"] else ""}>{_e(item["label"])}</a></li>'
        for item in menu
    )
    guide = CURRENT if context.get("on_guide") else ""
    admin = f'<li><a href="{_e(urls["admin:index"])}">Admin</a></li>' if user.is_superuser else ""
    return (
        '<nav class="mainnav" aria-label="Menu utama" data-nav>\n  <div class="mainnav-bar">\n'
        '    <button type="button" class="nav-toggle" aria-expanded="false" aria-controls="mainnav-list" hidden>\n'
        f'      <span class="nav-toggle-icon" aria-hidden="true"></span> Menu{toggle}\n'
        '    </button>\n  </div>\n  <ul id="mainnav-list">\n'
        f"    {items}\n"
        f'    <li><a href="{_e(urls["agencies:guide"])}"{guide}>Panduan</a></li>\n'
        f"    {admin}\n"
        "  </ul>\n</nav>\n"
    )


@register.simple_tag(takes_context=True)
def page_header(context) -> SafeString:
    urls = fixed_urls(URL_NAMES)
    user = context.get("user")
    signed_in = bool(user is not None and user.is_authenticated)
    parts = [BRAND.format(home=_e(urls["home"]))]
    if signed_in:
        parts.append(_tools(context, urls))
    parts.append("\n    ")
    if signed_in:
        parts.append(_userbox(context, user, urls))
    parts.append("\n  </div>\n  ")
    if signed_in:
        parts.append(_nav(context, user, urls))
    parts.append("\n</header>")
    return mark_safe("".join(parts))  # noqa: S308 - every value above is escaped
