"""The form of a new API token (validates and normalises only; the view hands it to `api_token_create`)."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.conf import settings
from django.utils import timezone

from agencies.models import Office

MSG_EXPIRY_PAST = "Tanggal berakhir harus setelah hari ini."
MSG_EXPIRY_FAR = "Masa berlaku paling lama dua tahun; buat token baru sebelum berakhir."
MAX_DAYS = 2 * 365


class OfficeField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Office) -> str:
        return obj.name


class ApiTokenForm(forms.Form):
    name = forms.CharField(
        label="Nama sistem", max_length=100, help_text="Sistem yang memakai token, misalnya “SIGAP Jabar”."
    )
    office = OfficeField(
        queryset=Office.objects.order_by("code"),
        label="Kantor",
        empty_label="— pilih —",
        help_text="Token membaca seperti staf kantor ini; token provinsi membaca seluruh kantor seperti verifikator.",
    )
    can_write = forms.BooleanField(
        label="Boleh menulis",
        required=False,
        help_text="Membuat dan mengubah draf lembaga mitra, kerja sama, kegiatan dan bukti kantor ini, serta mengajukannya. "
        "Verifikasi tetap di portal.",
    )
    expires_on = forms.DateField(
        label="Berlaku sampai",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text="Token tidak dapat dipakai lagi setelah tanggal ini (pukul 23.59 WIB).",
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault(
            "initial",
            {"expires_on": timezone.localdate() + dt.timedelta(days=settings.HUBAL_API_TOKEN_DEFAULT_DAYS)},
        )
        super().__init__(*args, **kwargs)

    def clean_name(self) -> str:
        return " ".join(self.cleaned_data["name"].split())

    def clean_expires_on(self) -> dt.date:
        day = self.cleaned_data["expires_on"]
        today = timezone.localdate()
        if day <= today:
            raise forms.ValidationError(MSG_EXPIRY_PAST)
        if day > today + dt.timedelta(days=MAX_DAYS):
            raise forms.ValidationError(MSG_EXPIRY_FAR)
        return day

    def expires_at(self) -> dt.datetime:
        """The end of the chosen day, WIB."""
        day = self.cleaned_data["expires_on"]
        return timezone.make_aware(dt.datetime.combine(day, dt.time(23, 59, 59)))
