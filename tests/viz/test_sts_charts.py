"""The NB11 charts: pure renders return labelled, deterministic, colour-blind-safe
Figures."""
import io
from datetime import datetime, timedelta, timezone

import matplotlib.colors as mcolors
import pytest
from matplotlib.figure import Figure

from awslab.viz import sts as v
from awslab.viz.style import GREY, OKABE_ITO

UTC = timezone.utc
T0 = datetime(2026, 1, 5, 0, 0, tzinfo=UTC)
COLS = ["dynamodb:Scan\ntable Orders (A)", "s3:PutObject\nbucket reports (B)"]


@pytest.fixture(autouse=True)
def no_pyplot_figures_left():
    import matplotlib.pyplot as plt
    before = plt.get_fignums()
    yield
    assert plt.get_fignums() == before, "a render left a pyplot figure open"


def png(fig: Figure) -> bytes:
    buf = io.BytesIO()
    fig.savefig(buf, format="png")
    return buf.getvalue()


def texts(fig) -> str:
    parts = [fig._suptitle.get_text() if fig._suptitle else ""]
    parts += [t.get_text() for t in fig.texts]
    for ax in fig.axes:
        parts += [ax.get_title(loc) for loc in ("left", "center")]
        parts += [t.get_text() for t in ax.texts]
        parts += [ax.get_xlabel(), ax.get_ylabel()]
        parts += [t.get_text() for t in ax.get_yticklabels()]
        legend = ax.get_legend()
        if legend:
            parts += [t.get_text() for t in legend.get_texts()]
    return "\n".join(parts)


def lifetimes():
    rows = [("access key", T0, None),
            ("GetSessionToken", T0, T0 + timedelta(hours=12)),
            ("AssumeRole", T0 + timedelta(minutes=5), T0 + timedelta(hours=1, minutes=5)),
            ("chained", T0 + timedelta(minutes=10), T0 + timedelta(hours=1, minutes=10))]
    checks = []
    for hours in (0.5, 2, 13):
        t = T0 + timedelta(hours=hours)
        checks += [(label, t, "OK" if end is None or t < end else "ExpiredToken")
                   for label, _, end in rows]
    return rows, checks


def outcome(**extra):
    base = {"requested": 5400, "max_session": 14400, "chained": False, "issued": T0}
    return {**base, **extra}


def strategy_rows():
    return [("1. Before AssumeRole", "arn:aws:iam::111111111111:user/bot",
             {COLS[0]: "allowed", COLS[1]: "implicitDeny"}),
            ("2. After AssumeRole", "arn:aws:sts::222222222222:assumed-role/W/job",
             {COLS[0]: "implicitDeny", COLS[1]: "allowed"})]


RENDERS = {
    "calls": lambda: v.sts_calls_diagram(),
    "flow": lambda: v.flow_figure(),
    "flow-step-2": lambda: v.flow_figure(2),
    "flow-failure": lambda: v.flow_figure(6, "trust policy in B"),
    "lifetimes": lambda: v.lifetime_figure(*lifetimes()),
    "duration-ok": lambda: v.duration_figure(outcome(
        expiration=T0 + timedelta(seconds=5400))),
    "duration-refused": lambda: v.duration_figure(outcome(
        chained=True, code="ValidationError", message="The requested DurationSeconds "
        "exceeds the 1 hour session limit for roles assumed by role chaining.")),
    "strategy": lambda: v.strategy_figure(strategy_rows(), COLS, "Strategy: role",
                                          "No single identity can do both."),
    "venn": lambda: v.venn_figure(["dynamodb:Scan on Orders (A)", "sts:GetCallerIdentity"],
                                  ["s3:PutObject on reports (B)", "sts:GetCallerIdentity"],
                                  ["s3:PutObject on reports (B)"]),
}


@pytest.mark.parametrize("name", RENDERS)
def test_renders_a_figure_deterministically(name):
    fig = RENDERS[name]()
    assert isinstance(fig, Figure)
    first = png(fig)
    assert first[:8] == b"\x89PNG\r\n\x1a\n"
    assert png(RENDERS[name]()) == first, "the same data must draw the same PNG"


def _palette_ok(colour) -> bool:
    rgba = mcolors.to_rgba(colour)
    if rgba[3] == 0:
        return True
    r, g, b = rgba[:3]
    if abs(r - g) < 0.02 and abs(g - b) < 0.02:      # black, white and greys
        return True
    for hex_colour in OKABE_ITO.values():
        pr, pg, pb = mcolors.to_rgb(hex_colour)
        # the colour itself or a tint of it (mixed with white)
        for amount in [i / 100 for i in range(0, 100)]:
            mixed = (pr + (1 - pr) * amount, pg + (1 - pg) * amount,
                     pb + (1 - pb) * amount)
            if all(abs(a - c) < 0.01 for a, c in zip(mixed, (r, g, b))):
                return True
    return False


