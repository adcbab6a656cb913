"""Helpers of the API tests: the permission matrix runner and a database snapshot for refused writes."""

from __future__ import annotations

from collections.abc import Callable

from agencies.models import Activity, Agreement, Evidence, Partner, VerificationEvent

SNAPSHOT_MODELS = (Partner, Agreement, Activity, Evidence, VerificationEvent)


def snapshot() -> dict:
    """Every row of the API's writable models and their history, to prove a refused write changed nothing."""
    state = {}
    for model in SNAPSHOT_MODELS:
        state[model.__name__] = sorted(model.objects.values_list(), key=lambda row: row[0])
        if hasattr(model, "history"):
            state[f"{model.__name__}.history"] = model.history.count()
    return state


def run_matrix(
    clients: dict,
    method: str,
    url: str,
    expected: dict,
    *,
    body: Callable[[str], dict] | dict | None = None,
    if_match: Callable[[], str] | None = None,
    fmt: str = "json",
) -> dict:
    """One request per side; `expected` maps a side to a status. Sides that must be refused (>= 400) run
    first and are checked to leave the database untouched; the responses are returned by side."""
    order = sorted(expected, key=lambda side: expected[side] < 400)
    responses = {}
    for side in order:
        before = snapshot() if expected[side] >= 400 else None
        headers = {"HTTP_IF_MATCH": if_match()} if if_match else {}
        data = body(side) if callable(body) else body
        kwargs = {"format": fmt} if data is not None and fmt else {}
        response = getattr(clients[side], method)(url, data, **kwargs, **headers)
        assert response.status_code == expected[side], (side, method, url, response.status_code, response.content[:300])
        if before is not None:
            assert snapshot() == before, (side, method, url)
        responses[side] = response
    return responses
