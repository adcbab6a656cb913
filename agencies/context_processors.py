from functools import cache

from . import permissions, selectors
from .navigation import menu_for


def role(request):
    user = getattr(request, "user", None)
    return {
        "user_role": permissions.role_of(user) if user else None,
        "is_verifier": permissions.is_verifier(user) if user else False,
        "is_leader": permissions.is_leader(user) if user else False,
        "is_staff_member": permissions.is_staff_member(user) if user else False,
        "main_menu": menu_for(request) if user else [],
    }


def inbox(request):
    """`inbox_unread`: the unread count of the menu, counted lazily (only by a page that shows the menu) and
    at most once per request, however often the template reads it."""
    user = getattr(request, "user", None)
    return {"inbox_unread": cache(lambda: selectors.unread_count(user))}
