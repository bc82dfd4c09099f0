"""Title diagrams of the notebooks: how the lab works, what a metric is made of.

Pure functions returning a :class:`matplotlib.figure.Figure` drawn with the shared
palette of :mod:`awslab.viz.style`; boxes carry their meaning in text, so the diagrams
read the same in grey print.
"""
from __future__ import annotations

from matplotlib.figure import Figure
from matplotlib.patches import FancyArrowPatch, FancyBboxPatch

from awslab.viz.style import (FONT, GREY, OKABE_ITO, new_figure, tint)


def _box(ax, x, y, w, h, title, body, colour, mono=False) -> tuple:
    edge = OKABE_ITO[colour]
    ax.add_patch(FancyBboxPatch((x, y), w, h, linewidth=1.5, facecolor=tint(edge),
                                edgecolor=edge,
                                boxstyle="round,pad=0.02,rounding_size=0.1"))
    if title:
        ax.text(x + w / 2, y + h - 0.13, title, ha="center", va="top",
                fontsize=FONT["title"], fontweight="bold")
    ax.text(x + w / 2, y + (h - 0.4) / 2 if title else y + h / 2, body, ha="center", va="center",
            fontsize=FONT["label"], linespacing=1.4,
            family="monospace" if mono else None)
    return x, y, w, h


def _arrow(ax, start, end, text="", style="-", text_offset=(0.0, 0.14),
           connection="arc3") -> None:
    ax.add_patch(FancyArrowPatch(start, end, arrowstyle="-|>", mutation_scale=14,
                                 linewidth=1.4, linestyle=style, color="#333333",
                                 shrinkA=2, shrinkB=2, connectionstyle=connection))
    if text:
        mx, my = (start[0] + end[0]) / 2, (start[1] + end[1]) / 2
        ax.text(mx + text_offset[0], my + text_offset[1], text, ha="center",
                va="bottom", fontsize=FONT["note"], color="#333333")


def _canvas(width, height, xmax, ymax) -> tuple[Figure, object]:
    fig = new_figure(width, height, layout=None)
    ax = fig.add_axes((0.01, 0.01, 0.98, 0.86))
    ax.set_xlim(0, xmax)
    ax.set_ylim(0, ymax)
    ax.set_axis_off()
    return fig, ax


def lab_diagram() -> Figure:
    """How a lab answers your code: notebook → real boto3 → bridge → simulated services,
    with the simulated clock and the per-student seed underneath.

    Returns
    -------
    matplotlib.figure.Figure

    Introduced in ``00_welcome.ipynb``.
    """
    fig, ax = _canvas(10.5, 4.5, 12.6, 5.5)
    code = _box(ax, 0.1, 2.6, 2.6, 1.9, "Your notebook",
                'cw = lab.client(\n  "cloudwatch")\ncw.put_metric_data(\n  ...)',
                "blue", mono=True)
    boto = _box(ax, 3.35, 2.6, 2.6, 1.9, "boto3 client",
                "the real library:\nchecks parameters\nagainst the AWS model", "orange")
    bridge = _box(ax, 6.6, 2.6, 2.6, 1.9, "awslab bridge",
                  "answers inside\nPython: nothing\ngoes to the network", "purple")
    svc = _box(ax, 9.85, 2.6, 2.65, 1.9, "Simulated AWS",
               "CloudWatch, EC2, STS, ...\nper account and Region\nerrors as AWS sends them",
               "green")
    clock = _box(ax, 7.3, 0.1, 2.85, 1.7, "Simulated clock",
                 "lab.now\nlab.advance(minutes=10)\nruns the work due",
                 "vermillion", mono=True)
    seed = _box(ax, 10.4, 0.1, 2.1, 1.7, "Seeded data",
                "one student_id,\nthe same data\non every run", "sky")
    y_call = code[1] + 0.95
    for a, b in ((code, boto), (boto, bridge), (bridge, svc)):
        _arrow(ax, (a[0] + a[2], y_call), (b[0], y_call))
    top = code[1] + code[3]
    ax.add_patch(FancyArrowPatch((svc[0] + svc[2] / 2, top), (code[0] + code[2] / 2, top),
                                 arrowstyle="-|>", mutation_scale=14, linewidth=1.4,
                                 linestyle="--", color="#333333", shrinkA=2, shrinkB=2,
                                 connectionstyle="bar,fraction=0.045"))
    ax.text(6.3, top + 0.64, "the answer: a response dict, or a ClientError with the "
            "AWS error code", ha="center", va="bottom", fontsize=FONT["note"],
            color="#333333")
    _arrow(ax, (9.9, clock[1] + clock[3]), (9.9, svc[1]))
    _arrow(ax, (11.45, seed[1] + seed[3]), (11.45, svc[1]))
    ax.text(0.15, 0.95, "No AWS account, no network, no cost:\nthe same boto3 code "
            "works\nunchanged against real AWS.", fontsize=FONT["label"], color=GREY,
            va="center", linespacing=1.5)
    fig.suptitle("How the lab answers your code", fontsize=FONT["title"] + 2,
                 fontweight="bold", x=0.01, ha="left", y=0.97)
    return fig


