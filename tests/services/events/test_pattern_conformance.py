"""All 155 TestEventPattern cases recorded against AWS: match, no match, or the error."""
import json

import pytest
from botocore.exceptions import ClientError

from awslab import Lab
from awslab.errors import AwsError
from awslab.services.events import compile_pattern
from awslab.services.events.patterns import flatten

from events_helpers import conformance_cases

CASES = conformance_cases()
LAB = Lab(seed=1)
CLIENT = LAB.client("events")


def test_the_file_holds_155_cases_of_each_kind():
    assert len(CASES) == 155
    assert {c["expect"] for c in CASES} == {"match", "no_match", "invalid"}


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_test_event_pattern_answers_as_aws(case):
    request = {"EventPattern": json.dumps(case["pattern"]), "Event": json.dumps(case["event"])}
    if case["expect"] == "invalid":
        with pytest.raises(ClientError) as err:
            CLIENT.test_event_pattern(**request)
        assert err.value.response["Error"]["Code"] == case["error_code"]
        assert err.value.response["Error"]["Message"] == case["error_message"]
    else:
        assert CLIENT.test_event_pattern(**request)["Result"] is (case["expect"] == "match")


@pytest.mark.parametrize("case", [c for c in CASES if c["expect"] == "invalid"],
                         ids=lambda c: c["name"])
def test_put_rule_refuses_the_same_patterns(case):
    with pytest.raises(ClientError) as err:
        CLIENT.put_rule(Name="r", EventPattern=json.dumps(case["pattern"]))
    assert err.value.response["Error"]["Message"] == case["error_message"]


@pytest.mark.parametrize("case", [c for c in CASES if c["expect"] != "invalid"],
                         ids=lambda c: c["name"])
def test_the_pure_matcher_agrees(case):
    pattern = compile_pattern(case["pattern"])          # from a dict, not cached text
    assert pattern.matches(case["event"]) is (case["expect"] == "match")


@pytest.mark.parametrize("case", [c for c in CASES if c["expect"] != "invalid"],
                         ids=lambda c: c["name"])
def test_flattening_only_the_pattern_paths_decides_alike(case):
    """Routing flattens an event only along the paths its patterns look at; a pattern
    never notices, and an event it matches always passes the envelope pre-check."""
    pattern = compile_pattern(case["pattern"])
    assert pattern.matches(flatten(case["event"], pattern.paths)) is (
        case["expect"] == "match")
    envelope = {k: v for k, v in case["event"].items() if isinstance(v, str)}
    assert pattern.might_match(envelope) or case["expect"] == "no_match"


def test_a_pure_compile_raises_the_aws_error():
    with pytest.raises(AwsError) as err:
        compile_pattern({"a": 1})
    assert err.value.code == "InvalidEventPatternException"
