"""Charts of STS and cross-account access: the STS calls, a cross-account AssumeRole
step by step, credential lifetimes, session durations, and roles vs resource-based
policies.

Pure functions: data in, a :class:`matplotlib.figure.Figure` out. They never read a lab;
:mod:`awslab.widgets.sts` asks STS and IAM and passes the answers in. Colours come from
the Okabe-Ito palette of :mod:`awslab.viz.style`, and every outcome is also told by a
mark and a word (✓ allowed, ✗ denied, hatching for what is refused or given up), so the
charts read the same in grey print. Introduced in ``11_sts_and_cross_account.ipynb``.
"""
from __future__ import annotations

import textwrap
from datetime import datetime, timedelta
from typing import Mapping, Optional, Sequence

import matplotlib.dates as mdates
from matplotlib.figure import Figure
from matplotlib.patches import Circle, FancyArrowPatch, FancyBboxPatch, Rectangle

from awslab.viz.diagrams import _canvas
from awslab.viz.style import (FONT, GREY, OKABE_ITO, label_axes, naive_utc, new_figure,
                              style_axes, tint)

ALLOW = {"color": OKABE_ITO["green"], "hatch": "", "mark": "✓"}
DENY = {"color": OKABE_ITO["vermillion"], "hatch": "///", "mark": "✗"}
DARK = "#333333"
FAINT = "#B8B8B8"


def _round_box(ax, x, y, w, h, colour):
    ax.add_patch(FancyBboxPatch((x, y), w, h, linewidth=1.5, facecolor=tint(colour),
                                edgecolor=colour,
                                boxstyle="round,pad=0.02,rounding_size=0.1"))


def _arrow(ax, start, end, colour=DARK, style="-", width=1.4):
    ax.add_patch(FancyArrowPatch(start, end, arrowstyle="-|>", mutation_scale=14,
                                 linewidth=width, linestyle=style, color=colour,
                                 shrinkA=2, shrinkB=2))


# -- the title diagram: every STS call, what it returns --------------------------------

_CALLS = (
    ("AssumeRole", "an IAM user or a role session, same or another account",
     "15 min – role max (1–12 h), default 1 h; chained: at most 1 h", "orange"),
    ("AssumeRoleWithSAML", "users signed in to a SAML 2.0 IdP (corporate login)",
     "15 min – role max, default 1 h", "orange"),
    ("AssumeRoleWithWebIdentity", "OIDC identities: CI/CD, EKS, Google...",
     "15 min – role max, default 1 h (apps: prefer Cognito)", "orange"),
    ("GetSessionToken", "an IAM user (or root), typically with an MFA code",
     "15 min – 36 h, default 12 h (root: 1 h)", "blue"),
    ("GetFederationToken", "an IAM user acting for others (a custom broker)",
     "15 min – 36 h, default 12 h; needs a session policy", "blue"),
)


def sts_calls_diagram() -> Figure:
    """The five STS calls that issue temporary credentials, who makes each, how long
    the credentials last, and what the caller gets back.

    Returns
    -------
    matplotlib.figure.Figure

    Introduced in ``11_sts_and_cross_account.ipynb``.
    """
    fig, ax = _canvas(11.0, 5.0, 13.2, 6.1)
    top, h, gap = 5.95, 0.95, 0.2
    for i, (name, who, lasts, colour) in enumerate(_CALLS):
        y = top - (i + 1) * h - i * gap
        _round_box(ax, 0.1, y, 6.2, h, OKABE_ITO[colour])
        ax.text(0.25, y + h - 0.12, name, va="top", fontsize=FONT["title"],
                fontweight="bold", family="monospace")
        ax.text(0.25, y + 0.42, who, va="center", fontsize=FONT["label"])
        ax.text(0.25, y + 0.16, lasts, va="center", fontsize=FONT["label"], color=DARK)
        _arrow(ax, (6.35, y + h / 2), (7.3, 3.1))
    _round_box(ax, 7.35, 1.75, 2.75, 2.7, OKABE_ITO["green"])
    ax.text(8.72, 4.3, "Temporary\ncredentials", ha="center", va="top",
            fontsize=FONT["title"], fontweight="bold")
    ax.text(8.72, 2.75, "AccessKeyId  ASIA…\nSecretAccessKey\nSessionToken\nExpiration",
            ha="center", va="center", fontsize=FONT["label"], family="monospace",
            linespacing=1.5)
    _arrow(ax, (10.15, 3.1), (10.75, 3.1))
    _round_box(ax, 10.8, 1.75, 2.3, 2.7, OKABE_ITO["purple"])
    ax.text(11.95, 4.3, "Any AWS API", ha="center", va="top", fontsize=FONT["title"],
            fontweight="bold")
    ax.text(11.95, 2.85, "allowed by the\npolicies of the\nrole or user\n"
            "(∩ session policy)\n\nafter Expiration:\nExpiredToken", ha="center",
            va="center", fontsize=FONT["label"], linespacing=1.35)
    ax.text(7.35, 0.9, "AssumeRole*: you become the role (its trust policy lets you "
            "in,\nits permissions policy says what you may do).\nGet*Token: you stay "
            "yourself, with short-lived keys.", fontsize=FONT["label"],
            color=GREY, va="center", linespacing=1.5)
    fig.suptitle("AWS STS: short-lived credentials for every kind of caller",
                 fontsize=FONT["title"] + 2, fontweight="bold", x=0.01, ha="left",
                 y=0.97)
    return fig


