"""Charts of IAM policy evaluation: the flowchart with the path a decision took, decision
heatmaps, and the intersection of identity policies, boundary and SCPs.

Pure functions: a :class:`~awslab.services.iam.policy.Decision` (or decision strings)
in, a :class:`matplotlib.figure.Figure` out, no pyplot state. A decision is told by
colour, hatch and text (:data:`DECISION_STYLES`, built on the alarm states of
:mod:`awslab.viz.style`), so print and colour-blind readers see the same thing.
Introduced in ``14_policy_evaluation.ipynb``.
"""
from __future__ import annotations

import textwrap
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Mapping, Optional, Sequence

import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.patches import (Circle, FancyArrowPatch, FancyBboxPatch, Patch, Polygon,
                                Rectangle)
from matplotlib.path import Path

from awslab.viz.style import FONT, GREY, OKABE_ITO, STATE_STYLES, new_figure

ALLOWED, EXPLICIT, IMPLICIT = "allowed", "explicitDeny", "implicitDeny"
#: Colour, hatch and words of each ``EvalDecision`` (allow = OK, explicit deny = ALARM,
#: implicit deny = INSUFFICIENT_DATA of the alarm states).
DECISION_STYLES = {
    ALLOWED: {**STATE_STYLES["OK"], "label": "Allow", "short": "allow"},
    EXPLICIT: {**STATE_STYLES["ALARM"], "label": "Explicit deny", "short": "explicit deny"},
    IMPLICIT: {**STATE_STYLES["INSUFFICIENT_DATA"], "label": "Implicit deny",
               "short": "implicit deny"},
}
DARK = "#222222"
PATH = OKABE_ITO["blue"]

#: The layers of the flowchart, top to bottom (AWS's single-account chart, with RCPs).
ROWS = (
    ("deny", "Explicit Deny in any policy?",
     "a matching Deny in any layer ends the evaluation at once"),
    ("rcp", "Do the RCPs allow it?",
     "Organizations: every level above the resource's account must allow"),
    ("scp", "Do the SCPs allow it?",
     "Organizations: every level above the caller's account must allow"),
    ("resource", "Does a resource-based policy allow it?",
     "in one account, a policy naming the caller itself is enough on its own"),
    ("identity", "Does an identity-based policy allow it?",
     "the policies of the user (and its groups) or of the role"),
    ("boundary", "Does the permissions boundary allow it?",
     "only if the user or role has one: a ceiling that grants nothing"),
    ("session", "Does the session policy allow it?",
     "only if one was passed (AssumeRole, GetFederationToken)"),
)
LAYERS = tuple(r[0] for r in ROWS)


