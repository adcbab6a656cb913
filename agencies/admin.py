"""Django admin for every model, scoped by the same permission module as the pages."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from simple_history.admin import SimpleHistoryAdmin

from . import permissions
from .figures import bump_data_version
from .models import (
    Activity,
    Agreement,
    Evidence,
    ImportBatch,
    Office,
    Partner,
    ReminderSent,
    User,
    VerificationEvent,
)


class ReadOnlyAdmin(admin.ModelAdmin):
    """Logs written only by the portal itself: every role may read them (within its scope), nobody edits."""

    def has_view_permission(self, request, obj=None):
        return permissions.role_of(request.user) is not None

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class BumpsFiguresAdmin(admin.ModelAdmin):
    """An admin change of data behind the report figures makes the cached figures stale, like a service would."""

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        bump_data_version()

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        bump_data_version()

    def delete_queryset(self, request, queryset):
        super().delete_queryset(request, queryset)
        bump_data_version()


class ScopedAdmin(BumpsFiguresAdmin, SimpleHistoryAdmin):
    """Querysets and object permissions come from agencies.permissions, never from the admin itself."""

    def get_queryset(self, request):
        return permissions.scope(request.user, super().get_queryset(request))

    def has_view_permission(self, request, obj=None):
        if permissions.role_of(request.user) is None:
            return False
        return obj is None or permissions.can_view(request.user, obj)

    def has_change_permission(self, request, obj=None):
        if obj is None:
            return permissions.role_of(request.user) in ("staff", "verifier")
        return permissions.can_edit(request.user, obj)

    def has_delete_permission(self, request, obj=None):
        return self.has_change_permission(request, obj)

    def has_add_permission(self, request):
        return permissions.role_of(request.user) in ("staff", "verifier")


@admin.register(Office)
class OfficeAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "kind", "parent")
    list_filter = ("kind",)
    search_fields = ("code", "name", "region_name")
    readonly_fields = ("code", "kind", "parent")

    def get_queryset(self, request):
        return permissions.visible_offices(request.user)

    def has_view_permission(self, request, obj=None):
        return permissions.role_of(request.user) is not None

    def has_change_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ("username", "first_name", "last_name", "office", "role", "is_active", "last_login")
    list_filter = ("role", "office", "is_active", "is_superuser")
    list_select_related = ("office",)
    fieldsets = BaseUserAdmin.fieldsets + (("Kantor dan peran", {"fields": ("office", "role")}),)
    add_fieldsets = BaseUserAdmin.add_fieldsets + (("Kantor dan peran", {"fields": ("office", "role")}),)


@admin.register(Partner)
class PartnerAdmin(ScopedAdmin):
    list_display = ("name", "acronym", "category", "level", "home_office", "registered_by", "updated_at")
    list_filter = ("category", "level", "home_office")
    list_select_related = ("home_office", "registered_by")
    search_fields = ("name", "acronym", "accreditation_number", "contact_name")


class EvidenceInline(admin.TabularInline):
    model = Evidence
    extra = 0
    fields = ("kind", "original_name", "content_type", "size", "uploaded_by", "uploaded_at")
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Agreement)
class AgreementAdmin(ScopedAdmin):
    list_display = ("title", "office", "kind", "start_date", "end_date", "verification_status")
    list_filter = ("kind", "verification_status", "office", "is_public")
    list_select_related = ("office",)
    search_fields = ("title", "number", "partner_number", "partners__name")
    autocomplete_fields = ("partners", "parent")
    date_hierarchy = "start_date"
    inlines = [EvidenceInline]
    readonly_fields = (
        "verification_status",
        "submitted_at",
        "verified_at",
        "verified_by",
        "return_note",
        "version",
        "renewal_of",
    )


@admin.register(Activity)
class ActivityAdmin(ScopedAdmin):
    list_display = ("title", "office", "kind", "end_date", "stage", "verification_status")
    list_filter = ("kind", "stage", "verification_status", "office")
    list_select_related = ("office",)
    search_fields = ("title", "location", "partners__name")
    autocomplete_fields = ("partners", "agreement")
    date_hierarchy = "end_date"
    inlines = [EvidenceInline]
    readonly_fields = ("verification_status", "submitted_at", "verified_at", "verified_by", "return_note", "version")


@admin.register(Evidence)
class EvidenceAdmin(ScopedAdmin):
    list_display = ("original_name", "office", "kind", "content_type", "size", "uploaded_at")
    list_filter = ("kind", "content_type", "office")
    list_select_related = ("office",)
    search_fields = ("original_name", "sha256")
    readonly_fields = ("original_name", "size", "content_type", "sha256", "uploaded_by", "uploaded_at")


@admin.register(VerificationEvent)
class VerificationEventAdmin(ReadOnlyAdmin):
    list_display = ("created_at", "action", "agreement", "activity", "actor")
    list_filter = ("action",)
    list_select_related = ("agreement", "activity", "actor")

    def get_queryset(self, request):
        return permissions.scope(request.user, super().get_queryset(request))


@admin.register(ReminderSent)
class ReminderSentAdmin(ReadOnlyAdmin):
    """The log of expiry reminders (read-only: written by send_expiry_reminders)."""

    list_display = ("sent_at", "threshold_days", "agreement", "end_date")
    list_filter = ("threshold_days",)
    list_select_related = ("agreement",)
    search_fields = ("agreement__title", "recipients")

    def get_queryset(self, request):
        visible = permissions.scope_agreements(request.user)
        return super().get_queryset(request).filter(agreement__in=visible)


@admin.register(ImportBatch)
class ImportBatchAdmin(ReadOnlyAdmin):
    """Confirmed imports of agreements and activities (read-only: written by the import)."""

    list_display = ("created_at", "office", "record_kind", "file_name", "created_by")
    list_filter = ("record_kind",)
    list_select_related = ("office", "created_by")

    def get_queryset(self, request):
        return permissions.scope(request.user, super().get_queryset(request))