# -- the cross-account flow, step by step ------------------------------------------------

FLOW_STEPS = 6
FAILURES = {
    # failure: (step at which it stops, what the caller gets back)
    "none": (None, ""),
    "identity policy in A": (2, "AccessDenied: no identity-based policy in A allows "
                                "sts:AssumeRole on the role"),
    "trust policy in B": (3, "AccessDenied: the trust policy does not name the caller"),
    "wrong ExternalId": (3, "AccessDenied: the trust policy's sts:ExternalId condition "
                            "does not match"),
    "credentials expired": (5, "ExpiredToken: the security token included in the "
                               "request is expired"),
    "role's permissions": (6, "AccessDenied: no identity-based policy (the role's) "
                              "allows the action"),
}
_LANES = ("Caller in A", "IAM in A", "AWS STS", "Role in B", "Service in B")


FLOW_NAMES = {"caller": "user/dana", "account_a": "111111111111",
              "account_b": "222222222222", "role": "ReportWriter", "external_id": "",
              "action": "s3:PutObject", "duration": "1 h"}


def _flow_messages(names: Mapping[str, str]) -> list:
    n = {**FLOW_NAMES, **names}
    ext = f', ExternalId="{n["external_id"]}"' if n["external_id"] else ""
    return [  # (from lane, to lane, label, what this step means)
        (0, 2, f'AssumeRole(RoleArn=…:{n["account_b"]}:role/{n["role"]}{ext})',
         "The caller asks STS for the role's credentials, with its own (A) credentials."),
        (2, 1, "A's identity policy allows sts:AssumeRole on the role?",
         "A must allow it: an identity policy of the caller allows sts:AssumeRole on "
         "the role's ARN (cross-account: both accounts must say yes)."),
        (2, 3, "B's trust policy names the caller?",
         "B must allow it too: the role's trust policy names the caller (or its account)"
         " and its conditions (ExternalId, MFA) hold."),
        (2, 0, f'ASIA… key, secret, SessionToken; expires in {n["duration"]}',
         "STS returns temporary credentials of a session of the role, in account B."),
        (0, 4, f'{n["action"]} with the session\'s keys',
         "The caller now acts as the role: its own permissions from A no longer apply."),
        (4, 0, "the role's permissions allow it: 200 OK",
         "B's service authorises the session with the role's permissions policy."),
    ]


