"""Charts of AWS Organizations and RAM: the organization tree with SCP badges, effective
permissions level by level, consolidated billing under tiered prices, the account
migration state machine, and who sees what in a shared VPC.

Pure functions: data in (from :mod:`awslab.services.organizations` and
:mod:`awslab.services.ram.visibility`), a :class:`matplotlib.figure.Figure` out, no pyplot
state. Decisions and ownership are told by colour, hatch and words, so the charts read
the same in grey print. Introduced in ``13_organizations_scp_ram.ipynb``.
"""
from __future__ import annotations

import textwrap
from typing import Mapping, Optional, Sequence

from matplotlib.figure import Figure
from matplotlib.patches import FancyArrowPatch, FancyBboxPatch, Patch, Rectangle

from awslab.viz.policy import DECISION_STYLES, decision_heatmap, legend_handles
from awslab.viz.style import (FONT, GREY, OKABE_ITO, USD_FORMATTER, label_axes,
                              new_figure, style_axes, tint, usd)

DARK = "#222222"
KIND_COLOURS = {"ROOT": OKABE_ITO["black"], "ORGANIZATIONAL_UNIT": OKABE_ITO["blue"],
                "ACCOUNT": OKABE_ITO["green"], "MANAGEMENT": OKABE_ITO["orange"]}
BADGE_DEFAULT, BADGE_OWN = "#DDDDDD", OKABE_ITO["purple"]


# -- the organization tree -----------------------------------------------------------

def _layout(tree: Mapping) -> list[dict]:
    """Boxes of the tree: depth, horizontal slot and the node, leaves spread evenly."""
    boxes: list[dict] = []

    def place(node, depth, kind) -> float:
        kids = [(c, "ORGANIZATIONAL_UNIT") for c in node.get("children", [])] + \
               [(a, "MANAGEMENT" if a.get("management") else "ACCOUNT")
                for a in node.get("accounts", [])]
        if kids:
            xs = [place(child, depth + 1, k) for child, k in kids]
            x = (xs[0] + xs[-1]) / 2
        else:
            x = float(sum(1 for b in boxes if b["leaf"]))
        boxes.append({"node": node, "depth": depth, "x": x, "kind": kind,
                      "leaf": not kids})
        return x
    place(tree, 0, "ROOT")
    return boxes


def _badge_text(name: str) -> str:
    return name if len(name) <= 20 else name[:19] + "…"