def tint(hex_colour: str, amount: float = 0.8) -> tuple:
    """``hex_colour`` mixed with white (a light fill behind dark text)."""
    rgb = [int(hex_colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    return tuple(c + (1 - c) * amount for c in rgb)


def legend_handles(decisions: Sequence[str] = (ALLOWED, EXPLICIT, IMPLICIT)) -> list:
    """Legend patches of decisions: colour, hatch and label."""
    return [Patch(facecolor=tint(DECISION_STYLES[d]["color"], 0.35),
                  hatch=DECISION_STYLES[d]["hatch"], edgecolor=DARK, linewidth=0.6,
                  hatchcolor=DECISION_STYLES[d]["color"] if d != IMPLICIT else GREY,
                  label=DECISION_STYLES[d]["label"]) for d in decisions]


# -- the path a decision took ------------------------------------------------------------

@dataclass(frozen=True)
class FlowPath:
    """Where a decision went through the flowchart.

    ``states`` maps each layer to ``idle`` (no decision drawn), ``passed``, ``skipped``
    (not applicable), ``decided`` or ``unreached``; ``exit`` is ``explicit``,
    ``implicit`` (a DENY box), ``bypass`` (a same-account resource policy allowed on its
    own) or ``end`` (allowed at the bottom); ``results`` holds one line per layer.
    """

    states: dict
    exit: Optional[str] = None
    decided: Optional[str] = None
    results: dict = field(default_factory=dict)
    deny_layers: tuple = ()


def _applying(step, effect: str) -> str:
    for policy in step.policies:
        for st in policy.statements:
            if st.applies and st.effect == effect:
                where = f" at {policy.level}" if policy.level else ""
                return f"{_short_name(policy.name)}{where} {st.label}"
    return ""


def _short_name(name: str) -> str:
    return name.rsplit("/", 1)[-1] if name.startswith("arn:") else (name or "(unnamed)")


def _result(step) -> str:
    outcome, note = step.outcome, step.note
    if step.layer == "deny":
        return f"✗ yes: {note}" if outcome == "deny" else \
            "✓ no: no Deny statement matches"
    if outcome == "allow" and step.layer in ("scp", "rcp"):
        levels = dict.fromkeys(p.level for p in step.policies if p.level)
        return f"✓ yes: every level allows ({', '.join(levels)})"
    if outcome == "allow":
        found = _applying(step, "Allow")
        return "✓ yes" + (f": {found}" if found else f": {note}" if note else "")
    if outcome == "deny":
        return f"✗ a Deny here matches: {_applying(step, 'Deny')}"
    if outcome == "implicitDeny":
        return f"✗ no: {note}"
    if outcome == "not applicable":          # the engine's reason, without its aside
        return f"– skipped: {note.split(' (')[0]}"
    found = _applying(step, "Allow")          # consulted, but another layer decided
    return f"✓ yes: {found}" if found else "○ no Allow here: on to the next question"


def flow_path(decision) -> FlowPath:
    """The path of ``decision`` (a traced Decision; ``None`` for the bare chart)."""
    if decision is None or not decision.trace:
        return FlowPath({layer: "idle" for layer in LAYERS})
    steps = {s.layer: s for s in decision.trace}
    layer = decision.layer if decision.layer in LAYERS else "identity"
    if decision.eval_decision == EXPLICIT:
        decided, exit_ = "deny", "explicit"
    elif decision.eval_decision == IMPLICIT:
        decided, exit_ = layer, "implicit"
    elif decision.layer == "resource" and "on its own" in decision.reason:
        decided, exit_ = "resource", "bypass"
    else:
        decided, exit_ = layer, "end"
    last = LAYERS.index(decided) if exit_ != "end" else len(LAYERS) - 1
    states, results = {}, {}
    for i, name in enumerate(LAYERS):
        step = steps.get(name)
        results[name] = _result(step) if step is not None else ""
        if i > last:
            states[name] = "unreached"
        elif name == decided:
            states[name] = "decided"
        elif step is not None and step.outcome == "not applicable":
            states[name] = "skipped"
        else:
            states[name] = "passed"
    if decision.layer == "root":
        results["identity"] = "✓ the root user may do anything not explicitly denied"
    denies = tuple(n for n in LAYERS[1:] if n in steps and steps[n].outcome == "deny")
    return FlowPath(states, exit_, decided, results, denies)


# -- the flowchart -----------------------------------------------------------------------
# Text is what costs most to draw. So the parts that never change (boxes, questions,
# arrows, the DENY/ALLOW boxes) are drawn once into an image (``_skeleton``); a decision
# only adds its highlights and a few lines of text on top, and an explorer redraws the
# chart in about a tenth of a second. The image is drawn at the figure's size and dpi,
# on data coordinates, so saving at another dpi or with a tight bounding box still works.

_W, _IN_H = 9.0, 7.4               # figure size (inches)
_YMAX = 10.0                       # data units, bottom to top
_X0, _X1 = 0.55, 6.75              # the chain of questions
_TX0, _TX1 = 7.45, 9.85            # the DENY boxes
_TOP, _H, _STEP = 8.6, 0.8, 1.03   # first row's top, row height, row pitch
_ALLOW = (2.3, 0.08, 2.6, 0.6)     # x, y, width, height of the ALLOW box
_ROUND = "round,pad=0.02,rounding_size=0.08"


def _row_y(i: int) -> float:
    return _TOP - i * _STEP - _H


def _wrap(text: str, width: int, lines: int) -> str:
    out = textwrap.wrap(text, width, break_long_words=True) or [""]
    if len(out) > lines:
        out = out[:lines]
        out[-1] = out[-1][:width - 1].rstrip() + "…"
    return "\n".join(out)


def _decision_of(path: FlowPath) -> str:
    return {"explicit": EXPLICIT, "implicit": IMPLICIT}.get(path.exit, ALLOWED)


def _canvas(dpi: int) -> tuple:
    fig = new_figure(_W, _IN_H, dpi=dpi, layout=None)
    ax = fig.add_axes((0.0, 0.0, 1.0, 1.0))
    ax.set_axis_off()
    return fig, ax


def _limits(ax) -> None:
    ax.set_xlim(0, 10)
    ax.set_ylim(0, _YMAX)


def _terminals() -> tuple:
    top, low = _row_y(1) + _H, _row_y(len(ROWS) - 1)
    width = _TX1 - _TX0
    return (("explicit", (_TX0, _row_y(0), width, _H), EXPLICIT, "DENY\nexplicit deny"),
            ("implicit", (_TX0, low, width, top - low), IMPLICIT,
             "DENY\nimplicit deny\n(nothing\nallowed it)"),
            ("allow", _ALLOW, ALLOWED, "ALLOW"))


def _arrow(ax, start, end, lw=1.1, colour="#8C8C8C", path=None, z=2) -> None:
    kw = {"path": path} if path is not None else {"posA": start, "posB": end}
    ax.add_artist(FancyArrowPatch(**kw, arrowstyle="-|>", mutation_scale=13, zorder=z,
                                  linewidth=lw, color=colour, shrinkA=1, shrinkB=1))


def _arrows() -> dict:
    """Every arrow of the chart by name: (start, end) or a Path."""
    centre = (_X0 + _X1) / 2
    out = {}
    for i, name in enumerate(LAYERS):
        mid = _row_y(i) + _H / 2
        if i:
            out[f"to-{name}"] = ((centre, _row_y(i - 1)), (centre, _row_y(i) + _H))
        out[f"out-{name}"] = ((_X1, mid), (_TX0, mid))
    x, y, w, h = _ALLOW
    out["end"] = ((centre, _row_y(len(LAYERS) - 1)), (centre, y + h))
    res = _row_y(LAYERS.index("resource")) + _H / 2
    out["bypass"] = Path([(_X0, res), (0.22, res), (0.22, y + h / 2), (x, y + h / 2)])
    return out


@lru_cache(maxsize=4)
def _skeleton(dpi: int):
    """The unchanging part of the chart as an RGBA image (drawn once per dpi)."""
    fig, ax = _canvas(dpi)
    _limits(ax)
    for i, (name, question, _) in enumerate(ROWS):
        ax.add_artist(FancyBboxPatch((_X0, _row_y(i)), _X1 - _X0, _H, linewidth=1.2,
                                     facecolor="white", edgecolor=GREY, boxstyle=_ROUND))
        ax.text(_X0 + 0.14, _row_y(i) + _H - 0.1, f"{i + 1}  {question}", va="top",
                ha="left", fontsize=FONT["label"] + 0.5, fontweight="bold", color=DARK)
    for key, value in _arrows().items():
        if isinstance(value, Path):
            _arrow(ax, None, None, path=value)
        else:
            _arrow(ax, *value)
    for _, box, decision, text in _terminals():
        style = DECISION_STYLES[decision]
        x, y, w, h = box
        ax.add_artist(FancyBboxPatch(
            (x, y), w, h, linewidth=1.3, facecolor=tint(style["color"], 0.55),
            edgecolor=DARK, hatch=style["hatch"], boxstyle="round,pad=0.02,rounding_size="
            "0.12", hatchcolor=style["color"] if decision != IMPLICIT else GREY))
        ax.text(x + w / 2, y + h / 2, text, ha="center", va="center", color=DARK,
                fontsize=FONT["label"] + 1.5, fontweight="bold", linespacing=1.3,
                bbox={"boxstyle": "round,pad=0.3", "facecolor": "white", "alpha": 0.9,
                      "edgecolor": "none"})
    note = {"fontsize": FONT["note"], "color": DARK}
    mid0 = _row_y(0) + _H / 2
    ax.text((_X1 + _TX0) / 2, mid0 + 0.06, "yes", ha="center", va="bottom", **note)
    ax.text((_X1 + _TX0) / 2, (_row_y(1) + _row_y(6) + _H) / 2, "no", ha="center",
            va="center", bbox={"boxstyle": "round,pad=0.15", "facecolor": "white",
                                "edgecolor": "none"}, **note)
    x, y, w, h = _ALLOW
    ax.text((_X0 + _X1) / 2 + 0.1, (y + h + _row_y(6)) / 2, "yes (or none apply)",
            ha="left", va="center", **note)
    ax.text(0.12, (_row_y(3) + y + h) / 2, "yes, and it names the caller itself: "
            "allowed on its own", rotation=90, ha="center", va="center", **note)
    canvas = FigureCanvasAgg(fig)
    canvas.draw()
    image = np.asarray(canvas.buffer_rgba()).copy()
    image.flags.writeable = False
    return image


_STATE = {  # state -> facecolor (with alpha), edgecolor, linewidth, linestyle
    "passed": ((*tint(PATH, 0.6), 0.35), PATH, 2.4, "-"),
    "skipped": ((0.85, 0.85, 0.85, 0.4), GREY, 1.4, "--"),
    "unreached": ((1, 1, 1, 0.62), "#D0D0D0", 1.0, "-"),
}


def _highlight(ax, path: FlowPath) -> None:
    """Colour the questions and arrows along ``path`` and fade the rest."""
    decision = _decision_of(path)
    colour = DECISION_STYLES[decision]["color"] if decision != IMPLICIT else DARK
    for i, name in enumerate(LAYERS):
        state, y = path.states[name], _row_y(i)
        if state == "decided":
            fill = tint(DECISION_STYLES[decision]["color"], 0.55)
            face, edge, lw, ls = (*fill, 0.45), colour, 3.6, "-"
        else:
            face, edge, lw, ls = _STATE[state]
        ax.add_artist(FancyBboxPatch((_X0, y), _X1 - _X0, _H, linewidth=lw, linestyle=ls,
                                     facecolor=face, edgecolor=edge, boxstyle=_ROUND,
                                     zorder=3))
        text = path.results.get(name, "") if state != "unreached" else (
            "not reached: a Deny statement here matched, so step 1 ended it"
            if name in path.deny_layers
            else "")
        if text:
            ax.text(_X0 + 0.4, y + _H - 0.4, _wrap(text, 92, 2 if state == "decided"
                                                   else 1), va="top", ha="left",
                    fontsize=FONT["note"] - 0.5, color=DARK, linespacing=1.2, zorder=4)
        if state == "decided":
            ax.text(_X1 - 0.12, y + _H - 0.1, "◀ DECIDED HERE", ha="right", va="top",
                    fontsize=FONT["note"], fontweight="bold", color=DARK, zorder=4)
    arrows = _arrows()
    taken = [f"to-{n}" for n in LAYERS[1:] if path.states[n] != "unreached"]
    exit_ = {"explicit": "out-deny", "implicit": f"out-{path.decided}", "end": "end",
             "bypass": "bypass"}[path.exit]
    for key in taken + [exit_]:
        value = arrows[key]
        ink = colour if key == exit_ else PATH
        if isinstance(value, Path):
            _arrow(ax, None, None, 2.8, ink, path=value, z=5)
        else:
            _arrow(ax, *value, lw=2.8, colour=ink, z=5)
    reached = {"explicit": "explicit", "implicit": "implicit"}.get(path.exit, "allow")
    for key, (x, y, w, h), _, _ in _terminals():
        on = key == reached
        ax.add_artist(FancyBboxPatch(
            (x, y), w, h, linewidth=3.2 if on else 1.0, linestyle="-" if on else "--",
            facecolor="none" if on else (1, 1, 1, 0.7), edgecolor=DARK if on else "#C8C8C8",
            boxstyle="round,pad=0.02,rounding_size=0.12", zorder=3))


def flowchart_figure(decision=None, *, title: Optional[str] = None,
                     problem: Optional[str] = None, dpi: int = 100) -> Figure:
    """The IAM evaluation flowchart, with the path ``decision`` took highlighted.

    Parameters
    ----------
    decision : Decision, optional
        A traced decision of :func:`awslab.services.iam.policy.evaluate` (or of
        :func:`awslab.services.iam.explain`). ``None`` draws the bare chart.
    title : str, optional
        Replaces the headline (by default the decision).
    problem : str, optional
        A message shown instead of a decision (e.g. a malformed policy document).
    dpi : int
        Resolution of the figure.

    Returns
    -------
    matplotlib.figure.Figure

    Introduced in ``14_policy_evaluation.ipynb``.
    """
    path = flow_path(None if problem else decision)
    fig, ax = _canvas(dpi)
    ax.imshow(_skeleton(dpi), extent=(0, 10, 0, _YMAX), interpolation="none",
              aspect="auto", zorder=0)
    _limits(ax)
    _headline(ax, None if problem else decision, title, problem)
    if path.exit is None:
        for i, (_, _, hint) in enumerate(ROWS):
            ax.text(_X0 + 0.4, _row_y(i) + _H - 0.4, hint, va="top", ha="left",
                    fontsize=FONT["note"] - 0.5, color=GREY)
    else:
        _highlight(ax, path)
    return fig


def _headline(ax, decision, title, problem) -> None:
    top = {"fontsize": FONT["title"] + 2, "fontweight": "bold", "va": "top", "color": DARK}
    small = {"fontsize": FONT["label"], "va": "top", "color": DARK}
    y0, y1 = _YMAX - 0.15, _YMAX - 0.62
    if problem:
        ax.text(0.12, y0, title or "This policy cannot be evaluated", **top)
        ax.text(0.12, y1, _wrap(problem, 130, 2), **small)
        return
    if decision is None:
        ax.text(0.12, y0, title or "How AWS evaluates a request (one account)", **top)
        ax.text(0.12, y1, "Every request starts denied. The questions are asked in order;"
                " the first DENY ends it. A request that gets through is allowed.",
                **{**small, "color": GREY})
        return
    style = DECISION_STYLES[decision.eval_decision]
    verdict = "ALLOW: allowed" if decision.allowed else f"DENY: {style['short']}"
    ax.text(0.12, y0, title or verdict, **top)
    ax.text(3.3, y0 - 0.02, _wrap(decision.request_text, 96, 2), family="monospace",
            **{**small, "fontsize": FONT["note"]})
    ax.text(0.12, y1, _wrap(f"Why: {decision.reason}", 130, 1), **small)


# -- decision heatmaps -------------------------------------------------------------------

def decision_heatmap(cells: Sequence[Sequence[str]], rows: Sequence[str],
                     columns: Sequence[str], *,
                     notes: Optional[Sequence[Sequence[str]]] = None, title: str = "",
                     row_title: str = "", column_title: str = "",
                     cell_width: float = 1.5) -> Figure:
    """A grid of decisions: one row per ``rows`` item, one column per ``columns`` item.

    Parameters
    ----------
    cells : list of lists of str
        ``cells[i][j]`` is the ``EvalDecision`` (``allowed``, ``explicitDeny``,
        ``implicitDeny``) of row ``i`` and column ``j``.
    rows, columns : list of str
        Labels (e.g. actions and principals).
    notes : list of lists of str, optional
        A short second line per cell, e.g. the layer that decided.
    title, row_title, column_title : str
    cell_width : float
        Width of a column in inches.

    Returns
    -------
    matplotlib.figure.Figure

    Introduced in ``14_policy_evaluation.ipynb``.
    """
    n, m = len(rows), len(columns)
    bad = sorted({d for row in cells for d in row} - set(DECISION_STYLES))
    if bad or len(cells) != n or any(len(row) != m for row in cells):
        raise ValueError(f"decision_heatmap needs {n} rows of {m} decisions among "
                         f"{', '.join(DECISION_STYLES)}; got {bad or 'another shape'}")
    label_w = 0.4 + 0.075 * max((len(r) for r in rows), default=8)
    fig = new_figure(label_w + cell_width * m + 0.3, 1.5 + 0.52 * n, layout=None)
    width, height = fig.get_size_inches()
    left, bottom = label_w / width, 0.55 / height
    ax = fig.add_axes((left, bottom, cell_width * m / width, 0.52 * n / height))
    ax.set_xlim(0, m)
    ax.set_ylim(n, 0)
    for i, row in enumerate(cells):
        for j, decision in enumerate(row):
            style = DECISION_STYLES[decision]
            ax.add_patch(Rectangle((j, i), 1, 1, facecolor=tint(style["color"], 0.35),
                                   hatch=style["hatch"], edgecolor="white", linewidth=2.5,
                                   hatchcolor=style["color"] if decision != IMPLICIT
                                   else GREY))
            text = style["short"] + (f"\n{notes[i][j]}" if notes and notes[i][j] else "")
            ax.text(j + 0.5, i + 0.5, text, ha="center", va="center", color=DARK,
                    fontsize=FONT["note"], linespacing=1.15,
                    fontweight="bold" if decision == ALLOWED else "normal",
                    bbox={"boxstyle": "round,pad=0.2", "facecolor": "white",
                          "alpha": 0.92, "edgecolor": "none"})
    ax.set_xticks([j + 0.5 for j in range(m)],
                  [_wrap(c, int(cell_width * 12), 3) for c in columns])
    ax.set_yticks([i + 0.5 for i in range(n)], list(rows))
    ax.xaxis.tick_top()
    ax.tick_params(length=0, labelsize=FONT["tick"])
    for label in ax.get_yticklabels():
        label.set_family("monospace")
    for side in ax.spines.values():
        side.set_visible(False)
    if column_title:
        ax.set_xlabel(column_title, fontsize=FONT["label"])
        ax.xaxis.set_label_position("top")
    if row_title:
        ax.set_ylabel(row_title, fontsize=FONT["label"])
    fig.legend(handles=legend_handles(), loc="lower left", ncol=3, frameon=False,
               fontsize=FONT["legend"], bbox_to_anchor=(left - 0.01, 0.0),
               handlelength=2.2, handleheight=1.3)
    if title:
        fig.text(0.01, 0.99, title, fontsize=FONT["title"], fontweight="bold", va="top")
    return fig


# -- identity ∩ boundary ∩ SCPs --------------------------------------------------------

_CENTRES = ((-0.55, 0.32), (0.55, 0.32), (0.0, -0.63))   # circles of radius 1
_ANCHORS = {  # (in A, in B, in C) -> where that region's names go
    (True, False, False): (-1.05, 0.55), (False, True, False): (1.05, 0.55),
    (False, False, True): (0.0, -1.22), (True, True, False): (0.0, 0.95),
    (True, False, True): (-0.75, -0.42), (False, True, True): (0.75, -0.42),
    (True, True, True): (0.0, 0.0),
}
_CIRCLE_INKS = (OKABE_ITO["blue"], OKABE_ITO["orange"], OKABE_ITO["purple"])


def _inside_all(points: np.ndarray) -> np.ndarray:
    centres = np.asarray(_CENTRES)
    return np.all(np.hypot(points[:, None, 0] - centres[None, :, 0],
                           points[:, None, 1] - centres[None, :, 1]) <= 1.0 + 1e-9, axis=1)


def _core() -> np.ndarray:
    """The outline of the region inside all three circles (a convex polygon)."""
    angles = np.linspace(0, 2 * np.pi, 240, endpoint=False)
    points = np.concatenate([np.column_stack([cx + np.cos(angles), cy + np.sin(angles)])
                             for cx, cy in _CENTRES])
    inside = points[_inside_all(points)]
    centre = inside.mean(axis=0)
    order = np.argsort(np.arctan2(inside[:, 1] - centre[1], inside[:, 0] - centre[0]))
    return inside[order]


def intersection_figure(allowed_by: Mapping[str, Sequence[str]], actions: Sequence[str],
                        *, title: str = "Effective permissions = identity ∩ boundary "
                        "∩ SCPs") -> Figure:
    """Which ``actions`` each of three layers allows, as three overlapping circles.

    Parameters
    ----------
    allowed_by : mapping of 3 names to lists of actions
        For each layer (e.g. ``"Identity policies"``, ``"Permissions boundary"``,
        ``"SCPs"``), the actions it allows on its own (an explicit Deny in it removes
        the action).
    actions : list of str
        Every action to place; one allowed by no layer is listed under the circles.
    title : str

    Returns
    -------
    matplotlib.figure.Figure
        Each action sits in the region of the layers that allow it; the actions in the
        middle (all three) are the effective permissions.

    Introduced in ``14_policy_evaluation.ipynb``.
    """
    names = list(allowed_by)
    if len(names) != 3:
        raise ValueError(f"intersection_figure needs exactly 3 layers, got {len(names)}")
    sets = [set(allowed_by[n]) for n in names]
    fig = new_figure(8.6, 6.4, layout=None)
    ax = fig.add_axes((0.0, 0.1, 1.0, 0.8))
    ax.set_xlim(-2.1, 2.1)
    ax.set_ylim(-1.9, 1.62)
    ax.set_aspect("equal")
    ax.set_axis_off()
    for (cx, cy), ink, hatch in zip(_CENTRES, _CIRCLE_INKS, ("", "\\\\", "..")):
        ax.add_artist(Circle((cx, cy), 1.0, facecolor=(*tint(ink, 0.8), 0.45),
                             edgecolor=ink, linewidth=2.0, hatch=hatch,
                             hatchcolor=(*tint(ink, 0.45), 1.0)))
    allow = DECISION_STYLES[ALLOWED]["color"]
    ax.add_artist(Polygon(_core(), closed=True, facecolor=tint(allow, 0.45),
                          edgecolor=DARK, linewidth=1.6, zorder=2))
    spots = (((-1.5, 1.42), "right"), ((1.5, 1.42), "left"), ((0.0, -1.78), "center"))
    for (x, y), name, ink, ha in zip((s[0] for s in spots), names, _CIRCLE_INKS,
                                     (s[1] for s in spots)):
        ax.text(x, y, name, ha=ha, va="center", fontsize=FONT["label"] + 1,
                fontweight="bold", color=DARK,
                bbox={"boxstyle": "round,pad=0.3", "facecolor": "white", "edgecolor": ink,
                      "linewidth": 2.0})
    regions: dict = {}
    outside = []
    for action in actions:
        key = tuple(action in s for s in sets)
        (regions.setdefault(key, []) if any(key) else outside).append(action)
    for key, found in regions.items():
        x, y = _ANCHORS[key]
        core = all(key)
        ax.text(x, y, "\n".join(found), ha="center", va="center", linespacing=1.3,
                fontsize=FONT["note"], color=DARK, zorder=4,
                fontweight="bold" if core else "normal", family="monospace",
                bbox={"boxstyle": "round,pad=0.2", "alpha": 0.85, "edgecolor": "none",
                      "facecolor": tint(allow, 0.45) if core else "white"})
    fig.text(0.5, 0.055, "Allowed by none of them: " + (", ".join(outside) or "(none)"),
             ha="center", fontsize=FONT["label"], color=DARK, family="monospace")
    fig.text(0.5, 0.02, "Middle (green, bold): allowed by all three, so allowed. Anywhere "
             "else: denied (a boundary or an SCP grants nothing by itself).", ha="center",
             fontsize=FONT["note"], color=GREY)
    fig.text(0.01, 0.985, title, fontsize=FONT["title"] + 1, fontweight="bold", va="top")
    return fig