def flow_figure(step: int = FLOW_STEPS, failure: str = "none",
                names: Optional[Mapping[str, str]] = None) -> Figure:
    """A cross-account AssumeRole as a sequence diagram, drawn up to ``step``.

    Parameters
    ----------
    step : int
        1 to 6: the steps shown so far (the latest is highlighted).
    failure : str
        A key of :data:`FAILURES`: where the flow stops and what the caller gets.
    names : mapping, optional
        ``caller``, ``account_a``, ``account_b``, ``role``, ``external_id``, ``action``,
        ``duration`` as they appear in the labels.

    Returns
    -------
    matplotlib.figure.Figure

    Introduced in ``11_sts_and_cross_account.ipynb``.
    """
    stop, error = FAILURES[failure]
    messages = _flow_messages(names or {})
    step = max(1, min(int(step), FLOW_STEPS))
    fig, ax = _canvas(10.5, 5.2, 13.0, 7.6)
    xs = [1.1 + i * 2.7 for i in range(len(_LANES))]
    n = {**FLOW_NAMES, **(names or {})}
    subtitles = (n["caller"], f"account {n['account_a']}", "global service",
                 f"role {n['role']}", f"account {n['account_b']}")
    for x, lane, sub, colour in zip(xs, _LANES, subtitles,
                                    ("blue", "blue", "orange", "green", "green")):
        _round_box(ax, x - 1.05, 6.55, 2.1, 0.9, OKABE_ITO[colour])
        ax.text(x, 7.2, lane, ha="center", va="center", fontsize=FONT["label"] + 1,
                fontweight="bold")
        ax.text(x, 6.82, sub, ha="center", va="center", fontsize=FONT["note"])
        ax.plot([x, x], [1.45, 6.5], color=FAINT, linestyle="--", linewidth=1)
    last = step if stop is None else min(step, stop)
    for i, (src, dst, label, _) in enumerate(messages, 1):
        y = 6.15 - (i - 1) * 0.8
        failed = stop == i and i <= step
        if i > last:
            colour, style, width, weight = FAINT, ":", 1.0, "normal"
        elif failed:
            colour, style, width, weight = OKABE_ITO["vermillion"], "-", 2.2, "bold"
        elif i == last:
            colour, style, width, weight = OKABE_ITO["orange"], "-", 2.4, "bold"
        else:
            colour, style, width, weight = DARK, "-", 1.4, "normal"
        _arrow(ax, (xs[src], y), (xs[dst], y), colour, style, width)
        mid = (xs[src] + xs[dst]) / 2
        text = f"{i}. {label}"
        if failed:
            text = f"{i}. ✗ {error}"
        elif i in (2, 3) and i <= last:
            text += " ✓ yes"
        shown = {FAINT: GREY, OKABE_ITO["orange"]: "black"}.get(colour, colour)
        ax.text(mid, y + 0.08, text, ha="center", va="bottom", fontsize=FONT["note"],
                fontweight=weight, color=shown,
                bbox={"facecolor": "white", "edgecolor": "none", "pad": 0.8})
    done = stop is not None and step >= stop
    what = (f"Stopped at step {stop}: {error}." if done
            else f"Step {last}: {messages[last - 1][3]}")
    ok = stop is None and step == FLOW_STEPS
    colour = OKABE_ITO["vermillion"] if done else OKABE_ITO["green"] if ok else DARK
    ax.text(0.1, 0.75, textwrap.fill(what, 150), fontsize=FONT["label"] + 1,
            color=colour, va="center", fontweight="bold" if done or ok else "normal")
    legend = "orange: the latest step · dotted: not reached · ✗: refused"
    ax.text(0.1, 0.2, legend, fontsize=FONT["note"], color=GREY, va="center")
    title = "Cross-account AssumeRole, step by step"
    if failure != "none":
        title += f" (what if: {failure})"
    fig.suptitle(title, fontsize=FONT["title"] + 2, fontweight="bold", x=0.01,
                 ha="left", y=0.98)
    return fig


# -- credential lifetimes ---------------------------------------------------------------


def _span_text(seconds: float) -> str:
    hours, rest = divmod(int(seconds), 3600)
    minutes = rest // 60
    return " ".join(p for p in (f"{hours} h" if hours else "",
                                f"{minutes} min" if minutes else "") if p) or "0 min"


