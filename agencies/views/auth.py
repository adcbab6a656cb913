from django.contrib.auth import logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from agencies import permissions, selectors
from agencies.forms import LoginForm
from hubal.middleware import mark_refreshed


class LoginView(auth_views.LoginView):
    template_name = "registration/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def form_valid(self, form):
        response = super().form_valid(form)
        mark_refreshed(self.request.session)  # saved with the login anyway: no refresh on the next page
        return response


@require_POST
def logout_view(request):
    logout(request)
    return redirect("login")


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
