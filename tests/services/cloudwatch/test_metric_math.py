"""The metric-math parser, without boto3."""
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from awslab.services.cloudwatch.errors import ValidationError
from awslab.services.cloudwatch.metric_math import evaluate

IDX = pd.DatetimeIndex(["2026-01-05T00:00Z", "2026-01-05T00:01Z", "2026-01-05T00:02Z"])
M1 = pd.Series([1.0, 2.0, 3.0], index=IDX)
M2 = pd.Series([10.0, 20.0], index=IDX[1:])
RESULTS, LABELS = {"m1": M1, "m2": M2}, {"m1": "CPU web", "m2": "CPU db"}


def run(expr):
    return evaluate(expr, "e1", RESULTS, LABELS)


@pytest.mark.parametrize("expr,expected", [
    ("m1 + 1", [2.0, 3.0, 4.0]), ("2 * m1 - 1", [1.0, 3.0, 5.0]),
    ("-m1", [-1.0, -2.0, -3.0]), ("m1 ^ 2", [1.0, 4.0, 9.0]),
    ("m1 + m2", [12.0, 23.0]),                       # only where both have a value
    ("SUM([m1, m2])", [1.0, 12.0, 23.0]), ("AVG([m1, m2])", [1.0, 6.0, 11.5]),
    ("MAX(METRICS())", [1.0, 10.0, 20.0]),
    ("MIN(METRICS('web'))", [1.0, 2.0, 3.0]), ("m2 / 0", []),
    ("(m1 + 1) * 2", [4.0, 6.0, 8.0]), ("FILL(m1, 0)", [1.0, 2.0, 3.0]),
])
def test_series_results(expr, expected):
    assert list(run(expr).values) == expected


def test_functions_of_one_series_are_scalars():
    assert run("MAX(m1)") == 3.0 and run("AVG(m1) * 2") == 4.0 and run("ABS(-3)") == 3.0


@pytest.mark.parametrize("expr", ["", "m1 +", "(m1", "m3", "FOO(m1)", "[m1]", "m1 m2",
                                  "SEARCH('{AWS/EC2} CPU', 'Average', 300)", "1 +* 2"])
def test_bad_expressions(expr):
    with pytest.raises(ValidationError) as info:
        run(expr)
    assert info.value.message.startswith("Error in expression e1:")


@given(st.text(alphabet="m12+-*/^()[], .'ABCDEFGHIJKLMNOPQRSTUVWXYZ0", max_size=24))
def test_parser_only_ever_raises_the_aws_error(expr):
    try:
        run(expr)
    except ValidationError:
        pass