def lifetime_figure(lifetimes: Sequence[tuple], checks: Sequence[tuple] = (),
                    end: Optional[datetime] = None,
                    title: str = "Credential lifetimes on the lab's clock") -> Figure:
    """A Gantt chart of credentials: when each was issued and when it expires, with
    the calls made with them (✓ answered, ✗ refused).

    Parameters
    ----------
    lifetimes : sequence of (label, issued, expires)
        ``expires`` is None for long-term keys (no expiry).
    checks : sequence of (label, when, result)
        A call made with the credentials ``label`` at ``when``: ``"OK"`` or the error
        code (``"ExpiredToken"``...).
    end : datetime, optional
        Right edge of the time axis (default: the last expiry or check, plus a margin).

    Returns
    -------
    matplotlib.figure.Figure

    Introduced in ``11_sts_and_cross_account.ipynb``.
    """
    labels = [row[0] for row in lifetimes]
    start = min(row[1] for row in lifetimes)
    times = [row[2] for row in lifetimes if row[2]] + [c[1] for c in checks]
    if end is None:
        last = max(times) if times else start + timedelta(hours=1)
        end = last + (last - start) * 0.08 + timedelta(minutes=5)
    fig = new_figure(10.0, 1.6 + 0.62 * len(lifetimes))
    ax = fig.add_subplot()
    style_axes(ax, grid="x")
    for i, (label, issued, expires) in enumerate(lifetimes):
        y = len(lifetimes) - 1 - i
        stop = expires or end
        colour = OKABE_ITO["sky"] if expires else OKABE_ITO["blue"]
        ax.barh(y, mdates.date2num(naive_utc(stop)) - mdates.date2num(naive_utc(issued)),
                left=mdates.date2num(naive_utc(issued)), height=0.5, color=tint(colour, 0.55),
                edgecolor=colour, hatch="" if expires else "..", linewidth=1.2)
        text = (f"{_span_text((expires - issued).total_seconds())} · expires "
                f"{expires:%H:%M}" if expires else "long-term key: no expiry →")
        if expires and expires.date() != issued.date():
            text = text.replace("expires ", f"expires {expires:%b %d} ")
        ax.text(mdates.date2num(naive_utc(issued)), y + 0.3, " " + text, va="bottom",
                ha="left", fontsize=FONT["note"], color=DARK)
    rows = {label: len(lifetimes) - 1 - i for i, label in enumerate(labels)}
    seen = set()
    for label, when, result in checks:
        good = result == "OK"
        mark = {"marker": "o", "color": OKABE_ITO["green"]} if good else \
            {"marker": "X", "color": OKABE_ITO["vermillion"]}
        key = "call answered" if good else f"call refused: {result}"
        ax.plot(mdates.date2num(naive_utc(when)), rows[label], linestyle="none",
                markersize=9, markeredgecolor="white", markeredgewidth=0.8,
                label=None if key in seen else key, **mark)
        seen.add(key)
    ax.set_yticks(range(len(lifetimes)), labels[::-1], fontsize=FONT["label"])
    ax.set_ylim(-0.6, len(lifetimes) - 0.2)
    ax.set_xlim(mdates.date2num(naive_utc(start)) - 0.01, mdates.date2num(naive_utc(end)))
    ax.xaxis_date()
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%H:%M"))
    label_axes(ax, x=f"Lab time, UTC ({start:%Y-%m-%d} onwards)")
    if seen:
        ax.legend(loc="lower right", bbox_to_anchor=(1.0, 1.0), ncol=2,
                  fontsize=FONT["legend"], frameon=False)
    ax.set_title(title, loc="left", fontsize=FONT["title"], fontweight="bold")
    return fig


# -- one AssumeRole request: accepted or refused ---------------------------------------

