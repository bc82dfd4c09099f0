"""The pure pattern matcher beyond the conformance file: $or, arrays of objects,
explanations, limits, and properties that hold for any pattern and event."""
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from awslab.errors import AwsError
from awslab.services.events import compile_pattern
from awslab.services.events.patterns import flatten

EC2 = {"source": "aws.ec2", "detail-type": "EC2 Instance State-change Notification",
       "detail": {"instance-id": "i-1", "state": "stopped"}}


def reason(pattern) -> str:
    with pytest.raises(AwsError) as err:
        compile_pattern(pattern)
    assert err.value.code == "InvalidEventPatternException"
    return err.value.message.split("Reason: ", 1)[1]


def test_or_across_fields():
    p = compile_pattern({"source": ["aws.ec2"], "$or": [
        {"detail": {"state": ["running"]}}, {"detail-type": [{"prefix": "EC2"}]}]})
    assert p.matches(EC2)
    assert not p.matches({**EC2, "detail-type": "x"})
    assert len(p.clauses) == 2


def test_or_needs_two_objects_and_combinations_are_limited():
    assert "$or" in reason({"$or": [{"a": ["b"]}]})
    big = {f"f{i}": {"$or": [{"a": ["1"]}, {"b": ["2"]}, {"c": ["3"]}, {"d": ["4"]}]}
           for i in range(5)}                                  # 4**5 = 1024 clauses
    assert "1000" in reason(big)


def test_fields_from_an_array_of_objects_come_from_one_element():
    event = {"detail": {"people": [{"first": "Ada", "last": "Byron"},
                                   {"first": "Alan", "last": "Turing"}]}}
    same = compile_pattern({"detail": {"people": {"first": ["Ada"], "last": ["Byron"]}}})
    mixed = compile_pattern({"detail": {"people": {"first": ["Ada"], "last": ["Turing"]}}})
    assert same.matches(event) and not mixed.matches(event)


def test_explain_names_the_deciding_operator():
    p = compile_pattern({"source": ["aws.ec2"],
                         "detail": {"state": [{"anything-but": ["pending", "stopped"]}]}})
    verdict = p.explain(EC2)
    assert not verdict.matched
    [failed] = verdict.failed
    assert failed.path == "detail.state" and failed.values == ["stopped"]
    ok = p.explain({**EC2, "detail": {"state": "running"}})
    assert ok.matched and ok.clauses[0][1].operator.kind == "anything-but"


@pytest.mark.parametrize("pattern,event,expected", [
    ({"n": [{"numeric": [">=", 10, "<", 20]}]}, {"n": 10}, True),
    ({"n": [{"numeric": [">=", 10, "<", 20]}]}, {"n": 20}, False),
    ({"n": [{"numeric": ["=", 3.018e2]}]}, {"n": 301.8}, True),
    ({"ip": [{"cidr": "10.0.0.0/8"}]}, {"ip": "10.2.3.4"}, True),
    ({"ip": [{"cidr": "10.0.0.0/8"}]}, {"ip": "2001:db8::1"}, False),
    ({"f": [{"wildcard": "a\\*b*"}]}, {"f": "a*bcd"}, True),
    ({"f": [{"wildcard": "a\\*b*"}]}, {"f": "axbcd"}, False),
    ({"f": [{"equals-ignore-case": "ABC"}]}, {"f": "abc"}, True),
    ({"f": [True]}, {"f": 1}, False),
    ({"f": [1]}, {"f": True}, False),
    ({"f": [{"exists": False}]}, {"f": {"g": 1}}, True),
])
def test_operators(pattern, event, expected):
    assert compile_pattern(pattern).matches(event) is expected


@pytest.mark.parametrize("pattern,why", [
    ("[1]", "Filter is not an object"),
    ("{", "Unexpected token"),
    ({}, "Empty objects are not allowed"),
    ({"a": [[1]]}, "Match value must be"),
    ({"a": [{"prefix": "x", "suffix": "y"}]}, "Only one key allowed"),
    ({"a": [{"exists": "yes"}]}, "either true or false"),
    ({"a": [{"numeric": ["<", 5, ">", 1]}]}, "Too many elements"),
    ({"a": [{"numeric": [">", 5, "<", 1]}]}, "Bottom must be less than top"),
    ({"a": [{"numeric": ["~", 5]}]}, "Unrecognized numeric range operator"),
    ({"a": [{"wildcard": "a\\b"}]}, "Invalid escape character at pos 1"),
    ({"a": [{"cidr": "10.0.0.0/33"}]}, "mask bits"),
])
def test_more_reasons(pattern, why):
    assert why in reason(pattern)


# -- properties ------------------------------------------------------------------------------
scalars = st.one_of(st.text(max_size=6), st.integers(-1000, 1000), st.booleans(), st.none(),
                    st.floats(-1e6, 1e6, allow_nan=False))
keys = st.sampled_from(["a", "b", "c", "d.e"])
events = st.recursive(scalars, lambda inner: st.one_of(
    st.lists(inner, max_size=3), st.dictionaries(keys, inner, max_size=3)), max_leaves=8)


@settings(max_examples=150, deadline=None)
@given(st.dictionaries(keys, events, min_size=1, max_size=4))
def test_an_event_matches_a_pattern_of_its_own_leaves(event):
    flat = flatten(event)
    pattern = {}
    for path, values in flat.values.items():
        node = pattern
        *parents, leaf = path.split(".")
        clash = False
        for part in parents:
            if not isinstance(node.setdefault(part, {}), dict):
                clash = True
                break
            node = node[part]
        if clash or isinstance(node.get(leaf), dict):
            continue
        node[leaf] = [values[0]] if flat.members is None else [{"exists": True}]
    if pattern:
        assert compile_pattern(pattern).matches(event)


@settings(max_examples=150, deadline=None)
@given(st.dictionaries(keys, events, min_size=1, max_size=4),
       st.sampled_from(["a", "b", "c"]), st.text(max_size=4))
def test_anything_but_and_equals_partition_present_string_fields(event, key, value):
    equals = compile_pattern({key: [value]})
    but = compile_pattern({key: [{"anything-but": value}]})
    found = flatten(event).values.get(key, [])
    if len(found) == 1:
        assert equals.matches(event) != but.matches(event)
    if not found:
        assert not equals.matches(event) and not but.matches(event)


@settings(max_examples=200, deadline=None)
@given(st.recursive(st.one_of(scalars, st.just({})), lambda inner: st.one_of(
    st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=5), inner, max_size=3)),
    max_leaves=10))
def test_any_json_is_either_a_pattern_or_an_aws_error(anything):
    try:
        pattern = compile_pattern(json.dumps(anything))
    except AwsError as err:
        assert err.code == "InvalidEventPatternException"
        assert err.message.startswith("Event pattern is not valid. Reason: ")
    else:
        assert pattern.matches({"a": 1}) in (True, False)
