"""Sign-in and sign-out. Step one checks the password; a user with an authenticator app then gives a code
(accounts.mfa.signin), and the per-account limit is enforced by accounts.throttling through django-axes."""

from django.contrib.auth import logout
from django.contrib.auth import views as auth_views
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from hubal.middleware import mark_refreshed

from .forms import LoginForm
from .mfa import policy, signin


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
        response = super().form_valid(form)
        mark_refreshed(self.request.session)  # saved with the login anyway: no refresh on the next page
        return response


@require_POST
def logout_view(request):
    logout(request)
    return redirect("login")