def duration_figure(outcome: Mapping) -> Figure:
    """One AssumeRole request's duration against the limits that apply to it.

    Parameters
    ----------
    outcome : mapping
        ``requested`` and ``max_session`` (seconds), ``chained`` (bool), ``issued``
        (datetime), and STS's answer: ``expiration`` (datetime) when accepted, else
        ``code`` and ``message``.

    Returns
    -------
    matplotlib.figure.Figure

    Introduced in ``11_sts_and_cross_account.ipynb``.
    """
    hours = outcome["requested"] / 3600
    limit = min(outcome["max_session"], 3600) if outcome["chained"] \
        else outcome["max_session"]
    accepted = outcome.get("expiration") is not None
    fig = new_figure(9.5, 3.3, layout=None)      # fixed layout: a quick redraw
    ax = fig.add_axes((0.02, 0.3, 0.96, 0.6))
    style_axes(ax, grid="x")
    ax.axvspan(0.25, limit / 3600, color=tint(OKABE_ITO["sky"], 0.8), zorder=0,
               label=f"allowed: 15 min to {_span_text(limit)}")
    look = ALLOW if accepted else DENY
    ax.barh(0, hours, height=0.45, color=tint(look["color"], 0.45),
            edgecolor=look["color"], hatch=look["hatch"], linewidth=1.4,
            label="requested (accepted)" if accepted else "requested (refused)")
    marks = [(outcome["max_session"] / 3600, "--", OKABE_ITO["blue"],
              f"role MaxSessionDuration {_span_text(outcome['max_session'])}")]
    if outcome["chained"]:
        marks.append((1.0, "-.", OKABE_ITO["vermillion"], "role chaining cap 1 h"))
    for x, style, colour, label in marks:
        ax.axvline(x, linestyle=style, color=colour, linewidth=1.6, label=label)
    ax.set_xlim(0, 12.6)
    ax.set_xticks(range(0, 13))
    ax.set_ylim(-0.5, 1.0)
    ax.set_yticks([])
    ax.text(hours + 0.1, 0, f"requested {_span_text(outcome['requested'])}",
            va="center", fontsize=FONT["label"], color=DARK)
    label_axes(ax, x="Session duration (hours)")
    issued = outcome["issued"]
    if accepted:
        head = (f"{look['mark']} Accepted: {_span_text(outcome['requested'])}, "
                f"the session expires at {outcome['expiration']:%H:%M} UTC "
                f"(issued {issued:%H:%M})")
        note = "STS answered with credentials whose Expiration is issue time + duration."
    else:
        head = f"{look['mark']} Refused: {outcome.get('code', 'error')}"
        note = outcome.get("message", "")
    ax.text(0.05, 0.62, textwrap.fill(note, 115), fontsize=FONT["label"], va="center",
            color=DARK, bbox={"facecolor": "white", "edgecolor": "none", "pad": 2})
    ax.set_title(head, loc="left", fontsize=FONT["title"], fontweight="bold",
                 color=DARK if accepted else look["color"])
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.33), ncol=4,
              fontsize=FONT["legend"], frameon=False)
    return fig


# -- roles vs resource-based policies ------------------------------------------------

def _cell(ax, x, y, w, h, decision: str) -> None:
    look = ALLOW if decision == "allowed" else DENY
    ax.add_patch(Rectangle((x, y), w, h, facecolor=tint(look["color"], 0.7),
                           edgecolor="white", hatch=look["hatch"], linewidth=2))
    ax.text(x + w / 2, y + h / 2, f"{look['mark']} {decision}", ha="center",
            va="center", fontsize=FONT["label"] + 1, fontweight="bold",
            bbox={"facecolor": "white", "edgecolor": "none", "pad": 1.5})


def strategy_figure(rows: Sequence[tuple], columns: Sequence[str], title: str,
                    verdict: str = "") -> Figure:
    """A step-by-step table: which permissions the caller has at each step.

    Parameters
    ----------
    rows : sequence of (step, identity, decisions)
        ``decisions`` maps each column to an ``EvalDecision`` (``allowed``,
        ``implicitDeny``, ``explicitDeny``).
    columns : sequence of str
        The permissions, e.g. ``"dynamodb:Scan\\non table Orders (A)"``.
    title, verdict : str
        The strategy, and a sentence under the table.

    Returns
    -------
    matplotlib.figure.Figure

    Introduced in ``11_sts_and_cross_account.ipynb``.
    """
    n = len(rows)
    fig, ax = _canvas(10.0, 1.9 + 0.85 * max(n, 2), 10.0, 1.6 + 0.9 * max(n, 2))
    top = 0.9 * max(n, 2) + 1.0
    cw = 2.55
    x0 = 10.0 - cw * len(columns)
    for j, col in enumerate(columns):
        ax.text(x0 + (j + 0.5) * cw, top + 0.3, col, ha="center", va="center",
                fontsize=FONT["label"], fontweight="bold", linespacing=1.3)
    for i, (step, who, decisions) in enumerate(rows):
        y = top - (i + 1) * 0.9
        ax.text(0.05, y + 0.58, step, fontsize=FONT["label"] + 1, fontweight="bold",
                va="center")
        ax.text(0.05, y + 0.26, who, fontsize=FONT["note"], va="center", color=DARK,
                family="monospace")
        for j, col in enumerate(columns):
            _cell(ax, x0 + j * cw, y + 0.04, cw, 0.82, decisions[col])
    if verdict:
        ax.text(0.05, 0.35, textwrap.fill(verdict, 120), fontsize=FONT["label"] + 1,
                va="center", color=DARK)
    fig.suptitle(title, fontsize=FONT["title"] + 1, fontweight="bold", x=0.01,
                 ha="left", y=0.97)
    return fig


