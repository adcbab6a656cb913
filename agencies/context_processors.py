from . import permissions
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