_ROWS = (
    # namespace, metric, dimensions, datapoints
    ("AWS/EC2", "CPUUtilization", "InstanceId=i-0aaa", "00:00  17.2 %\n00:05  21.9 %"),
    ("AWS/EC2", "CPUUtilization", "InstanceId=i-0bbb", "00:00  43.0 %\n00:01  40.8 %"),
    ("PetShop", "Orders", "Environment=prod", "00:00  31   Count\n00:01  28   Count"),
    ("PetShop", "Orders", "Environment=dev", "00:00   2   Count\n00:01   0   Count"),
)


def metric_anatomy_diagram() -> Figure:
    """What identifies a metric: namespace → metric name → dimensions → datapoints.

    Each row is one metric stream: the same namespace and name with other dimension
    values is another metric, with datapoints of its own.

    Returns
    -------
    matplotlib.figure.Figure

    Introduced in ``01_cloudwatch_metrics.ipynb``.
    """
    fig, ax = _canvas(10.5, 5.0, 12.6, 6.3)
    cols = ((0.1, 2.2, "Namespace", "blue"), (3.0, 2.6, "Metric name", "orange"),
            (6.3, 3.0, "Dimensions", "green"), (10.0, 2.5, "Datapoints", "purple"))
    for x, w, head, colour in cols:
        ax.text(x + w / 2, 5.95, head, ha="center", fontsize=FONT["title"],
                fontweight="bold")
    h, gap = 0.98, 0.26
    tops = [5.65 - i * (h + gap) for i in range(len(_ROWS))]
    for (x, w, _, colour), k in zip(cols[:2], (0, 1)):
        groups = {}
        for top, row in zip(tops, _ROWS):
            groups.setdefault(row[k] if k == 0 else row[:2], []).append(top)
        for key, group in groups.items():
            y0, y1 = group[-1] - h, group[0]
            text = key if k == 0 else key[1]
            _box(ax, x, y0, w, y1 - y0, "", text, colour, mono=True)
    for top, (_, _, dims, points) in zip(tops, _ROWS):
        _box(ax, 6.3, top - h, 3.0, h, "", dims, "green", mono=True)
        _box(ax, 10.0, top - h, 2.5, h, "", points, "purple", mono=True)
        _arrow(ax, (5.6, top - h / 2), (6.3, top - h / 2))
        _arrow(ax, (9.3, top - h / 2), (10.0, top - h / 2))
    for top in (tops[0], tops[2]):
        _arrow(ax, (2.3, top - h - gap / 2), (3.0, top - h - gap / 2))
    ax.text(0.1, 0.02, "One metric (a stream) = namespace + metric name + the exact "
            "set of dimensions: four rows, four metrics.\nEach datapoint carries a "
            "timestamp, a value and a unit.", fontsize=FONT["label"], color=GREY,
            va="bottom", linespacing=1.4)
    fig.suptitle("Anatomy of a CloudWatch metric", fontsize=FONT["title"] + 2,
                 fontweight="bold", x=0.01, ha="left", y=0.97)
    return fig