@pytest.mark.parametrize("name", RENDERS)
def test_every_colour_is_okabe_ito_a_tint_of_it_or_grey(name):
    fig = RENDERS[name]()
    colours = []
    for ax in fig.axes:
        for patch in ax.patches:
            colours += [patch.get_facecolor(), patch.get_edgecolor()]
        for line in ax.lines:
            colours.append(line.get_color())
        for text in ax.texts:
            colours.append(text.get_color())
        for coll in ax.collections:
            colours += list(coll.get_facecolor())
    bad = [mcolors.to_hex(c) for c in colours if not _palette_ok(c)]
    assert bad == [], f"colours outside the palette: {sorted(set(bad))}"


def test_calls_diagram_names_every_sts_call_and_its_durations():
    text = texts(v.sts_calls_diagram())
    for call in ("AssumeRole", "AssumeRoleWithSAML", "AssumeRoleWithWebIdentity",
                 "GetSessionToken", "GetFederationToken"):
        assert call in text
    assert "default 1 h" in text and "36 h" in text and "ASIA" in text


@pytest.mark.parametrize("step", range(1, v.FLOW_STEPS + 1))
def test_flow_caption_follows_the_step(step):
    text = texts(v.flow_figure(step))
    assert f"Step {step}:" in text
    assert text.count("✓ yes") == sum(1 for s in (2, 3) if s <= step)


@pytest.mark.parametrize("failure", [f for f in v.FAILURES if f != "none"])
def test_flow_failures_stop_where_they_should(failure):
    stop, error = v.FAILURES[failure]
    text = texts(v.flow_figure(6, failure))
    assert f"Stopped at step {stop}: {error}" in text and "✗" in text
    assert f"what if: {failure}" in text
    before = texts(v.flow_figure(stop - 1, failure))
    assert "Stopped" not in before


def test_flow_labels_use_the_names_given():
    text = texts(v.flow_figure(6, names={"caller": "role/Job", "account_a": "111",
                                         "account_b": "222", "role": "Writer",
                                         "external_id": "x-1"}))
    assert 'ExternalId="x-1"' in text and "role Writer" in text
    assert "account 111" in text and "account 222" in text and "role/Job" in text


def test_lifetimes_label_durations_expiry_and_calls():
    fig = v.lifetime_figure(*lifetimes())
    text = texts(fig)
    assert "12 h · expires 12:00" in text and "1 h · expires 01:05" in text
    assert "no expiry" in text
    assert "call answered" in text and "call refused: ExpiredToken" in text
    assert "UTC" in fig.axes[0].get_xlabel()
    marks = {line.get_marker() for line in fig.axes[0].lines}
    assert {"o", "X"} <= marks, "answered and refused calls differ by marker too"


def test_lifetime_across_midnight_names_the_day():
    rows = [("session", T0 + timedelta(hours=20), T0 + timedelta(hours=32))]
    assert "expires Jan 06 08:00" in texts(v.lifetime_figure(rows))


def test_duration_accepted_and_refused():
    ok = texts(v.duration_figure(outcome(expiration=T0 + timedelta(seconds=5400))))
    assert "✓ Accepted: 1 h 30 min" in ok and "expires at 01:30 UTC" in ok
    assert "Session duration (hours)" in ok and "MaxSessionDuration 4 h" in ok
    assert "chaining" not in ok
    bad = texts(v.duration_figure(outcome(chained=True, code="ValidationError",
                                          message="too long")))
    assert "✗ Refused: ValidationError" in bad and "too long" in bad
    assert "role chaining cap 1 h" in bad and "allowed: 15 min to 1 h" in bad


def test_duration_refusal_is_hatched_not_only_coloured():
    fig = v.duration_figure(outcome(code="ValidationError", message="no"))
    assert any(p.get_hatch() for p in fig.axes[0].patches)


def test_strategy_cells_say_allowed_or_denied_in_words():
    fig = v.strategy_figure(strategy_rows(), COLS, "Strategy: role", "verdict here")
    text = texts(fig)
    assert text.count("✓ allowed") == 2 and text.count("✗ implicitDeny") == 2
    assert "verdict here" in text and "1. Before AssumeRole" in text
    hatched = [p for p in fig.axes[0].patches if p.get_hatch()]
    assert len(hatched) == 2


def test_venn_lists_each_permission_where_it_belongs():
    fig = v.venn_figure(["scan table (A)", "shared:Call"],
                        ["put object (B)", "shared:Call"], ["put object (B)"],
                        names=("mine (A)", "role's (B)"))
    left, right = fig.axes
    assert "+ put object (B)" in "\n".join(t.get_text() for t in right.texts)
    assert "+ put" not in "\n".join(t.get_text() for t in left.texts)
    assert "shared:\nCall" in "\n".join(t.get_text() for t in left.texts)
    assert "1. AssumeRole into B" in left.get_title()
    assert "2. Resource-based policy" in right.get_title()


def test_inactive_text_is_grey_active_is_dark():
    fig = v.venn_figure(["scan (A)"], ["put (B)"])
    left, right = fig.axes
    colour = {t.get_text(): t.get_color() for t in left.texts}
    assert colour["scan (A)"] == GREY and colour["put (B)"] != GREY
    colour = {t.get_text(): t.get_color() for t in right.texts}
    assert colour["scan (A)"] != GREY and colour["put (B)"] == GREY
