"""Helpers shared by the record views: pagination, sortable headers, the office of a new record,
service errors onto forms, and the evidence part of record forms."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.template.defaulttags import querystring
from django.utils.functional import cached_property
from django.utils.html import conditional_escape
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import SafeString, mark_safe

from agencies import kept_files, permissions
from agencies.choices import PartnerCategory, PartnerLevel
from agencies.forms import EvidenceBatchForm
from agencies.models import RECORD_MODELS, Office

PER_PAGE = 25


class CountedPaginator(Paginator):
    """A paginator that counts `counted`, the same rows as the shown queryset without what only the shown
    columns need (a joined table: the database counted through the join on every page)."""

    def __init__(self, object_list, per_page: int, *, counted: QuerySet):
        super().__init__(object_list, per_page)
        self.counted = counted

    @cached_property
    def count(self) -> int:
        return self.counted.count()


def paginate(request, qs, per_page: int = PER_PAGE, *, counted: QuerySet | None = None) -> Page:
    """One page of `qs`; a page number out of range shows the last page, garbage shows the first.
    `counted`: count these rows instead of `qs` (the same rows, cheaper to count)."""
    paginator = Paginator(qs, per_page) if counted is None else CountedPaginator(qs, per_page, counted=counted)
    return paginator.get_page(request.GET.get("page"))


@dataclass(frozen=True)
class SortHeader:
    key: str
    label: str
    sortable: bool
    state: str  # "asc", "desc" or ""
    next_sort: str
    css: str = ""

    @property
    def aria_sort(self) -> str:
        return {"asc": "ascending", "desc": "descending"}.get(self.state, "none")


def sort_headers(request, columns: list[tuple[str, str, str]], default: str) -> list[SortHeader]:
    """Column headers for a list: `columns` holds (sort key or "", label, css class).
    Clicking a header sorts by it ascending, a second click descending."""
    current = request.GET.get("sort") or default
    headers = []
    for key, label, css in columns:
        state = ""
        if key and current.lstrip("-") == key:
            state = "desc" if current.startswith("-") else "asc"
        next_sort = f"-{key}" if state == "asc" else key
        headers.append(SortHeader(key, label, bool(key), state, next_sort, css))
    return headers


def header_context(request, columns: list[tuple[str, str, str]], default: str) -> dict:
    """`headers` (sort_headers) and `headers_html`, the `<th>` cells the list template prints."""
    headers = sort_headers(request, columns, default)
    return {"headers": headers, "headers_html": headers_html(request, headers)}


def headers_html(request, headers: list[SortHeader]) -> SafeString:
    """The headers as `<th>` cells, as the list templates printed them (one include per header cost ~0.3 ms
    a page): a sortable one links to the same list sorted by it, without the page number."""
    cells = []
    for h in headers:
        css = f' class="{conditional_escape(h.css)}"' if h.css else ""
        label = conditional_escape(h.label)
        if h.sortable:
            href = conditional_escape(querystring(None, request.GET, sort=h.next_sort, page=None))
            title = conditional_escape(h.label.lower())
            cell = (
                f'<th scope="col"{css} aria-sort="{h.aria_sort}"><a class="sort sort-{h.state or "none"}" '
                f'href="{href}" title="Urutkan menurut {title}">{label}<span class="sort-mark" aria-hidden="true">'
                "</span></a></th>"
            )
        else:
            cell = f'<th scope="col"{css}>{label}</th>'
        cells.append(f"\n{cell}\n")
    return mark_safe("".join(cells))  # noqa: S308 - classes, labels and links went through conditional_escape


def office_for_new_record(user) -> Office:
    """Staff record for their own office, the verifier for the province office; pimpinan cannot (403)."""
    office = permissions.recording_office(user)
    if office is None:
        raise PermissionDenied("Anda tidak berwenang mencatat data.")
    return office


def add_service_errors(form, exc: ValidationError) -> None:
    """Put a service's ValidationError on the form: on its field when the form has it, else on top."""
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc.messages)
        return
    for name, errors in exc.error_dict.items():
        target = name if name in form.fields else None
        for error in errors:
            form.add_error(target, error.messages if hasattr(error, "messages") else error)


