"""The vectorised whole-series evaluator equals the pure engine applied range by range."""
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from awslab.errors import AwslabError
from awslab.services.cloudwatch import alarm_state
from awslab.services.cloudwatch.alarms.series import (
    CODES, baseline_states, series_states, states_over_time)

TREATMENTS = ("missing", "ignore", "breaching", "notBreaching")


def sequential(breaching, present, n, m, treat, size, initial="INSUFFICIENT_DATA"):
    """alarm_state on every range, each state fed into the next evaluation."""
    state, out = initial, []
    for t in range(len(present)):
        window = [bool(breaching[i]) if present[i] else None
                  for i in range(t - size + 1, t + 1) if i >= 0]
        window = [None] * (size - len(window)) + window
        state = alarm_state(window, n, m, treat, state)
        out.append(state)
    return out


@st.composite
def cases(draw):
    n = draw(st.integers(1, 5))
    m = draw(st.integers(1, n))
    size = draw(st.integers(n, n + 4))
    length = draw(st.integers(0, 60))
    present = draw(st.lists(st.booleans(), min_size=length, max_size=length))
    breaching = draw(st.lists(st.booleans(), min_size=length, max_size=length))
    return n, m, size, present, breaching, draw(st.sampled_from(TREATMENTS)), \
        draw(st.sampled_from(["OK", "ALARM", "INSUFFICIENT_DATA"]))


@settings(max_examples=400, deadline=None)
@given(cases())
def test_series_equals_the_pure_engine(case):
    n, m, size, present, breaching, treat, initial = case
    got = states_over_time(breaching, present, n, m, treat, size, initial)
    assert [CODES[int(c)] for c in got] == sequential(breaching, present, n, m, treat,
                                                      size, initial)


def test_a_year_of_minutes_with_gaps():
    rng = np.random.default_rng(3)
    values = 50 + 30 * np.sin(np.arange(525_600) / 300) + rng.normal(0, 5, 525_600)
    values[rng.random(525_600) < 0.02] = np.nan
    for treat in TREATMENTS:
        codes = series_states(values, "GreaterThanThreshold", 75.0, 3, 2, treat)
        assert codes.shape == (525_600,) and set(np.unique(codes)) <= {0, 1, 2}
    head = values[:2000]
    got = series_states(head, "GreaterThanThreshold", 75.0, 3, 2, "missing")
    want = sequential(head > 75, ~np.isnan(head), 3, 2, "missing", 5)
    assert [CODES[int(c)] for c in got] == want


def test_baseline_is_plain_m_of_n():
    b = np.array([1, 1, 0, 1, 1, 1], bool)
    p = np.array([1, 1, 1, 0, 1, 1], bool)
    assert baseline_states(b, p, 3, 2, "missing").tolist() == [0, 1, 1, 0, 0, 1]
    assert baseline_states(b, p, 3, 2, "breaching").tolist() == [0, 1, 1, 1, 1, 1]


def test_bad_arguments():
    with pytest.raises(AwslabError):
        states_over_time([True], [True], 3, 4, "missing")
    with pytest.raises(AwslabError):
        series_states([1.0], "Bigger", 1.0, 1, 1, "missing")