def org_tree_figure(tree: Mapping, highlight: Optional[str] = None,
                    title: str = "") -> Figure:
    """The organization as a tree: root, OUs and accounts, each with its SCPs as badges
    (grey: FullAWSAccess, purple: your own policies), the management account marked.

    Parameters
    ----------
    tree : dict
        :func:`awslab.services.organizations.describe_tree`.
    highlight : str, optional
        An account ID: its path from the root is drawn in bold, the levels whose SCPs
        all apply to it.
    title : str

    Returns
    -------
    matplotlib.figure.Figure
    """
    boxes = _layout(tree)
    leaves = max(1, sum(b["leaf"] for b in boxes))
    depth = max(b["depth"] for b in boxes) + 1
    badges = max(len(b["node"].get("scps", [])) for b in boxes)
    width = max(7.5, 1.85 * leaves + 0.6)
    bw, bh = 0.86, 0.42
    bottom = -(depth - 1) - bh / 2 - 0.15 * badges - 0.12
    height = 0.55 + 1.45 * (0.4 - bottom)
    fig = new_figure(width, height, layout=None)
    top = 1 - 0.5 / height
    ax = fig.add_axes((0.0, 0.0, 1.0, top))
    ax.set_xlim(-0.6, leaves - 0.4)
    ax.set_ylim(bottom, 0.4)
    ax.set_axis_off()
    where = {id(b["node"]): b for b in boxes}
    path = _path_to(tree, highlight) if highlight else []
    for b in boxes:
        below = -b["depth"] - bh / 2 - 0.15 * len(b["node"].get("scps", [])) - 0.02
        for child in b["node"].get("children", []) + b["node"].get("accounts", []):
            c = where[id(child)]
            bold = child["id"] in path and b["node"]["id"] in path
            ax.add_patch(FancyArrowPatch((b["x"], below),
                                         (c["x"], -c["depth"] + bh / 2 + 0.02),
                                         arrowstyle="-", linewidth=2.6 if bold else 1.0,
                                         color=DARK if bold else GREY))
    for b in boxes:
        node, x, y = b["node"], b["x"], -b["depth"]
        colour = KIND_COLOURS[b["kind"]]
        on_path = node["id"] in path
        ax.add_patch(FancyBboxPatch((x - bw / 2, y - bh / 2), bw, bh,
                                    boxstyle="round,pad=0.02,rounding_size=0.06",
                                    facecolor=tint(colour, 0.8), edgecolor=colour,
                                    linewidth=2.6 if on_path else 1.2))
        kind = {"ROOT": "root", "ORGANIZATIONAL_UNIT": "OU", "ACCOUNT": "account",
                "MANAGEMENT": "mgmt"}[b["kind"]]
        ax.text(x, y + 0.08, node["name"], ha="center", va="center", color=DARK,
                fontsize=FONT["label"], fontweight="bold")
        sub = node["id"] if b["kind"] in ("ACCOUNT", "MANAGEMENT") else kind
        ax.text(x, y - 0.1, sub if b["kind"] not in ("ACCOUNT", "MANAGEMENT")
                else f"{kind} {sub}", ha="center", va="center", color=DARK,
                fontsize=FONT["note"] - 1)
        for i, name in enumerate(node.get("scps", [])):
            own = name != "FullAWSAccess"
            ax.text(x, y - bh / 2 - 0.1 - 0.15 * i, _badge_text(name), ha="center",
                    va="center", fontsize=FONT["note"] - 1, color=DARK,
                    family="monospace",
                    bbox={"boxstyle": "round,pad=0.18", "linewidth": 0.8,
                          "facecolor": tint(BADGE_OWN, 0.7) if own else BADGE_DEFAULT,
                          "edgecolor": BADGE_OWN if own else GREY})
    handles = [Patch(facecolor=tint(KIND_COLOURS[k], 0.8), edgecolor=KIND_COLOURS[k],
                     label=lab) for k, lab in (("ROOT", "root"),
                                               ("ORGANIZATIONAL_UNIT", "OU"),
                                               ("MANAGEMENT", "management account"),
                                               ("ACCOUNT", "member account"))]
    handles += [Patch(facecolor=BADGE_DEFAULT, edgecolor=GREY, label="FullAWSAccess"),
                Patch(facecolor=tint(BADGE_OWN, 0.7), edgecolor=BADGE_OWN,
                      label="your SCPs")]
    fig.legend(handles=handles, loc="upper right", ncol=3, frameon=False,
               fontsize=FONT["legend"] - 1, bbox_to_anchor=(0.995, 0.995),
               handlelength=1.2, columnspacing=1.0)
    if not tree.get("scps_enabled", True):
        fig.text(0.01, 0.02, "SCP policy type not enabled: no SCP applies", ha="left",
                 fontsize=FONT["note"], color=GREY, style="italic")
    if title:
        fig.text(0.01, 0.99, title, fontsize=FONT["title"], fontweight="bold", va="top")
    return fig


def _path_to(tree: Mapping, account_id: str) -> list[str]:
    """IDs from the root to ``account_id`` (empty if it is not in the tree)."""
    if any(a["id"] == account_id for a in tree.get("accounts", [])):
        return [tree["id"], account_id]
    for child in tree.get("children", []):
        found = _path_to(child, account_id)
        if found:
            return [tree["id"]] + found
    return []


# -- effective permissions -------------------------------------------------------------

def effective_figure(effective: Mapping, title: str = "") -> Figure:
    """Each action against each level's SCPs, and what is left for the account.

    Parameters
    ----------
    effective : dict
        :func:`awslab.services.organizations.effective_permissions`.
    """
    columns = [*effective["levels"], "effective (all levels)"]
    cells = [row + [eff] for row, eff in zip(effective["cells"], effective["effective"])]
    notes = None
    if effective["exempt"]:
        notes = [[""] * len(effective["levels"]) + ["exempt"] for _ in cells]
    return decision_heatmap(cells, effective["actions"], columns, notes=notes,
                            title=title, row_title="action", cell_width=1.45,
                            column_title="SCPs attached at each level")


