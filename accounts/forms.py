"""Forms of the account pages. They validate and normalise only; the views hand cleaned_data to services."""

from __future__ import annotations

from django import forms
from django.contrib.auth import forms as auth_forms
from django.contrib.auth import get_user_model, password_validation

from agencies import permissions
from agencies.models import Office

from . import mailing, services
from .models import PHONE_VALIDATOR, Profile
from .selectors import ROLE_CHOICES, ROLE_LABELS, STATUS_CHOICES

User = get_user_model()
PREFERENCE_FIELDS = ["email_on_returned", "email_on_verified", "email_on_expiry"]
MAX_UPLOAD_BYTES = 2 * 1024 * 1024


def _office_choices():
    return Office.objects.order_by("code")


class OfficeChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Office) -> str:
        return f"{obj.code} · {obj.name}"


class ProfileForm(forms.Form):
    first_name = forms.CharField(label="Nama depan", max_length=150)
    last_name = forms.CharField(label="Nama belakang", max_length=150, required=False)
    email = forms.EmailField(
        label="Alamat surel",
        help_text="Dipakai untuk tautan atur ulang kata sandi dan pemberitahuan.",
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    phone = forms.CharField(
        label="Nomor telepon/WhatsApp",
        max_length=20,
        required=False,
        validators=[PHONE_VALIDATOR],
        help_text="Agar verifikator provinsi dapat menghubungi Anda. Contoh: 0812-3456-7890.",
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
    )
    email_on_returned = forms.BooleanField(
        label=Profile._meta.get_field("email_on_returned").verbose_name, required=False
    )
    email_on_verified = forms.BooleanField(
        label=Profile._meta.get_field("email_on_verified").verbose_name, required=False
    )
    email_on_expiry = forms.BooleanField(label=Profile._meta.get_field("email_on_expiry").verbose_name, required=False)

    def __init__(self, *args, user, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].strip().lower()
        if services.email_taken(email, exclude_pk=self.user.pk):
            raise forms.ValidationError(services.ERROR_EMAIL_TAKEN)
        return email

    def preferences(self) -> dict:
        return {name: self.cleaned_data[name] for name in PREFERENCE_FIELDS}


class AccountForm(forms.Form):
    full_name = forms.CharField(label="Nama lengkap", max_length=300)
    email = forms.EmailField(
        label="Alamat surel", help_text="Undangan untuk mengatur kata sandi dikirim ke alamat ini."
    )
    office = OfficeChoiceField(label="Kantor", queryset=Office.objects.none(), empty_label="— pilih kantor —")
    role = forms.ChoiceField(label="Peran")

    def __init__(self, *args, actor, target=None, **kwargs):
        self.actor, self.target = actor, target
        super().__init__(*args, **kwargs)
        self.fields["office"].queryset = _office_choices()
        roles = permissions.assignable_account_roles(actor, target)
        self.fields["role"].choices = [("", "— pilih peran —")] + [(r, ROLE_LABELS[r]) for r in roles]
        self.fields[
            "role"
        ].help_text = (
            "Verifikator, pimpinan, dan administrator berada di kantor provinsi; staf di kantor kabupaten/kota."
        )

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].strip().lower()
        if services.email_taken(email, exclude_pk=self.target.pk if self.target else None):
            raise forms.ValidationError(services.ERROR_EMAIL_TAKEN)
        return email

    def clean(self):
        data = super().clean()
        if data.get("role") and data.get("office"):
            error = services.assignment_error(data["role"], data["office"])
            if error:
                self.add_error("office", error)
        return data

    @classmethod
    def initial_for(cls, user) -> dict:
        return {
            "full_name": user.get_full_name(),
            "email": user.email,
            "office": user.office_id,
            "role": permissions.account_role(user),
        }


class AccountFilterForm(forms.Form):
    q = forms.CharField(
        label="Cari",
        required=False,
        widget=forms.TextInput(attrs={"type": "search", "placeholder": "nama, nama pengguna, surel"}),
    )
    office = OfficeChoiceField(
        label="Kantor", queryset=Office.objects.none(), required=False, empty_label="Semua kantor"
    )
    role = forms.ChoiceField(label="Peran", required=False, choices=[("", "Semua peran"), *ROLE_CHOICES])
    status = forms.ChoiceField(label="Status", required=False, choices=[("", "Semua status"), *STATUS_CHOICES])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["office"].queryset = _office_choices()


