"""LAKIP: indicators, targets, realisation, Capaian Kinerja, workbook."""

from django.urls import path

from . import analysis_views, predicate_views, publishing_views, renstra_views, views
from .document import views as document_views

urlpatterns = [
    path("kinerja/", views.performance, name="performance"),
    path("kinerja/unduh-lakip/", views.lakip_workbook, name="lakip-workbook"),
    path("kinerja/indikator/", views.indicators, name="indicators"),
    path("kinerja/indikator/baru/", views.indicator_create, name="indicator-create"),
    path("kinerja/indikator/<int:pk>/ubah/", views.indicator_edit, name="indicator-edit"),
    path("kinerja/target/", views.targets, name="targets"),
    path("kinerja/target/templat/", views.target_template, name="target-template"),
    path("kinerja/target/impor/", views.target_import, name="target-import"),
    path("kinerja/target/impor/konfirmasi/", views.target_import_confirm, name="target-import-confirm"),
    path("kinerja/realisasi-manual/", views.manual_realisation, name="manual-realisation"),
    path("kinerja/realisasi-manual/<int:pk>/bukti/", views.manual_evidence, name="manual-evidence"),
    path("kinerja/renstra/", renstra_views.renstra_targets, name="renstra"),
    path("kinerja/renstra/periode/", renstra_views.renstra_period_create, name="renstra-period-create"),
    path("kinerja/renstra/templat/", renstra_views.renstra_template, name="renstra-template"),
    path("kinerja/renstra/impor/", renstra_views.renstra_import, name="renstra-import"),
    path("kinerja/renstra/impor/konfirmasi/", renstra_views.renstra_import_confirm, name="renstra-import-confirm"),
    path("kinerja/predikat/", predicate_views.predicate_scale, name="predicate-scale"),
    path("kinerja/analisis/", analysis_views.analysis_list, name="analyses"),
    path("kinerja/analisis/<str:code>/tulis/", analysis_views.analysis_edit, name="analysis-edit"),
    path(
        "kinerja/analisis/<int:pk>/<str:action>/",
        analysis_views.analysis_action,
        name="analysis-action",
    ),
    path("kinerja/terbit/", publishing_views.published_list, name="lakip-published-list"),
    path("kinerja/terbit/baru/", publishing_views.publish, name="lakip-publish"),
    path("kinerja/terbit/<int:pk>/", publishing_views.published_detail, name="lakip-published"),
    path("kinerja/lkjip/", document_views.lkjip_live, name="lkjip"),
    path("kinerja/terbit/<int:pk>/lkjip/", document_views.lkjip_published, name="lkjip-published"),
]
