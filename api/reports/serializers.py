"""Serializers of the report endpoints: the frozen ranking as published, and the rows of the LAKIP and IKP
selectors as they come (no figure is recomputed here)."""

from __future__ import annotations

from rest_framework import serializers

from reports.models import PublishedRanking


def _number(**kwargs) -> serializers.DecimalField:
    """A figure as the selector gives it (no rounding here); JSON number, null when there is none."""
    return serializers.DecimalField(max_digits=None, decimal_places=None, allow_null=True, **kwargs)


class FrozenRankingRowSerializer(serializers.Serializer):
    rank = serializers.IntegerField(help_text="Peringkat (1 = terbaik).")
    office_code = serializers.CharField(help_text="Kode kantor.")
    office_name = serializers.CharField(help_text="Nama kantor.")
    region_label = serializers.CharField(required=False, help_text="Nama wilayah dengan jenisnya.")
    raw = serializers.DictField(child=serializers.IntegerField(), help_text="Angka mentah per komponen.")
    parts = serializers.DictField(child=serializers.IntegerField(), required=False, help_text="Rincian angka.")
    normalised = serializers.DictField(
        child=serializers.CharField(), help_text="Nilai per komponen (0–100, dua desimal, sebagai teks)."
    )
    normalised_exact = serializers.DictField(
        child=serializers.CharField(), required=False, help_text="Nilai per komponen sebagai pecahan tepat."
    )
    score = serializers.CharField(help_text="Skor akhir (dua desimal, sebagai teks).")
    score_exact = serializers.CharField(required=False, help_text="Skor akhir sebagai pecahan tepat.")


class PublishedRankingSerializer(serializers.ModelSerializer):
    weights = serializers.DictField(child=serializers.IntegerField(), help_text="Bobot komponen saat diterbitkan.")
    rows = FrozenRankingRowSerializer(many=True, help_text="Angka peringkat yang dibekukan saat diterbitkan.")

    class Meta:
        model = PublishedRanking
        fields = [
            "id",
            "period_kind",
            "period_start",
            "period_end",
            "period_label",
            "formula_version",
            "weights",
            "rows",
            "note",
            "published_at",
        ]
        extra_kwargs = {
            "id": {"help_text": "Id peringkat terbit."},
            "period_kind": {"help_text": "Jenis periode: tahun, triwulan atau rentang tanggal."},
            "period_start": {"help_text": "Hari pertama periode."},
            "period_end": {"help_text": "Hari terakhir periode."},
            "period_label": {"help_text": "Nama periode, mis. “Tahun 2025”."},
            "formula_version": {"help_text": "Versi rumus peringkat saat diterbitkan."},
            "note": {"help_text": "Catatan penerbitan."},
            "published_at": {"help_text": "Waktu penerbitan (dasar `updated_since` dan urutan halaman)."},
        }


class LakipRowSerializer(serializers.Serializer):
    """One indicator of one LAKIP unit (an office, or `32` = all of West Java) for one year."""

    year = serializers.IntegerField(help_text="Tahun.")
    office = serializers.CharField(source="office.code", help_text="Kode kantor; `32` = seluruh Jawa Barat.")
    office_name = serializers.CharField(source="office.name", help_text="Nama kantor.")
    indicator = serializers.CharField(source="result.indicator.code", help_text="Kode indikator kinerja.")
    indicator_name = serializers.CharField(source="result.indicator.name", help_text="Nama indikator kinerja.")
    unit = serializers.CharField(source="result.indicator.unit", help_text="Satuan.")
    rule = serializers.CharField(source="result.rule", help_text="Cara realisasi tahunan dihitung dari triwulan.")
    target = _number(source="target_yearly", help_text="Target tahunan; null bila belum ditetapkan.")
    target_quarters = serializers.ListField(child=_number(), source="target_quarters_list", help_text="Target TW I–IV.")
    quarters = serializers.ListField(
        child=_number(), source="result.quarters", help_text="Realisasi TW I–IV; null untuk triwulan yang belum mulai."
    )
    year_value = _number(source="result.year_value", help_text="Realisasi tahunan (sampai hari pengukuran).")
    capaian = _number(source="result.capaian", help_text="Capaian tahunan dalam persen.")
    quarter_capaian = serializers.ListField(
        child=_number(), source="result.quarter_capaian", help_text="Capaian per triwulan dalam persen."
    )
    measured_on = serializers.DateField(
        source="report.measured_on", allow_null=True, help_text="Hari terakhir yang diukur."
    )


class IkpDimensionSerializer(serializers.Serializer):
    code = serializers.CharField(help_text="Kode dimensi IKP.")
    label = serializers.CharField(help_text="Nama dimensi.")
    score = _number(help_text="Skor IKP 0–100 (makin tinggi makin rawan); null bila belum diisi.")
    level = serializers.CharField(help_text="Tingkat kerawanan: rendah, sedang, tinggi; kosong bila belum diisi.")
    activities = serializers.IntegerField(help_text="Kegiatan terverifikasi tahun itu yang menyasar dimensi ini.")
    agreements = serializers.IntegerField(help_text="Kerja sama berlaku tahun itu dengan ruang lingkup yang sesuai.")
    vulnerable = serializers.BooleanField(help_text="Dimensi rawan (tingkat tinggi atau skor ≥ 60).")
    mismatch = serializers.BooleanField(help_text="Rawan tetapi kegiatan yang menyasarnya kurang dari 2.")


class IkpRowSerializer(serializers.Serializer):
    office = serializers.CharField(source="office.code", help_text="Kode kantor kabupaten/kota.")
    office_name = serializers.CharField(source="office.name", help_text="Nama kantor.")
    year = serializers.IntegerField(help_text="Tahun.")
    dimensions = IkpDimensionSerializer(many=True, source="cells", help_text="Empat dimensi IKP.")
    mismatches = serializers.IntegerField(help_text="Jumlah dimensi rawan yang kurang digarap.")
    monitoring_activities = serializers.IntegerField(help_text="Kegiatan dengan lembaga pemantau terakreditasi.")
    monitoring_agreements = serializers.IntegerField(help_text="Kerja sama dengan lembaga pemantau terakreditasi.")