class ResetRequestForm(auth_forms.PasswordResetForm):
    """The reset request: Indonesian label; active accounts that never set a password (expired invitation)
    may use it too; the e-mail is queued with transaction.on_commit like every account e-mail."""

    email = forms.EmailField(
        label="Alamat surel",
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True}),
    )

    def get_users(self, email):
        users = User._default_manager.filter(email__iexact=email, is_active=True)
        return (u for u in users if u.email.casefold() == email.casefold())

    def send_mail(
        self, subject_template_name, email_template_name, context, from_email, to_email, html_email_template_name=None
    ):
        subject, body = mailing.render("password_reset", context)
        mailing.schedule_message(subject, body, to_email)


class UploadForm(forms.Form):
    file = forms.FileField(
        label="Berkas daftar akun",
        help_text="Format .xlsx atau .csv (maksimal 2 MB), memakai kolom pada templat.",
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith((".xlsx", ".csv")):
            raise forms.ValidationError("Unggah berkas .xlsx atau .csv.")
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError("Berkas terlalu besar (maksimal 2 MB).")
        return upload


# Passwords ---------------------------------------------------------------------------------------
# Django's Indonesian translation says "sandi" in some places and "kata sandi" in others; the portal says
# "kata sandi" everywhere, and explains the configured validators in plain words.

VALIDATOR_HELP = {
    "UserAttributeSimilarityValidator": "tidak mirip dengan nama, nama pengguna, atau alamat surel Anda",
    "MinimumLengthValidator": "paling sedikit {min_length} karakter",
    "CommonPasswordValidator": "bukan kata sandi yang umum dipakai, seperti 12345678 atau password",
    "NumericPasswordValidator": "tidak hanya berisi angka",
}
PASSWORD_TIP = "Saran: pakai rangkaian tiga atau empat kata yang mudah Anda ingat, misalnya “kopi-pagi-di-Cimahi”."  # noqa: S105 - advice text, not a password


def password_help_html() -> str:
    """One sentence built from the configured validators (the shared field template shows help in a <p>)."""
    items = []
    for validator in password_validation.get_default_password_validators():
        text = VALIDATOR_HELP.get(type(validator).__name__)
        if text:
            items.append(text.format(min_length=getattr(validator, "min_length", 8)))
    if not items:
        return PASSWORD_TIP
    listed = items[0] if len(items) == 1 else ", ".join(items[:-1]) + ", dan " + items[-1]
    return f"Kata sandi harus {listed}. {PASSWORD_TIP}"


class _IndonesianPasswords:
    error_messages = {
        "password_mismatch": "Kedua kata sandi tidak sama.",
        "password_incorrect": "Kata sandi lama salah. Masukkan sekali lagi.",
    }

    def _relabel(self) -> None:
        self.fields["new_password1"].label = "Kata sandi baru"
        self.fields["new_password1"].help_text = password_help_html()
        self.fields["new_password2"].label = "Ulangi kata sandi baru"
        self.fields["new_password2"].help_text = ""
        if "old_password" in self.fields:
            self.fields["old_password"].label = "Kata sandi lama"


class SetPasswordForm(_IndonesianPasswords, auth_forms.SetPasswordForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._relabel()


class PasswordChangeForm(_IndonesianPasswords, auth_forms.PasswordChangeForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._relabel()


class LoginForm(auth_forms.AuthenticationForm):
    error_messages = {
        "invalid_login": "Nama pengguna atau kata sandi salah. Periksa kembali (huruf besar/kecil berpengaruh).",
        "inactive": "Akun ini tidak aktif. Hubungi administrator.",
    }

    username = forms.CharField(
        label="Nama pengguna",
        max_length=150,
        widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "username"}),
    )
    password = forms.CharField(
        label="Kata sandi", strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "current-password"})
    )
