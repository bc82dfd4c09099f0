"""The pure alarm engine: alarm_state / evaluate, row by row against AWS's tables.

Sources of the rows (0 not breaching, X breaching, - missing; oldest to newest; the
evaluation range of 5 periods CloudWatch fetches for N = 3):

* FACTS: reference/aws-facts.md 2.3, the table of the current page
  https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/alarms-and-missing-data.html
  ("how each treatment affects alarm state", M = N = 3);
* MIRROR: the same page's tables in the awsdocs/amazon-cloudwatch-user-guide mirror
  (doc_source/AlarmThatSendsEmail.md, 2019-2023): the N = M = 3 rows ``- - - - X`` and
  ``X - - - -`` and the 2 out of 3 table;
* ISSUE: github.com/awsdocs/amazon-cloudwatch-user-guide/issues/129 (the 2 out of 3 row
  ``0 - X - -`` stays OK under ``missing``, as measured on AWS).
"""
import pytest

from awslab.errors import AwslabError
from awslab.services.cloudwatch import alarm_state, evaluate
from awslab.services.cloudwatch.alarms.evaluation import breaches, evaluation_range

KEEP = "keep"          # IGNORE: "retain current state"
TREATMENTS = ("missing", "ignore", "breaching", "notBreaching")


def points(text: str):
    return [{"0": False, "X": True, "-": None}[c] for c in text.split()]


# (source, points, to fill, MISSING, IGNORE, BREACHING, NOT BREACHING)
THREE_OF_THREE = [
    ("FACTS", "0 - X - X", 0, "OK", "OK", "OK", "OK"),
    ("FACTS", "0 - - - -", 2, "OK", "OK", "OK", "OK"),
    ("FACTS", "- - - - -", 3, "INSUFFICIENT_DATA", KEEP, "ALARM", "OK"),
    ("FACTS", "0 X X - X", 0, "ALARM", "ALARM", "ALARM", "ALARM"),
    ("FACTS", "- - X - -", 2, "ALARM", KEEP, "ALARM", "OK"),
    ("MIRROR", "- - - - X", 2, "INSUFFICIENT_DATA", KEEP, "ALARM", "OK"),
    ("MIRROR", "X - - - -", 2, "ALARM", KEEP, "ALARM", "OK"),
]
TWO_OF_THREE = [
    ("MIRROR", "0 - X - X", 0, "ALARM", "ALARM", "ALARM", "ALARM"),
    ("MIRROR", "0 0 X 0 X", 0, "ALARM", "ALARM", "ALARM", "ALARM"),
    ("MIRROR+ISSUE", "0 - X - -", 1, "OK", "OK", "ALARM", "OK"),
    ("MIRROR", "- - - - 0", 2, "OK", "OK", "ALARM", "OK"),
    ("MIRROR", "- - - - X", 2, "INSUFFICIENT_DATA", KEEP, "ALARM", "OK"),
    ("FACTS (guard, M of N)", "- - X - -", 2, "ALARM", KEEP, "ALARM", "OK"),
]


def _rows(table, m):
    for source, text, fill, *states in table:
        for treat, expected in zip(TREATMENTS, states):
            yield pytest.param(text, m, fill, treat, expected,
                               id=f"{m}of3 {text} {treat} ({source})")


@pytest.mark.parametrize("text,m,fill,treat,expected",
                         list(_rows(THREE_OF_THREE, 3)) + list(_rows(TWO_OF_THREE, 2)))
@pytest.mark.parametrize("current", ["OK", "ALARM", "INSUFFICIENT_DATA"])
def test_documented_missing_data_tables(text, m, fill, treat, expected, current):
    pts = points(text)
    assert len(pts) == evaluation_range(3)
    state = alarm_state(pts, 3, m, treat, current)
    assert state == (current if expected == KEEP else expected)
    ev = evaluate(pts, 3, m, treat, current)
    if treat in ("breaching", "notBreaching"):
        assert ev.filled == fill                     # "# of data points that must be filled"
    assert len(ev.used) + ev.filled <= 3


def test_the_default_current_state_is_ok():
    assert alarm_state(points("- - - - -"), 3, 3, "ignore") == "OK"


