"""The home page: one per role."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone

from agencies import permissions, selectors


@login_required
def home(request):
    """One home per role: the office's to-do list for staff, the province overview for verifier and leader."""
    user = request.user
    context = {"counts": selectors.home_counts(user)}
    today = timezone.localdate()
    if permissions.is_staff_member(user):
        context |= {
            "badge": selectors.badge_for(user),
            "todo": selectors.staff_todo(user, today=today),
            "year": selectors.staff_year(user, year=today.year),
        }
        return render(request, "agencies/home_staff.html", context)
    if permissions.sees_all_offices(user):
        context["overview"] = selectors.province_overview(user, now=timezone.now(), today=today)
        context["can_verify"] = permissions.can_verify(user)
        return render(request, "agencies/home_province.html", context)
    return render(request, "agencies/home.html", context)
