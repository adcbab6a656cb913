from django.contrib import admin

from .models import Invitation, Profile


@admin.register(Profile)
class ProfileAdmin(admin.ModelAdmin):
    list_display = ("user", "phone", "email_on_returned", "email_on_verified", "email_on_expiry", "updated_at")
    list_select_related = ("user",)
    search_fields = ("user__username", "user__first_name", "user__last_name", "phone")


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    """Read-only: invitations are sent and used through the portal (the token itself is never stored)."""

    list_display = ("user", "sent_to", "created_by", "created_at", "expires_at", "used_at", "revoked_at")
    list_select_related = ("user", "created_by")
    search_fields = ("user__username", "sent_to")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
