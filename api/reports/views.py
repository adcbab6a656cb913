"""Read-only report endpoints: published rankings (the frozen figures), LAKIP realisation per indicator ×
office × quarter, and IKP per office × year. Who sees what is the web pages' rule: every portal role sees the
published rankings; staff see their own office's LAKIP and IKP figures, the province everyone's."""

from __future__ import annotations

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.generics import GenericAPIView
from rest_framework.response import Response

from agencies import permissions
from agencies.choices import OfficeKind
from reports.models import PublishedRanking

from ..docs import E400, E401, E429, ERRORS_READ, errors_for
from ..permissions import IsApiPrincipal
from . import selectors
from .filters import LakipFilter, RankingFilter, ReportOfficeFilter
from .serializers import IkpRowSerializer, LakipRowSerializer, PublishedRankingSerializer

TAG = "laporan"
REPORT_ERRORS = {400: E400, 401: E401, 429: E429}


@extend_schema_view(
    list=extend_schema(
        summary="Daftar peringkat terbit",
        tags=[TAG],
        responses=errors_for(PublishedRankingSerializer(many=True), ERRORS_READ),
    ),
    retrieve=extend_schema(
        summary="Detail peringkat terbit", tags=[TAG], responses=errors_for(PublishedRankingSerializer, ERRORS_READ)
    ),
)
class PublishedRankingViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Rankings as published: figures, weights and formula frozen at publication (never recomputed)."""

    permission_classes = [IsApiPrincipal]
    serializer_class = PublishedRankingSerializer
    filterset_class = RankingFilter
    sync_field = "published_at"
    queryset = PublishedRanking.objects.all()


class _OfficeReportView(GenericAPIView):
    permission_classes = [IsApiPrincipal]
    pagination_class = None

    def get_queryset(self) -> QuerySet:
        return permissions.visible_offices(self.request.user).order_by("code")

    def _filtered(self) -> tuple[ReportOfficeFilter, list]:
        filterset = self.filterset_class(self.request.query_params, queryset=self.get_queryset())
        if not filterset.is_valid():
            raise ValidationError(filterset.errors)
        return filterset, list(filterset.qs)


class LakipView(_OfficeReportView):
    """Realisation, target and capaian per indicator × office × quarter (TW I–IV) and year, from the LAKIP
    selector of the "Capaian Kinerja" page and the LAKIP workbook. Only verified records count."""

    serializer_class = LakipRowSerializer
    filterset_class = LakipFilter

    @extend_schema(
        summary="Realisasi LAKIP per indikator × kantor × triwulan",
        tags=[TAG],
        responses=errors_for(LakipRowSerializer(many=True), REPORT_ERRORS),
    )
    def get(self, request) -> Response:
        filterset, offices = self._filtered()
        indicator = filterset.form.cleaned_data.get("indicator") or ""
        rows = selectors.lakip_rows(request.user, filterset.year_value(), offices, indicator)
        return Response(self.get_serializer(rows, many=True).data)


class IkpView(_OfficeReportView):
    """IKP scores per dimension of each regency/city office for one year, beside the verified Hubal work on each
    dimension, from the selector of the IKP alignment page."""

    serializer_class = IkpRowSerializer
    filterset_class = ReportOfficeFilter

    def get_queryset(self) -> QuerySet:
        return super().get_queryset().filter(kind__in=[OfficeKind.REGENCY, OfficeKind.CITY])

    @extend_schema(
        summary="IKP per kantor × tahun", tags=[TAG], responses=errors_for(IkpRowSerializer(many=True), REPORT_ERRORS)
    )
    def get(self, request) -> Response:
        filterset, offices = self._filtered()
        rows = selectors.ikp_rows(request.user, filterset.year_value(), offices)
        return Response(self.get_serializer(rows, many=True).data)
