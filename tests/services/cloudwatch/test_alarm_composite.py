"""The composite-alarm rule language: parsing, errors and evaluation (aws-facts 2.6)."""
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from awslab.services.cloudwatch.alarms.composite import parse_rule
from awslab.services.cloudwatch.alarms.errors import ValidationError


def value(rule: str, **states) -> bool:
    return parse_rule(rule).evaluate(states)


@pytest.mark.parametrize("rule,children", [
    ("ALARM(cpu)", ("cpu",)),
    ('ALARM("cpu")', ("cpu",)),
    ('ALARM("SampleQueue Oldest Age Alarm")', ("SampleQueue Oldest Age Alarm",)),
    ("ALARM(cpu) AND NOT ALARM(deploy)", ("cpu", "deploy")),
    ("(ALARM(a) OR ALARM(b)) AND OK(c)", ("a", "b", "c")),
    ("ALARM(arn:aws:cloudwatch:us-east-1:123456789012:alarm:cpu)",
     ("arn:aws:cloudwatch:us-east-1:123456789012:alarm:cpu",)),
    ("INSUFFICIENT_DATA(a) OR ALARM(a)", ("a",)),
    ("TRUE", ()), ("FALSE", ()), ("NOT NOT TRUE", ()),
    ("  ALARM( cpu )  ", ("cpu",)),
])
def test_valid_rules(rule, children):
    assert parse_rule(rule).children == children


@pytest.mark.parametrize("rule,message", [
    ("()", "Error in AlarmRule [Unsupported token ')' at char 1]"),       # github aws-cdk 34662
    ("ALARM(SampleQueue Oldest Age Alarm) OR TRUE",
     "Error in AlarmRule [Unsupported token 'Oldest' at char 18, must be: ')']"),  # ...13953
    ("alarm(cpu)", "Error in AlarmRule [Unsupported token 'alarm' at char 0]"),
    ("ALARM(cpu) ALARM(mem)", "Error in AlarmRule [Unsupported token 'ALARM' at char 11]"),
    ("ALARM(cpu) AND", "Error in AlarmRule [Unexpected end of rule at char 14]"),
    ("(ALARM(cpu)", "Error in AlarmRule [Unexpected end of rule at char 11, must be: ')']"),
    ("ALARM(cpu))", "Error in AlarmRule [Unsupported token ')' at char 10]"),
    ("ALARM cpu", "Error in AlarmRule [Unsupported token 'cpu' at char 6, must be: '(']"),
    ("ALARM()", "Error in AlarmRule [Unsupported token ')' at char 6, must be: alarm name]"),
    ('ALARM("")', "Error in AlarmRule [Unsupported token '' at char 6, must be: alarm name]"),
    ('ALARM("cpu)', "Error in AlarmRule [Unterminated quoted alarm name at char 6]"),
    ("   ", "Error in AlarmRule [Unexpected end of rule at char 3]"),
    ("TRUE AND AND FALSE", "Error in AlarmRule [Unsupported token 'AND' at char 9]"),
])
def test_malformed_rules_get_aws_validation_error(rule, message):
    with pytest.raises(ValidationError) as info:
        parse_rule(rule)
    assert info.value.message == message and info.value.code == "ValidationError"


def test_limits():
    parse_rule(" OR ".join(f"ALARM(a{i})" for i in range(100)))
    with pytest.raises(ValidationError, match="at most 100 alarms"):
        parse_rule(" OR ".join(f"ALARM(a{i})" for i in range(101)))
    with pytest.raises(ValidationError, match="at most 500 elements"):
        parse_rule(" OR ".join(["TRUE"] * 501))
    with pytest.raises(ValidationError, match="at most 500 elements"):
        parse_rule("(" * 2000 + "TRUE" + ")" * 2000)      # deep nesting: no RecursionError
    with pytest.raises(ValidationError, match="AT_LEAST"):
        parse_rule("AT_LEAST(2, ALARM, (a, b, c))")


@pytest.mark.parametrize("rule,states,expected", [
    ("ALARM(a)", {"a": "ALARM"}, True),
    ("ALARM(a)", {"a": "OK"}, False),
    ("OK(a)", {"a": "OK"}, True),
    ("INSUFFICIENT_DATA(a)", {"a": "INSUFFICIENT_DATA"}, True),
    ("ALARM(a) AND NOT ALARM(b)", {"a": "ALARM", "b": "OK"}, True),
    ("ALARM(a) AND NOT ALARM(b)", {"a": "ALARM", "b": "ALARM"}, False),
    ("ALARM(a) OR ALARM(b) AND ALARM(c)", {"a": "ALARM", "b": "OK", "c": "OK"}, True),
    ("(ALARM(a) OR ALARM(b)) AND ALARM(c)", {"a": "ALARM", "b": "OK", "c": "OK"}, False),
    ("NOT ALARM(a) OR ALARM(b)", {"a": "ALARM", "b": "OK"}, False),
    ("NOT (ALARM(a) OR ALARM(b))", {"a": "OK", "b": "OK"}, True),
    ("TRUE AND FALSE OR TRUE", {}, True),
    ("FALSE", {}, False),
    ("ALARM(missing)", {}, False),
])
def test_evaluation(rule, states, expected):
    assert value(rule, **states) is expected


WORDS = ["ALARM", "OK", "INSUFFICIENT_DATA", "TRUE", "FALSE", "AND", "OR", "NOT", "(", ")",
         '"', "a", "b c", "arn:aws:cloudwatch:us-east-1:1:alarm:x", " ", "AT_LEAST", ","]


@settings(max_examples=600, deadline=None)
@given(st.one_of(st.text(max_size=80),
                 st.lists(st.sampled_from(WORDS), max_size=25).map("".join),
                 st.lists(st.sampled_from(WORDS), max_size=25).map(" ".join)))
def test_the_parser_only_ever_raises_the_aws_error(text):
    try:
        rule = parse_rule(text)
    except ValidationError:
        return
    assert isinstance(rule.evaluate({c: "ALARM" for c in rule.children}), bool)