@pytest.mark.parametrize("text,expected", [
    ("0 0 X X X", "ALARM"),          # the newest three real points all breach
    ("X X X X 0", "OK"),             # newest breaks the run
    ("X X 0 X X", "OK"),             # 2 of the newest 3 only
    ("- X X X -", "ALARM"),          # three real points among five: treatment not used
])
def test_newest_n_real_points_decide(text, expected):
    for treat in TREATMENTS:
        assert alarm_state(points(text), 3, 3, treat) == expected


@pytest.mark.parametrize("text,m,expected", [
    ("0 X 0 X 0", 2, "OK"),          # newest 3 real: 0 X 0, one breaching
    ("X 0 X 0 X", 2, "ALARM"),       # newest 3: X 0 X -> 2 of 3, not consecutive
    ("X 0 X 0 X", 3, "OK"),
    ("0 0 0 0 X", 1, "ALARM"),       # 1 out of 3
])
def test_m_out_of_n_need_not_be_consecutive(text, m, expected):
    assert alarm_state(points(text), 3, m, "missing") == expected


@pytest.mark.parametrize("text,m,expected", [
    ("- - - X -", 3, "INSUFFICIENT_DATA"),    # breaching point 2 periods old: too early
    ("- - X - -", 3, "ALARM"),                # 3 periods old: ALARM with one datapoint
    ("- - - X -", 2, "ALARM"),                # M-of-N: 2 periods old is old enough
    ("- - - - X", 2, "INSUFFICIENT_DATA"),
    ("- - X - X", 3, "ALARM"),                # every real point breaches, oldest 3 old
    ("- - - X X", 3, "INSUFFICIENT_DATA"),    # oldest only 2 old
    ("0 - - X -", 2, "OK"),                   # a real non-breaching point blocks the guard
])
def test_premature_alarm_guard(text, m, expected):
    assert alarm_state(points(text), 3, m, "missing") == expected


def test_ignore_keeps_whatever_state_it_finds():
    for current in ("OK", "ALARM", "INSUFFICIENT_DATA"):
        ev = evaluate(points("- - - - -"), 3, 3, "ignore", current)
        assert ev.kept and ev.state == current
        assert alarm_state(points("- - X - -"), 3, 3, "ignore", current) == current


def test_evaluate_explains_itself():
    ev = evaluate(points("0 - X - X"), 3, 2, "breaching")
    assert (ev.state, ev.used, ev.filled, ev.rule) == ("ALARM", (0, 2, 4), 0, "newest-real")
    ev = evaluate(points("0 - - - -"), 3, 3, "breaching")
    assert (ev.state, ev.used, ev.filled, ev.fill_breaching, ev.breaching) == (
        "OK", (0,), 2, True, 2)
    ev = evaluate(points("- - X - -"), 3, 3, "missing")
    assert (ev.state, ev.rule) == ("ALARM", "premature-guard")
    assert evaluate(points("- - - - -"), 3, 3, "missing").rule == "all-missing"


def test_single_period_alarms():
    assert alarm_state([None, None, True], 1, 1, "missing") == "ALARM"
    assert alarm_state([None, None, False], 1, 1, "missing") == "OK"
    assert alarm_state([True, None, None], 1, 1, "missing") == "ALARM"   # newest real point
    assert alarm_state([], 1, 1, "missing") == "INSUFFICIENT_DATA"


@pytest.mark.parametrize("op,value,expected", [
    ("GreaterThanThreshold", 80.0, False), ("GreaterThanThreshold", 80.5, True),
    ("GreaterThanOrEqualToThreshold", 80.0, True), ("GreaterThanOrEqualToThreshold", 79.9, False),
    ("LessThanThreshold", 80.0, False), ("LessThanThreshold", 79.9, True),
    ("LessThanOrEqualToThreshold", 80.0, True), ("LessThanOrEqualToThreshold", 80.1, False),
])
def test_each_operator_has_the_statistic_on_the_left(op, value, expected):
    assert breaches(value, op, 80.0) is expected


@pytest.mark.parametrize("args", [
    ([None], 0, 1, "missing", "OK"), ([None], 2, 3, "missing", "OK"),
    ([None], 3, 3, "sometimes", "OK"), ([None], 3, 3, "missing", "PENDING"),
    ([1], 3, 3, "missing", "OK"), ([None], 3, 0, "missing", "OK"),
])
def test_misuse_raises_awslab_error(args):
    with pytest.raises(AwslabError):
        alarm_state(*args)
