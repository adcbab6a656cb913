"""Every response carries a request id, and the JSON log lines of that request carry the same id."""

import io
import json
import logging

import pytest
from django.test import Client

from operations.logs import JsonFormatter, RequestIdFilter

pytestmark = pytest.mark.django_db


def test_each_response_gets_its_own_request_id(client):
    first, second = client.get("/masuk/"), client.get("/masuk/")
    assert len(first["X-Request-ID"]) == 32
    assert first["X-Request-ID"] != second["X-Request-ID"]


@pytest.mark.parametrize(
    ("sent", "kept"),
    [("4f1c2a9e8b7d6c5f", True), ("short", False), ("x" * 65, False), ("abc def ghi jkl", False), ("a\tb" * 5, False)],
)
def test_the_proxys_request_id_is_kept_only_when_it_looks_like_one(client, sent, kept):
    response = client.get("/masuk/", HTTP_X_REQUEST_ID=sent)
    assert (response["X-Request-ID"] == sent) is kept


def test_json_log_lines_of_a_request_carry_its_id(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "blocked"
    (tmp_path / "blocked").write_text("x")  # storage fails: the probe logs an error inside the request
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(RequestIdFilter())
    handler.setFormatter(JsonFormatter())
    logger = logging.getLogger("operations.health")
    logger.addHandler(handler)
    try:
        response = Client().get("/readyz", HTTP_X_REQUEST_ID="req-0123456789")
    finally:
        logger.removeHandler(handler)
    [line] = stream.getvalue().splitlines()
    entry = json.loads(line)
    assert entry["request_id"] == response["X-Request-ID"] == "req-0123456789"
    assert (entry["level"], entry["logger"], entry["message"]) == (
        "ERROR",
        "operations.health",
        "readyz: storage check failed",
    )
    assert "NotADirectoryError" in entry["exc_info"] or "FileExistsError" in entry["exc_info"]


def test_json_formatter_outside_a_request_and_with_extras():
    record = logging.LogRecord("hubal.test", logging.INFO, __file__, 1, "sent %d e-mails", (3,), None)
    record.office = "32.76"
    RequestIdFilter().filter(record)
    entry = json.loads(JsonFormatter().format(record))
    assert (entry["message"], entry["request_id"], entry["office"]) == ("sent 3 e-mails", "-", "32.76")
    assert entry["time"].endswith("+00:00")