def _items(ax, x, y, items, colour=DARK, width=20, size=None) -> None:
    lines = [textwrap.fill(part, width, subsequent_indent="  ", break_long_words=False,
                           break_on_hyphens=False)
             for item in items for part in item.split("\n")]
    text = "\n".join(lines)
    box = {"facecolor": "white", "edgecolor": "none", "alpha": 0.85, "pad": 1.5}
    ax.text(x, y, text, ha="center", va="center", fontsize=size or FONT["note"],
            color=colour, linespacing=1.35, zorder=5,
            bbox=box if colour == GREY else None)


def _venn_panel(ax, own, role, granted, active: str, title: str, names) -> None:
    circles = (((3.3, 3.0), "own", OKABE_ITO["blue"]),
               ((6.7, 3.0), "role", OKABE_ITO["orange"]))
    for (cx, cy), which, colour in sorted(circles, key=lambda c: c[1] == active):
        on = which == active
        ax.add_patch(Circle((cx, cy), 2.5, facecolor=tint(colour, 0.75 if on else 0.96),
                            edgecolor=colour if on else FAINT, linewidth=2 if on else 1.2,
                            linestyle="-" if on else "--", hatch="" if on else "..",
                            zorder=2 if on else 1))
    shared = [p for p in own if p in role]
    mine = [p for p in own if p not in role]
    if active == "own":
        mine += ["+ " + g for g in granted]
    _items(ax, 2.35, 3.0, mine, DARK if active == "own" else GREY)
    _items(ax, 7.65, 3.0, [p for p in role if p not in own],
           DARK if active == "role" else GREY)
    _items(ax, 5.0, 3.0, [p.replace(":", ":\n", 1) for p in shared], DARK, 12,
           FONT["note"] - 1)
    for x, name, which in ((1.9, names[0], "own"), (8.1, names[1], "role")):
        ax.text(x, 5.95, name.replace(" (", "\n("), ha="center", va="center",
                fontsize=FONT["label"], fontweight="bold",
                color=DARK if active == which else GREY)
    ax.set_title(title, fontsize=FONT["title"], fontweight="bold")


def venn_figure(own: Sequence[str], role: Sequence[str], granted: Sequence[str] = (),
                names: tuple = ("Your own permissions (A)",
                                "The role's permissions (B)")) -> Figure:
    """Your own permissions vs a role's: what you can do after AssumeRole, and what
    you can do when a resource-based policy lets you in instead.

    Parameters
    ----------
    own, role : sequence of str
        The permissions (e.g. ``"dynamodb:Scan on table Orders (A)"``) the caller has as
        itself, and those of the role in the other account.
    granted : sequence of str
        What a resource-based policy adds to the caller's own permissions.
    names : (str, str)
        Titles of the two circles.

    Returns
    -------
    matplotlib.figure.Figure
        Two panels: "assume the role" (only the role's circle is active) and "resource-
        based policy" (your own circle, plus what the policy grants).

    Introduced in ``11_sts_and_cross_account.ipynb``.
    """
    fig = new_figure(11.0, 4.6, layout=None)
    panels = (("role", "1. AssumeRole into B: you act as the role"),
              ("own", "2. Resource-based policy in B: you stay yourself"))
    for k, (active, title) in enumerate(panels):
        ax = fig.add_axes((0.01 + k * 0.5, 0.1, 0.48, 0.78))
        ax.set_xlim(0, 10)
        ax.set_ylim(0.3, 6.5)
        ax.set_aspect("equal")
        ax.set_axis_off()
        _venn_panel(ax, own, role, granted, active, title, names)
    fig.text(0.01, 0.03, "Solid circle: the permissions in force. Dotted grey: "
             "given up (1) or not used (2). '+': granted by the resource-based policy.",
             fontsize=FONT["label"], color=GREY)
    fig.suptitle("Roles vs resource-based policies: which permissions are in force?",
                 fontsize=FONT["title"] + 2, fontweight="bold", x=0.01, ha="left",
                 y=0.98)
    return fig
