"""Charts of course progress and practice-exam scores (pure: data in, Figure out).

Used by ``awslab.course.progress()`` and ``15_exam_review.ipynb``.
"""
from __future__ import annotations

from matplotlib.ticker import MaxNLocator

from awslab.viz.style import FONT, GREY, OKABE_ITO, new_figure, style_axes

STATES = (("passed", "passed", OKABE_ITO["green"], ""),
          ("tried", "tried, not passed yet", OKABE_ITO["orange"], "///"),
          ("todo", "not tried", "#DDDDDD", ""))
FIXED_HEIGHT = 5.2        # inches: room for every notebook of the course


def _stacked(ax, rows: dict, labels: list, title: str, names=None,
             unit="exercises") -> None:
    left = [0.0] * len(labels)
    for state, label, colour, hatch in STATES:
        values = [rows[k][state] for k in labels]
        ax.barh(range(len(labels)), values, left=left, color=colour, hatch=hatch,
                edgecolor="white", label=label)
        left = [a + b for a, b in zip(left, values)]
    for y, k in enumerate(labels):
        total = sum(rows[k].values())
        ax.text(left[y] + 0.1, y, f"{rows[k]['passed']}/{total}", va="center",
                fontsize=FONT["note"], color=GREY)
    names = names or {}
    ax.set_yticks(range(len(labels)), [names.get(k, k) for k in labels],
                  fontsize=FONT["tick"])
    ax.invert_yaxis()
    ax.set_xlim(0, max(left + [1]) * 1.18)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_xlabel(f"{unit} (count)", fontsize=FONT["label"])
    ax.set_title(title, fontsize=FONT["title"], loc="left")
    style_axes(ax, grid="x")


def _short(text: str, width: int = 34) -> str:
    return text if len(text) <= width else text[:width - 1].rstrip() + "…"


def _percent(values) -> str:
    values = [v for v in values if v is not None]
    if not values:
        return "–"
    return f"{100 * sum(values) / len(values):.0f} %"


def render(summary: dict, who: str):
    """Progress by notebook (left) and by area (right) as stacked bars of exercises
    passed, tried and not tried; the practice exam's best and latest score in the title.

    ``summary`` comes from :func:`awslab.course.progress.summarize`.
    """
    nbs, areas = summary["notebooks"], summary["areas"]
    fig = new_figure(10, FIXED_HEIGHT)   # one size whatever the course holds (stable reprs)
    left, right = fig.subplots(1, 2, width_ratios=[1, 1.25])
    count = summary.get("students", 0)
    unit = "exercises × learners" if count > 1 else "exercises"
    titles = summary.get("titles", {})
    names = {nb: _short(f"{nb} {titles[nb]}") if titles.get(nb) else nb for nb in nbs}
    if nbs:
        _stacked(left, nbs, sorted(nbs), "By notebook", names, unit)
        _stacked(right, areas, list(areas), "By area", None, unit)      # in course order
    else:
        for ax in (left, right):
            ax.text(0.5, 0.5, "no exercises yet", ha="center", transform=ax.transAxes)
            ax.set_axis_off()
    handles, labels = left.get_legend_handles_labels()
    if handles:
        fig.legend(handles, labels, loc="outside lower center", ncols=3,
                   fontsize=FONT["legend"], frameon=False)
    exam = summary.get("exam", {})
    note = (f"practice exam: best {_percent(exam.get('best', []))}, latest "
            f"{_percent(exam.get('latest', []))}" if exam.get("best") else
            "practice exam: not taken yet")
    if count > 1 and exam.get("best"):
        note = note.replace("best", "mean best").replace("latest", "mean latest")
    fig.suptitle(f"Course progress · {who} · {note}", fontsize=FONT["title"])
    return fig


def score_by_area(rows: list, pass_mark: float, title: str = "Score by area"):
    """Horizontal bars of the fraction right per area, with counts and the pass mark.

    ``rows`` is ``[(area, right, asked)]`` in display order; ``pass_mark`` is a fraction.
    Areas at or above the mark are green, those below vermillion and hatched.
    """
    fig = new_figure(8, FIXED_HEIGHT)
    ax = fig.subplots()
    labels = [r[0] for r in rows]
    shares = [r[1] / r[2] if r[2] else 0.0 for r in rows]
    colours = [OKABE_ITO["green"] if s >= pass_mark else OKABE_ITO["vermillion"]
               for s in shares]
    hatches = ["" if s >= pass_mark else "///" for s in shares]
    for y, (share, colour, hatch) in enumerate(zip(shares, colours, hatches)):
        ax.barh(y, 100 * share, color=colour, hatch=hatch, edgecolor="white")
        right, asked = rows[y][1], rows[y][2]
        ax.text(100 * share + 1, y, f"{right}/{asked}", va="center",
                fontsize=FONT["note"], color=GREY)
    ax.axvline(100 * pass_mark, color=GREY, linestyle="--", linewidth=1)
    ax.text(100 * pass_mark, -0.7, f" pass mark {100 * pass_mark:.0f} %",
            fontsize=FONT["note"], color=GREY, va="bottom")
    ax.set_yticks(range(len(labels)), labels, fontsize=FONT["tick"])
    ax.set_ylim(len(labels) - 0.5, -1.0)
    ax.set_xlim(0, 112)
    ax.set_xlabel("questions answered correctly (%)", fontsize=FONT["label"])
    ax.set_title(title, fontsize=FONT["title"], loc="left")
    style_axes(ax, grid="x")
    return fig


def question_bank(rows: list):
    """Bars of how many quiz questions each notebook contributes to the exam pool.

    ``rows`` is ``[(label, area, count)]`` in course order; bars are coloured by area
    (and labelled, so nothing depends on colour).
    """
    from awslab.viz.style import PALETTE
    fig = new_figure(8, FIXED_HEIGHT)
    ax = fig.subplots()
    areas = list(dict.fromkeys(r[1] for r in rows))
    for y, (label, area, count) in enumerate(rows):
        ax.barh(y, count, color=PALETTE[areas.index(area) % len(PALETTE)])
        ax.text(count + 0.1, y, f"{count} · {area}", va="center", fontsize=FONT["note"],
                color=GREY)
    ax.set_yticks(range(len(rows)), [_short(r[0]) for r in rows], fontsize=FONT["tick"])
    ax.invert_yaxis()
    ax.set_xlim(0, max([r[2] for r in rows] + [1]) * 1.6)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_xlabel("quiz questions in the pool (count)", fontsize=FONT["label"])
    ax.set_title(f"The exam's question pool: {sum(r[2] for r in rows)} questions from "
                 f"{len(rows)} notebooks", fontsize=FONT["title"], loc="left")
    style_axes(ax, grid="x")
    return fig
