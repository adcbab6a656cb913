from django.contrib.auth import logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from accounts.mfa import policy, signin
from agencies import notifications, permissions, selectors, verification
from agencies.forms import LoginForm


class LoginView(auth_views.LoginView):
    """Step one of sign-in. A user with an authenticator app is not signed in yet: the session remembers them
    for the code step (accounts:mfa-verify). Without one, a user whose role requires it is signed in and sent
    to enrolment by accounts.mfa.middleware."""

    template_name = "registration/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def form_valid(self, form):
        user = form.get_user()
        if policy.has_authenticator(user):
            signin.start(self.request, user, self.get_redirect_url())
            return redirect("accounts:mfa-verify")
        return super().form_valid(form)


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
            "badge": notifications.badge_for(user),
            "todo": verification.staff_todo(user, today=today),
            "year": verification.staff_year(user, year=today.year),
        }
        return render(request, "agencies/home_staff.html", context)
    if permissions.sees_all_offices(user):
        context["overview"] = verification.province_overview(user, now=timezone.now(), today=today)
        context["can_verify"] = permissions.can_verify(user)
        return render(request, "agencies/home_province.html", context)
    return render(request, "agencies/home.html", context)
