"""Analysis pages: the analyses of an office and year, the form of one indicator, submit / verify / return."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from agencies import permissions

from ..models import PerformanceIndicator
from . import analysis as services
from . import selectors as lakip
from .forms import parse_year
from .models import PerformanceAnalysis
from .views import _office_for_user


class AnalysisForm(forms.ModelForm):
    class Meta:
        model = PerformanceAnalysis
        fields = list(PerformanceAnalysis.TEXT_FIELDS)
        widgets = {name: forms.Textarea(attrs={"rows": 4}) for name in PerformanceAnalysis.TEXT_FIELDS}
        help_texts = {
            "reason": "Mengapa target tercapai atau tidak tercapai; bandingkan dengan tahun lalu bila perlu.",
            "follow_up": "Langkah yang akan dilakukan tahun berikutnya.",
        }


class ReturnForm(forms.Form):
    note = forms.CharField(label="Catatan pengembalian", max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))


def _list_url(year: int, office_code: str) -> str:
    return reverse("reports:analyses") + f"?year={year}&office={office_code}"


@login_required
def analysis_list(request):
    year = parse_year(request.GET.get("year"))
    office = _office_for_user(request.user, request.GET.get("office"))
    analyses = services.analyses_of(office, year)
    rows = [{"indicator": i, "analysis": analyses.get(i.pk)} for i in lakip.active_indicators()]
    can_verify = permissions.can_verify(request.user)
    context = {
        "year": year,
        "office": office,
        "offices": list(permissions.visible_offices(request.user).order_by("code")),
        "rows": rows,
        "can_write": permissions.can_create_in(request.user, office),
        "can_verify": can_verify,
        "pending": list(services.pending_analyses(year)) if can_verify else [],
        "return_form": ReturnForm(),
    }
    return render(request, "reports/analysis_list.html", context)


@login_required
def analysis_edit(request, code: str):
    year = parse_year(request.POST.get("year") or request.GET.get("year"))
    office = _office_for_user(request.user, request.POST.get("office") or request.GET.get("office"))
    indicator = PerformanceIndicator.objects.filter(code=code, is_active=True).first()
    if indicator is None:
        raise Http404("Indikator tidak ditemukan.")
    if not permissions.can_create_in(request.user, office):
        raise PermissionDenied(services.MSG_NOT_OWNER)
    existing = PerformanceAnalysis.objects.filter(indicator=indicator, office=office, year=year).first()
    form = AnalysisForm(request.POST or None, instance=existing)
    if request.method == "POST" and form.is_valid():
        try:
            services.analysis_save(
                user=request.user, office=office, indicator=indicator, year=year, texts=form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"Analisis {indicator.code} disimpan sebagai draf. Ajukan bila sudah selesai.")
            return redirect(_list_url(year, office.code))
    history = existing.history.select_related("history_user")[:10] if existing else []
    context = {"form": form, "year": year, "office": office, "indicator": indicator, "analysis": existing}
    return render(request, "reports/analysis_form.html", {**context, "history": history})


@login_required
@require_POST
def analysis_action(request, pk: int, action: str):
    analysis = services.analysis_for_user(request.user, pk)
    try:
        if action == "submit":
            services.analysis_submit(user=request.user, analysis=analysis)
            messages.success(request, "Analisis diajukan untuk diverifikasi.")
        elif action == "verify":
            services.analysis_verify(user=request.user, analysis=analysis)
            messages.success(request, "Analisis diverifikasi.")
        elif action == "return":
            services.analysis_return(user=request.user, analysis=analysis, note=request.POST.get("note", ""))
            messages.success(request, "Analisis dikembalikan ke kantor dengan catatan.")
        else:
            raise Http404
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    back = request.POST.get("next") or _list_url(analysis.year, analysis.office.code)
    return redirect(back if back.startswith("/") and not back.startswith("//") else "reports:analyses")
