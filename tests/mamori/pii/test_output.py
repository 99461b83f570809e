"""JSON (spec/pii.md) and SARIF 2.1.0 output of scan results."""

from __future__ import annotations

import json

import pytest

from mamori.pii import Extracted, FileResult, Scanner, Status, to_sarif
from tests.mamori.pii._structured import structured_scanner

TEXT = "連絡先：090-0123-4567\n法人番号 7969864922506\n"


@pytest.fixture(scope="module")
def result() -> FileResult:
    scanner: Scanner = structured_scanner()
    return scanner.scan(Extracted(path="docs/manual.txt", text=TEXT))


def test_json_matches_the_spec(result: FileResult) -> None:
    data = json.loads(json.dumps(result.to_json(), ensure_ascii=False))
    assert set(data) == {"path", "status", "findings", "summary"}
    assert data["status"] == "ok"
    phone = data["findings"][0]
    assert set(phone) == {"type", "start", "end", "text", "score", "detector", "location"}
    assert phone["text"] == TEXT[phone["start"] : phone["end"]] == "090-0123-4567"
    assert phone["location"] == {"page": None, "sheet": None, "cell": None}
    assert data["summary"] == {
        "persons": 0,
        "households": 0,
        "by_type": {"CORPORATE_NUMBER": 1, "PHONE": 1},
    }
    assert "explanation" in result.to_json(explain=True)["findings"][0]


def test_sarif(result: FileResult) -> None:
    bad = FileResult(path="secret.zip", status=Status.UNSCANNABLE, error="encrypted")
    log = to_sarif([result, bad])
    assert log["version"] == "2.1.0"
    (run,) = log["runs"]
    rules = [rule["id"] for rule in run["tool"]["driver"]["rules"]]
    assert rules == ["jp.corporate_number", "jp.phone"]
    phone = next(r for r in run["results"] if r["ruleId"] == "jp.phone")
    location = phone["locations"][0]["physicalLocation"]
    assert location["artifactLocation"]["uri"] == "docs/manual.txt"
    assert location["region"] == {"charOffset": 4, "charLength": 13}
    assert rules[phone["ruleIndex"]] == "jp.phone"
    assert "090-0123-4567" not in json.dumps(log, ensure_ascii=False)  # masked in messages
    (notice,) = run["invocations"][0]["toolExecutionNotifications"]
    assert "secret.zip" in notice["message"]["text"]
    assert run["invocations"][0]["executionSuccessful"] is False
