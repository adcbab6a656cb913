"""Main menu: the entries a role may open."""

from django.urls import reverse

from . import permissions

# (label, url name, roles that see it; None = every signed-in role)
MENU = [
    ("Beranda", "home", None),
    ("Lembaga mitra", "agencies:partner-list", None),
    ("Kerja sama", "agencies:agreement-list", None),
    ("Kegiatan", "agencies:activity-list", None),
    ("Antrean verifikasi", "agencies:verification-queue", {"verifier", "leader"}),
    ("Masa berlaku", "agencies:expiring", None),
    ("Peringkat", "reports:ranking", None),
    ("IKP", "reports:ikp", {"verifier", "leader", "staff"}),
    ("Sebaran", "reports:coverage", {"verifier", "leader"}),
    ("Capaian Kinerja", "reports:performance", None),
    ("Impor", "reports:import-start", {"staff", "verifier"}),
    ("Token API", "api_tokens:list", {"verifier"}),
]


def menu_for(request) -> list[dict]:
    role = permissions.role_of(request.user)
    if role is None:
        return []
    current = request.resolver_match.view_name if request.resolver_match else ""
    items = []
    for label, name, roles in MENU:
        if roles is not None and role not in roles:
            continue
        items.append({"label": label, "url": reverse(name), "current": name == current})
    return items