def save_record(request, form, files_form, save, **target):
    """On POST, validate the record form and its evidence part (both, so that every error shows at once) and
    hand them to `save` (`services.agreement_save` or `activity_save`) with `target` (`office=` to create,
    `agreement=`/`activity=` to edit). The saved record, or None: a GET, or errors now on the forms.

    Files survive a failed submit: the good new ones are stashed and shown as attached (`files_form.kept`),
    and the ones still attached on the next submit are stored with the record (`agencies/kept_files.py`)."""
    files_form.kept = kept = kept_files.chosen(request)
    # `&`, not `and`: validate both forms.
    if request.method != "POST" or not (form.is_valid() & files_form.is_valid()):
        _keep_new_files(request, files_form)
        return None
    reopened = []
    try:
        reopened = kept_files.reopen(request, kept)
        record = save(
            user=request.user,
            data=form.data_for_service(),
            partners=form.partners_for_service(),
            files=[*files_form.cleaned_data["files"], *reopened],
            evidence_kind=files_form.cleaned_data["evidence_kind"] or _default_kind(files_form, kept),
            expected_version=form.cleaned_data.get("version"),
            new_partners=form.cleaned_data.get("new_partners", []),
            **target,
        )
    except ValidationError as exc:
        for fileobj in reopened:
            fileobj.close()
        add_service_errors(files_form if is_files_error(exc) else form, exc)
        files_form.kept = kept_files.chosen(request)
        _keep_new_files(request, files_form)
        return None
    kept_files.release(request, kept, reopened)
    return record


def _keep_new_files(request, files_form) -> None:
    """The new files that passed the check, stashed so that the user need not choose them again."""
    if request.method != "POST" or not files_form.is_bound:
        return
    if files_form.accepted:
        files_form.kept = [*files_form.kept, *kept_files.keep(request, files_form.accepted)]
        files_form.accepted = []


def _default_kind(files_form, kept) -> str:
    return files_form.initial.get("evidence_kind", "") if kept else ""


def evidence_form(request, *, kind: str, require_files: bool = False) -> EvidenceBatchForm:
    initial = {"evidence_kind": RECORD_MODELS[kind].default_evidence_kind}
    if request.method == "POST":
        return EvidenceBatchForm(request.POST, request.FILES, require_files=require_files, initial=initial)
    return EvidenceBatchForm(initial=initial, require_files=require_files)


def safe_next(request, fallback: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, require_https=request.is_secure()):
        return target
    return fallback


def is_files_error(exc: ValidationError) -> bool:
    """A service error about the uploaded files only (shown on the evidence part of the form)."""
    return hasattr(exc, "error_dict") and set(exc.error_dict) == {"files"}


def chosen_object(model, filterset, name: str, scope=None):
    """The object a hidden filter (`partner`, `parent`, `agreement`) points to, for the "filtered by" chip.
    `scope(user)`: the objects of `model` the user may see (all if None), asked only when the filter is set."""
    value = filterset.form.cleaned_data.get(name) if filterset.is_bound and filterset.form.is_valid() else None
    if value is None:
        return None
    qs = model.objects.all() if scope is None else scope(filterset.user)
    return qs.filter(pk=int(value)).first()


def upload_context() -> dict:
    """What the evidence fields and the quick partner dialog need to render."""
    return {
        "max_mb": settings.EVIDENCE_MAX_BYTES // (1024 * 1024),
        "max_bytes": settings.EVIDENCE_MAX_BYTES,
        "quick_categories": PartnerCategory.choices,
        "quick_levels": PartnerLevel.choices,
    }


def choice_labels(record, name: str) -> list[str]:
    return type(record)._meta.get_field(name).get_choice_labels(getattr(record, name))