def permission_heatmap(cells: Sequence[Sequence[str]], actions: Sequence[str],
                       accounts: Sequence[str], title: str = "") -> Figure:
    """Effective permissions of several accounts (columns) for several actions (rows)."""
    return decision_heatmap(cells, actions, accounts, title=title, row_title="action",
                            column_title="account", cell_width=1.3)


# -- consolidated billing --------------------------------------------------------------

def billing_figure(bill, curve=None, separate_peak: float = 0.0, combined: float = 0.0,
                   title: str = "") -> Figure:
    """Left: each usage type billed account by account vs consolidated (USD), with the
    saving. Right (with ``curve``): the marginal price of one usage type against monthly
    volume, with the largest single account and the organization's combined usage.

    Parameters
    ----------
    bill : DataFrame
        :func:`awslab.services.organizations.billing.consolidated_bill`.
    curve : DataFrame, optional
        :func:`awslab.services.organizations.billing.tier_curve` (``quantity``,
        ``marginal``) in GB.
    separate_peak, combined : float
        Usage of the largest account and of the whole organization (same unit).
    """
    rows = bill.drop(index="Total", errors="ignore")
    fig = new_figure(11.0 if curve is not None else 7.0, 4.4)
    axes = fig.subplots(1, 2 if curve is not None else 1, squeeze=False)[0]
    ax = axes[0]
    names = [textwrap.fill(n, 14) for n in rows.index]
    xs = range(len(rows))
    w = 0.38
    ax.bar([x - w / 2 for x in xs], rows["separate_cost"], w, color=tint(GREY, 0.35),
           edgecolor=DARK, hatch="//", label="each account billed alone")
    ax.bar([x + w / 2 for x in xs], rows["consolidated_cost"], w,
           color=OKABE_ITO["blue"], edgecolor=DARK, label="consolidated bill")
    for x, (_, r) in zip(xs, rows.iterrows()):
        saved = r["saving"]
        label = f"−{usd(saved)}" if saved >= 0 else f"+{usd(-saved)}"
        ax.text(x + w / 2, r["consolidated_cost"], label, ha="center",
                va="bottom", fontsize=FONT["note"], color=DARK)
    ax.set_xticks(list(xs), names)
    ax.yaxis.set_major_formatter(USD_FORMATTER)
    style_axes(ax)
    label_axes(ax, y="Monthly cost", y_unit="USD")
    ax.legend(fontsize=FONT["legend"], frameon=False, loc="upper left")
    ax.set_title("Same usage, one bill: the saving per usage type", fontsize=FONT["label"])
    if curve is not None:
        ax2 = axes[1]
        tb = curve["quantity"] / 1024
        ax2.step(tb, curve["marginal"], where="post", color=OKABE_ITO["black"],
                 linewidth=1.6, label="price of the next GB")
        for value, text, style, colour in (
                (separate_peak, "largest account alone", "--", OKABE_ITO["vermillion"]),
                (combined, "organization combined", "-", OKABE_ITO["blue"])):
            if value:
                ax2.axvline(value / 1024, linestyle=style, color=colour, linewidth=1.6,
                            label=f"{text}: {value / 1024:,.0f} TB")
        style_axes(ax2, grid="both")
        label_axes(ax2, x="Monthly volume (TB)", y="Price per GB", y_unit="USD")
        low = float(curve["marginal"].min())
        ax2.set_ylim(low - 0.0016, float(curve["marginal"].max()) + 0.0005)
        ax2.yaxis.set_major_formatter(lambda v, _p: f"${v:.4f}")
        ax2.legend(fontsize=FONT["legend"], frameon=True, loc="lower right",
                   facecolor="white", edgecolor="none", framealpha=0.95)
        ax2.set_title("Volume tiers apply to the combined usage", fontsize=FONT["label"])
    if title:
        fig.suptitle(title, fontsize=FONT["title"], fontweight="bold", x=0.01, ha="left")
    return fig


