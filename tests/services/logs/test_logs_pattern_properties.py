"""Property tests of the filter-pattern engine (hypothesis)."""
import json
import string

from hypothesis import given, settings, strategies as st

from awslab.services.logs.errors import PatternError
from awslab.services.logs.patterns import compile_pattern

WORDS = st.text(string.ascii_letters + string.digits, min_size=1, max_size=8)
TEXT = st.text(string.printable, max_size=80)


@given(TEXT)
@settings(max_examples=300, deadline=None)
def test_any_text_either_compiles_or_raises_the_logs_error(text):
    try:
        p = compile_pattern(text)
    except PatternError as exc:
        assert exc.code == "InvalidParameterException" and exc.message
        return
    assert isinstance(p.matches("some ERROR message 42"), bool)


@given(st.lists(WORDS, min_size=1, max_size=5), st.lists(WORDS, max_size=5))
@settings(max_examples=200, deadline=None)
def test_a_message_made_of_the_terms_matches_them(terms, others):
    message = " ".join(others + terms + others)
    assert compile_pattern(" ".join(terms)).matches(message)


@given(WORDS, TEXT)
@settings(max_examples=200, deadline=None)
def test_exclusion_is_the_negation_of_inclusion(term, message):
    assert compile_pattern(f"-{term}").matches(message) is not \
        compile_pattern(term).matches(message)


@given(st.lists(WORDS, min_size=2, max_size=4), TEXT)
@settings(max_examples=200, deadline=None)
def test_or_is_any(terms, message):
    either = compile_pattern(" ".join("?" + t for t in terms)).matches(message)
    assert either == any(compile_pattern(t).matches(message) for t in terms)


@given(st.integers(-10**6, 10**6), st.integers(-10**6, 10**6))
@settings(max_examples=200, deadline=None)
def test_json_numeric_comparisons_agree_with_python(value, bound):
    message = json.dumps({"n": value})
    for op, expected in (("<", value < bound), ("<=", value <= bound),
                         (">", value > bound), (">=", value >= bound),
                         ("=", value == bound), ("!=", value != bound)):
        assert compile_pattern(f"{{ $.n {op} {bound} }}").matches(message) is expected


@given(st.lists(WORDS, min_size=1, max_size=8))
@settings(max_examples=200, deadline=None)
def test_delimited_extracts_what_it_split(words):
    names = [f"f{i}" for i in range(len(words))]
    p = compile_pattern("[" + ", ".join(names) + "]")
    assert p.extract(" ".join(words)) == {f"${n}": w for n, w in zip(names, words)}


@given(st.lists(WORDS, min_size=1, max_size=8), st.integers(0, 7))
@settings(max_examples=200, deadline=None)
def test_ellipsis_absorbs_any_prefix(words, cut):
    cut = min(cut, len(words) - 1)
    p = compile_pattern("[..., last = " + words[-1] + "]")
    assert p.matches(" ".join(words[cut:]))
