"""Partners, agreements, activities and evidence: lists, details, forms, uploads; the search across them."""

from django.urls import path

from .views import activities, agreements, evidence, partner_merge, partners, search

urlpatterns = [
    path("cari/", search.search, name="search"),
    path("mitra/", partners.partner_list, name="partner-list"),
    path("mitra/baru/", partners.partner_create, name="partner-create"),
    path("mitra/cari/", partners.partner_search, name="partner-search"),
    path("mitra/daftar-cepat/", partners.partner_quick_create, name="partner-quick-create"),
    path("mitra/<int:pk>/", partners.partner_detail, name="partner-detail"),
    path("mitra/<int:pk>/ubah/", partners.partner_edit, name="partner-edit"),
    path("mitra/<int:pk>/hapus/", partners.partner_delete, name="partner-delete"),
    path("mitra/<int:pk>/gabungkan/", partner_merge.partner_merge, name="partner-merge"),
    path("kerja-sama/", agreements.agreement_list, name="agreement-list"),
    path("kerja-sama/baru/", agreements.agreement_create, name="agreement-create"),
    path("kerja-sama/<int:pk>/", agreements.agreement_detail, name="agreement-detail"),
    path("kerja-sama/<int:pk>/ubah/", agreements.agreement_edit, name="agreement-edit"),
    path("kerja-sama/<int:pk>/perpanjang/", agreements.agreement_renew, name="agreement-renew"),
    path("kerja-sama/<int:pk>/hapus/", agreements.agreement_delete, name="agreement-delete"),
    path("kegiatan/", activities.activity_list, name="activity-list"),
    path("kegiatan/baru/", activities.activity_create, name="activity-create"),
    path("kegiatan/<int:pk>/", activities.activity_detail, name="activity-detail"),
    path("kegiatan/<int:pk>/ubah/", activities.activity_edit, name="activity-edit"),
    path("kegiatan/<int:pk>/hapus/", activities.activity_delete, name="activity-delete"),
    path("bukti/unggah/<str:kind>/<int:pk>/", evidence.evidence_upload, name="evidence-upload"),
    path("bukti/<int:pk>/unduh/", evidence.evidence_download, name="evidence-download"),
    path("bukti/<int:pk>/pratinjau/", evidence.evidence_thumbnail, name="evidence-thumbnail"),
    path("bukti/<int:pk>/hapus/", evidence.evidence_delete, name="evidence-delete"),
]
