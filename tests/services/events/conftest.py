import json
import pathlib

import pytest

from awslab import Lab

CONFORMANCE = pathlib.Path(__file__).with_name("data") / "eventbridge_test_event_pattern.json"


def conformance_cases() -> list[dict]:
    return json.loads(CONFORMANCE.read_text())


@pytest.fixture
def lab():
    return Lab(seed=7)


@pytest.fixture
def ev(lab):
    return lab.client("events")
