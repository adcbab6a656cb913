"""The predicate scale page: the scale in force and its history; the verifier changes it (a new row each time)."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render

from agencies import permissions

from .forms import NumberField
from .models import PredicateScale
from .predicate_services import NOT_ALLOWED, predicate_scale_change
from .predicates import BOUND_NAMES, Scale


class PredicateScaleForm(forms.Form):
    very_good_min = NumberField(
        label="Sangat Baik mulai (%)", min_value=Decimal("0.01"), max_digits=6, decimal_places=2
    )
    good_min = NumberField(label="Baik mulai (%)", min_value=Decimal("0.01"), max_digits=6, decimal_places=2)
    fair_min = NumberField(label="Cukup mulai (%)", min_value=Decimal("0.01"), max_digits=6, decimal_places=2)
    poor_min = NumberField(label="Kurang mulai (%)", min_value=Decimal("0.01"), max_digits=6, decimal_places=2)
    note = forms.CharField(label="Alasan perubahan", max_length=300)


@login_required
def predicate_scale(request):
    can_manage = permissions.can_manage_settings(request.user)
    current = PredicateScale.current()
    form = PredicateScaleForm(initial=current.as_dict()) if can_manage else None
    if request.method == "POST":
        permissions.require_settings_manager(request.user, NOT_ALLOWED)
        form = PredicateScaleForm(request.POST)
        if form.is_valid():
            values = {name: form.cleaned_data[name] for name in BOUND_NAMES}
            try:
                predicate_scale_change(user=request.user, values=values, note=form.cleaned_data["note"])
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, "Skala predikat baru berlaku. LAKIP yang sudah diterbitkan tidak berubah.")
                return redirect("reports:predicate-scale")
    context = {
        "form": form,
        "bands": Scale.from_dict(current.as_dict()).bands(),
        "history": PredicateScale.objects.select_related("created_by")[:20],
    }
    return render(request, "reports/predicate_scale.html", context)