# -- account migration ----------------------------------------------------------------

#: states of one account moving between organizations (x, y, label)
MIGRATION_STATES = {
    "member_a": (1.1, 3.0, "Member of\norganization A"),
    "standalone": (5.0, 3.0, "Standalone account\n(pays its own bill)"),
    "invited": (8.9, 3.0, "Invited by B\n(handshake OPEN,\n15 days)"),
    "member_b": (12.8, 3.0, "Member of\norganization B"),
    "management_a": (1.1, 1.1, "Management account\nof A"),
}
#: transitions: (from, to, label, lane offset)
MIGRATION_STEPS = (
    ("member_a", "standalone", "RemoveAccountFromOrganization (A's management)\nor "
                               "LeaveOrganization (the member)", 0.0),
    ("standalone", "invited", "InviteAccountToOrganization\n(B's management account)",
     0.0),
    ("invited", "member_b", "AcceptHandshake\n(the account)", 0.0),
    ("invited", "standalone", "DeclineHandshake, CancelHandshake\nor 15 days pass", -0.55),
    ("management_a", "standalone", "remove every member, then\nDeleteOrganization", 0.0),
)
RULES = ("Leaving needs standalone information: payment method, contact details, phone "
         "verification, the AWS Customer Agreement.",
         "A created account can leave only 7 days after it was created; its account "
         "tags are deleted when it leaves.",
         "The management account never leaves: it deletes the organization (once empty) "
         "and is then standalone.",
         "Invited accounts do not get OrganizationAccountAccessRole: create it yourself.")


def migration_figure(done: Sequence[tuple] = (), current: Optional[str] = None,
                     title: str = "") -> Figure:
    """The state machine of moving an account from organization A to B.

    Parameters
    ----------
    done : list of (from, to)
        Transitions already taken: drawn bold with a step number.
    current : str, optional
        The state the account is in now (a key of :data:`MIGRATION_STATES`).
    """
    fig = new_figure(12.0, 4.8, layout=None)
    ax = fig.add_axes((0.0, 0.2, 1.0, 0.72 if title else 0.78))
    ax.set_xlim(-0.05, 13.95)
    ax.set_ylim(0.55, 4.15)
    ax.set_axis_off()
    bw, bh = 2.1, 0.95
    taken = [tuple(d) for d in done]
    for src, dst, text, lane in MIGRATION_STEPS:
        (x1, y1, _), (x2, y2, _) = MIGRATION_STATES[src], MIGRATION_STATES[dst]
        step = taken.index((src, dst)) + 1 if (src, dst) in taken else None
        if y1 == y2:
            start = (x1 + (bw / 2 if x2 > x1 else -bw / 2), y1 + lane)
            end = (x2 - (bw / 2 if x2 > x1 else -bw / 2), y2 + lane)
            mid = ((start[0] + end[0]) / 2,
                   y1 + bh / 2 + 0.08 if lane >= 0 else y1 + lane - 0.15)
            va = "bottom" if lane >= 0 else "top"
        else:
            start, end = (x1 + bw / 2, y1), (x2 - 0.3, y2 - bh / 2)
            mid, va = ((x1 + x2) / 2 + 1.35, (y1 + y2) / 2 - 0.1), "center"
        ax.add_patch(FancyArrowPatch(start, end, arrowstyle="-|>", mutation_scale=15,
                                     linewidth=2.6 if step else 1.1,
                                     linestyle="-" if step or lane >= 0 else "--",
                                     color=OKABE_ITO["blue"] if step else GREY,
                                     connectionstyle="arc3,rad=0.25" if lane < 0
                                     else "arc3"))
        label = (f"({step}) " if step else "") + text
        ax.text(mid[0], mid[1], label,
                ha="center", va=va, fontsize=FONT["note"] - 0.5, color=DARK,
                fontweight="bold" if step else "normal", linespacing=1.2)
    for key, (x, y, text) in MIGRATION_STATES.items():
        now = key == current
        colour = OKABE_ITO["orange"] if now else OKABE_ITO["green"]
        ax.add_patch(FancyBboxPatch((x - bw / 2, y - bh / 2), bw, bh,
                                    boxstyle="round,pad=0.02,rounding_size=0.1",
                                    facecolor=tint(colour, 0.65 if now else 0.85),
                                    edgecolor=colour, linewidth=2.6 if now else 1.2))
        ax.text(x, y, text + ("\n◀ now" if now else ""), ha="center", va="center",
                fontsize=FONT["label"], color=DARK, linespacing=1.25,
                fontweight="bold" if now else "normal")
    fig.text(0.01, 0.02, "\n".join("• " + r for r in RULES), fontsize=FONT["note"],
             color=DARK, va="bottom", linespacing=1.4)
    if title:
        fig.text(0.01, 0.98, title, fontsize=FONT["title"], fontweight="bold", va="top")
    return fig


