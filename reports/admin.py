from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from agencies import permissions
from agencies.admin import BumpsFiguresAdmin, ReadOnlyAdmin

from .models import (
    IkpScore,
    ManualRealisation,
    PerformanceAnalysis,
    PerformanceIndicator,
    PerformanceTarget,
    PredicateScale,
    PublishedLakip,
    PublishedRanking,
    RankingWeightSet,
    RenstraPeriod,
    RenstraTarget,
)


class SettingsAdmin(BumpsFiguresAdmin, SimpleHistoryAdmin):
    """Indicators, targets, weights and IKP data: read by every role, changed by verifiers only."""

    def has_view_permission(self, request, obj=None):
        return permissions.role_of(request.user) is not None

    def has_change_permission(self, request, obj=None):
        return permissions.can_manage_settings(request.user)

    def has_add_permission(self, request):
        return permissions.can_manage_settings(request.user)

    def has_delete_permission(self, request, obj=None):
        return permissions.can_manage_settings(request.user)


@admin.register(PerformanceIndicator)
class PerformanceIndicatorAdmin(SettingsAdmin):
    list_display = ("code", "name", "unit", "polarity", "source", "is_active")
    list_filter = ("source", "polarity", "is_active")
    search_fields = ("code", "name", "strategic_goal")


@admin.register(PerformanceTarget)
class PerformanceTargetAdmin(SettingsAdmin):
    list_display = ("indicator", "office", "year", "yearly")
    list_filter = ("year", "indicator", "office")
    list_select_related = ("indicator", "office")

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        return qs.filter(office__in=permissions.visible_offices(request.user))


@admin.register(ManualRealisation)
class ManualRealisationAdmin(SettingsAdmin):
    list_display = ("indicator", "office", "year", "quarter", "value")
    list_filter = ("year", "quarter", "indicator")
    list_select_related = ("indicator", "office")

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        return qs.filter(office__in=permissions.visible_offices(request.user))


@admin.register(IkpScore)
class IkpScoreAdmin(SettingsAdmin):
    list_display = ("office", "year", "social_political", "administration", "contestation", "participation")
    list_filter = ("year",)
    list_select_related = ("office",)


@admin.register(RankingWeightSet)
class RankingWeightSetAdmin(ReadOnlyAdmin):
    """Weight changes are made on the ranking page (with who/when); the admin only shows them."""

    list_display = ("created_at", "created_by", *RankingWeightSet.COMPONENTS)


@admin.register(PublishedRanking)
class PublishedRankingAdmin(RankingWeightSetAdmin):
    list_display = ("period_label", "formula_version", "published_by", "published_at")


class ScopedReadOnlyAdmin(ReadOnlyAdmin):
    """Written on the LAKIP pages (with their checks and history); the admin shows them within the user's offices."""

    def get_queryset(self, request):
        return super().get_queryset(request).filter(office__in=permissions.visible_offices(request.user))


@admin.register(PredicateScale)
class PredicateScaleAdmin(ReadOnlyAdmin):
    list_display = ("created_at", "created_by", *PredicateScale.BOUNDS, "note")


@admin.register(RenstraPeriod)
class RenstraPeriodAdmin(ReadOnlyAdmin):
    list_display = ("name", "start_year", "created_at")


@admin.register(RenstraTarget)
class RenstraTargetAdmin(ScopedReadOnlyAdmin):
    list_display = ("period", "indicator", "office", "y1", "y2", "y3", "y4", "y5", "end_target")
    list_filter = ("period", "indicator")
    list_select_related = ("period", "indicator", "office")


@admin.register(PerformanceAnalysis)
class PerformanceAnalysisAdmin(ScopedReadOnlyAdmin):
    list_display = ("indicator", "office", "year", "verification_status", "updated_at")
    list_filter = ("year", "verification_status", "indicator")
    list_select_related = ("indicator", "office")


@admin.register(PublishedLakip)
class PublishedLakipAdmin(ScopedReadOnlyAdmin):
    list_display = ("year", "office", "published_by", "published_at")
    list_select_related = ("office", "published_by")
