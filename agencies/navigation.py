"""Main menu: the entries a role may open."""

from functools import cache

from django.urls import get_script_prefix, get_urlconf, reverse

from . import permissions

# (label, url name, roles that see it; None = every signed-in role)
MENU = [
    ("Beranda", "home", None),
    ("Lembaga mitra", "agencies:partner-list", None),
    ("Kerja sama", "agencies:agreement-list", None),
    ("Kegiatan", "agencies:activity-list", None),
    ("Antrean verifikasi", "agencies:verification-queue", {"verifier"}),  # pimpinan cannot act on it
    ("Masa berlaku", "agencies:expiring", None),
    ("Peringkat", "reports:ranking", None),
    ("IKP", "reports:ikp", {"verifier", "leader", "staff"}),
    ("Sebaran", "reports:coverage", {"verifier", "leader"}),
    ("Capaian Kinerja", "reports:performance", None),
    ("Impor", "reports:import-start", {"staff", "verifier"}),
    ("Token API", "api_tokens:list", {"verifier"}),
]


@cache
def _reversed(names: tuple[str, ...], script_prefix: str, urlconf) -> dict[str, str]:
    return {name: reverse(name, urlconf=urlconf) for name in names}


def fixed_urls(names: tuple[str, ...]) -> dict[str, str]:
    """URLs without arguments, reversed once per process (for the script prefix and URLconf they depend on):
    the menu and the page header are on every page, and their twenty reverses cost about 0.4 ms per request."""
    return _reversed(names, get_script_prefix(), get_urlconf())


def menu_for(request) -> list[dict]:
    role = permissions.role_of(request.user)
    if role is None:
        return []
    current = request.resolver_match.view_name if request.resolver_match else ""
    urls = fixed_urls(tuple(name for _label, name, _roles in MENU))
    items = []
    for label, name, roles in MENU:
        if roles is not None and role not in roles:
            continue
        items.append({"label": label, "url": urls[name], "current": name == current})
    return items