# -- shared VPC: who sees what -----------------------------------------------------------

ACCESS_STYLES = {
    "manage": {"color": OKABE_ITO["green"], "hatch": "", "text": "owns: view,\nmodify, delete"},
    "view": {"color": OKABE_ITO["sky"], "hatch": "..", "text": "view only\n(shared)"},
    "none": {"color": "#BBBBBB", "hatch": "//", "text": "not visible"},
}


def visibility_figure(rows: Sequence[str], columns: Sequence[str],
                      cells: Sequence[Sequence[str]], title: str = "") -> Figure:
    """A matrix of resources (rows) by accounts (columns): does the account own the
    resource, only see it, or not see it at all?

    Parameters
    ----------
    cells : list of lists of str
        ``manage``, ``view`` or ``none`` (:data:`ACCESS_STYLES`);
        :func:`awslab.services.ram.visibility.visibility_matrix` computes them.
    """
    n, m = len(rows), len(columns)
    label_w = 0.4 + 0.07 * max((len(r) for r in rows), default=8)
    cw, ch = 1.45, 0.62
    fig = new_figure(label_w + cw * m + 0.3, 1.6 + ch * n, layout=None)
    width, height = fig.get_size_inches()
    ax = fig.add_axes((label_w / width, 0.6 / height, cw * m / width, ch * n / height))
    ax.set_xlim(0, m)
    ax.set_ylim(n, 0)
    for i, row in enumerate(cells):
        for j, access in enumerate(row):
            style = ACCESS_STYLES[access]
            ax.add_patch(Rectangle((j, i), 1, 1, facecolor=tint(style["color"], 0.45),
                                   hatch=style["hatch"], edgecolor="white", linewidth=2.5))
            ax.text(j + 0.5, i + 0.5, style["text"], ha="center", va="center",
                    fontsize=FONT["note"] - 0.5, color=DARK, linespacing=1.1,
                    bbox={"boxstyle": "round,pad=0.15", "facecolor": "white", "alpha": 0.9,
                          "edgecolor": "none"})
    ax.set_xticks([j + 0.5 for j in range(m)], [textwrap.fill(c, 16) for c in columns])
    ax.set_yticks([i + 0.5 for i in range(n)], list(rows))
    ax.xaxis.tick_top()
    ax.tick_params(length=0, labelsize=FONT["tick"])
    for side in ax.spines.values():
        side.set_visible(False)
    handles = [Patch(facecolor=tint(s["color"], 0.45), hatch=s["hatch"], edgecolor=GREY,
                     label=s["text"].replace("\n", " ")) for s in ACCESS_STYLES.values()]
    fig.legend(handles=handles, loc="lower left", ncol=3, frameon=False,
               fontsize=FONT["legend"], bbox_to_anchor=(label_w / width - 0.01, 0.0))
    if title:
        fig.text(0.01, 0.99, title, fontsize=FONT["title"], fontweight="bold", va="top")
    return fig


__all__ = ["org_tree_figure", "effective_figure", "permission_heatmap", "billing_figure",
           "migration_figure", "visibility_figure", "MIGRATION_STATES", "ACCESS_STYLES",
           "DECISION_STYLES", "legend_handles"]
