"""Charts of identity federation: the flows as sequence diagrams (SAML 2.0, custom broker,
web identity, Cognito, IAM Identity Center), the map of options, the directory
capability heatmap and the Identity Center assignment matrix.

Pure functions: data in, a :class:`matplotlib.figure.Figure` out; they never read a lab
(:mod:`awslab.widgets.federation` does). Okabe-Ito colours, and every yes/no is also a
mark (✓/✗) and a hatch, so the charts read the same in grey print.
Introduced in ``12_federation_and_directories.ipynb``.
"""
from __future__ import annotations

import textwrap
from dataclasses import dataclass
from typing import Mapping, Optional, Sequence

from matplotlib.figure import Figure
from matplotlib.patches import Rectangle

from awslab.viz.diagrams import _canvas
from awslab.viz.sts import DARK, FAINT, _arrow, _round_box
from awslab.viz.style import FONT, GREY, OKABE_ITO, new_figure, tint


@dataclass(frozen=True)
class Flow:
    """A federation flow: its lanes ``(name, subtitle, colour)`` and its steps
    ``(from lane, to lane, label, what it means)``."""

    title: str
    lanes: tuple
    steps: tuple
    summary: str


FLOWS = {
    "saml": Flow(
        "SAML 2.0 federation (AD FS) to the console",
        (("Employee", "browser", "blue"), ("AD FS", "corporate IdP", "blue"),
         ("AWS sign-in", "signin.aws.amazon.com/saml", "orange"),
         ("AWS STS", "global service", "orange"), ("AWS console", "the role's rights",
                                                   "green")),
        ((0, 1, "sign in: AD user name + password",
          "The employee opens AD FS's sign-on page and signs in with the AD password; no "
          "IAM user exists for them."),
         (1, 0, "SAML response: Role = role ARN,provider ARN; RoleSessionName",
          "AD FS checks the password in AD and turns AD groups into the Role attribute "
          "(its claim rules): the IdP side of the two-way trust."),
         (0, 2, "POST the SAML response",
          "The browser posts the signed response to AWS's SAML endpoint (the assertion's "
          "Recipient); with several roles AWS shows a role picker."),
         (2, 3, "AssumeRoleWithSAML(RoleArn, PrincipalArn, SAMLAssertion)",
          "AWS checks the issuer against the IAM SAML provider and the role's trust "
          "policy (Federated: the provider, SAML:aud): the AWS side of the trust."),
         (3, 2, "temporary credentials (1 h, or SessionDuration)",
          "STS returns credentials of a role session named after the user."),
         (2, 0, "redirect: console sign-in URL",
          "The browser lands in the console as assumed-role/ROLE/user; the CLI can call "
          "AssumeRoleWithSAML itself with the same assertion."),
         (0, 4, "work with the role's permissions",
          "Every action is authorised by the role's policies; CloudTrail records the "
          "SAML user.")),
        "No IAM user per employee; the trust is set up both ways; STS: AssumeRoleWithSAML."),
    "broker": Flow(
        "Custom identity broker (no SAML)",
        (("Employee", "browser", "blue"), ("Identity broker", "your application", "purple"),
         ("Corporate directory", "LDAP / AD / database", "blue"),
         ("AWS STS", "global service", "orange"),
         ("Federation endpoint", "signin.aws.amazon.com/federation", "orange")),
        ((0, 1, "sign in to the broker", "The user signs in to the broker application."),
         (1, 2, "check password, read groups",
          "The broker authenticates the user against the corporate identity store."),
         (1, 3, "GetFederationToken(Name, Policy) or AssumeRole(RoleArn)",
          "The broker decides the permissions and calls STS with its own long-term IAM "
          "credentials."),
         (3, 1, "temporary credentials",
          "A federated user (intersection of the broker user's policies and the session "
          "policy) or a role session."),
         (1, 4, "getSigninToken(Session = credentials)",
          "For the console, the broker trades the credentials for a sign-in token."),
         (4, 1, "SigninToken (valid 15 minutes)",
          "The token opens one console session."),
         (1, 0, "redirect: Action=login&SigninToken=...",
          "The user's browser opens the console with the broker-chosen permissions.")),
        "Only when the IdP is not SAML 2.0; the broker picks the policy; you maintain it."),
    "web_identity": Flow(
        "Web identity federation (OIDC): AssumeRoleWithWebIdentity",
        (("App or workload", "no AWS keys", "blue"),
         ("OIDC provider", "Google, GitHub, EKS...", "blue"),
         ("AWS STS", "global service", "orange"), ("AWS service", "the role's rights",
                                                   "green")),
        ((0, 1, "sign in (or get the workload's token)",
          "A user signs in to the provider, or a CI/CD job or pod receives its OIDC token."),
         (1, 0, "ID token (JWT: iss, aud, sub, exp)",
          "The token says who the provider vouches for, and for which client (aud)."),
         (0, 2, "AssumeRoleWithWebIdentity(RoleArn, WebIdentityToken)",
          "No AWS credentials needed: STS checks the IAM OIDC provider and the role's "
          "trust policy (HOST:aud, HOST:sub)."),
         (2, 0, "temporary credentials",
          "A role session for the token's subject."),
         (0, 3, "call with the role's permissions",
          "For end-user apps AWS advises Cognito instead; for workloads this is the "
          "standard pattern.")),
        "Workloads (CI/CD, EKS) use it directly; end-user apps should use Cognito."),
    "cognito": Flow(
        "Amazon Cognito identity pool (authenticated or guest)",
        (("Mobile app", "the user's phone", "blue"),
         ("IdP", "Google, user pool (or none: guest)", "blue"),
         ("Cognito identity pool", "cognito-identity", "purple"),
         ("AWS STS", "global service", "orange"), ("Amazon S3", "bucket/<sub>/...",
                                                   "green")),
        ((0, 1, "sign in (guests skip this)",
          "The user signs in with a social or OIDC provider or a Cognito user pool; a "
          "guest does not sign in at all."),
         (1, 0, "ID token", "The provider's token goes into Logins."),
         (0, 2, "GetId(IdentityPoolId, Logins)",
          "Cognito gives the user a stable identity ID: the "
          "${cognito-identity.amazonaws.com:sub} of policies."),
         (0, 2, "GetCredentialsForIdentity(IdentityId, Logins)",
          "The enhanced flow: the app asks Cognito for credentials."),
         (2, 3, "AssumeRoleWithWebIdentity (authenticated or unauthenticated role)",
          "Cognito assumes the pool's role; the trust policy checks the pool (aud) and "
          "amr (authenticated / unauthenticated)."),
         (2, 0, "temporary credentials (1 h)",
          "The app now holds credentials of the role, scoped to this identity."),
         (0, 4, "PutObject bucket/<IdentityId>/photo.jpg",
          "The role's policy allows only the user's own prefix; guests get the guest "
          "role's rights.")),
        "Client-side apps get AWS credentials without IAM users; guests get their own role."),
    "identity_center": Flow(
        "IAM Identity Center: one portal, many accounts",
        (("Administrator", "management account", "purple"),
         ("Workforce user", "browser or CLI", "blue"),
         ("IAM Identity Center", "portal + identity source", "orange"),
         ("Member account", "IAM role AWSReservedSSO_*", "green"),
         ("AWS service", "the set's rights", "green")),
        ((0, 2, "CreatePermissionSet, CreateAccountAssignment",
          "The administrator assigns a permission set to a group in an account."),
         (2, 3, "provision role AWSReservedSSO_<set>_<hash>",
          "Identity Center creates the role (and its own SAML provider) in the account."),
         (1, 2, "sign in to the AWS access portal",
          "Users come from the identity source: its own directory, AD (Managed AD or AD "
          "Connector) or an external IdP."),
         (2, 1, "your accounts and roles",
          "The portal lists every account and permission set assigned to the user or "
          "their groups."),
         (1, 3, "choose account + role: SAML into the reserved role",
          "Identity Center federates the user into the role (GetRoleCredentials for the "
          "CLI); session = the set's duration (1-12 h)."),
         (1, 4, "work with the permission set's rights",
          "CloudTrail records the user; changing the set and provisioning updates every "
          "account.")),
        "Central SSO for many accounts and SaaS apps, integrated with Organizations."),
}


def flow_names() -> list[str]:
    """The keys of :data:`FLOWS`, in course order."""
    return list(FLOWS)


def sequence_figure(flow: str = "saml", step: Optional[int] = None,
                    detail: Optional[str] = None, headroom: float = 0.0) -> Figure:
    """A federation flow as a sequence diagram.

    Parameters
    ----------
    flow : str
        A key of :data:`FLOWS`.
    step : int, optional
        Draw up to this step and highlight it (the stepper); None draws every step.
    detail : str, optional
        The message at this hop (e.g. the SAML response), shown in a box below.
    headroom : float
        Extra space above the lanes (for a caption under the title).

    Returns
    -------
    matplotlib.figure.Figure

    Introduced in ``12_federation_and_directories.ipynb``.
    """
    f = FLOWS[flow]
    n = len(f.steps)
    last = n if step is None else max(1, min(int(step), n))
    rows = 0.72
    extra = 1.1 if detail else 0.0
    height_units = 1.25 + n * rows + 0.95 + extra + headroom
    fig, ax = _canvas(11.0, 0.45 + height_units * 0.62, 13.0, height_units)
    top = height_units - 0.15 - headroom
    lanes = len(f.lanes)
    xs = [1.2 + i * (10.6 / max(lanes - 1, 1)) for i in range(lanes)]
    for x, (name, sub, colour) in zip(xs, f.lanes):
        _round_box(ax, x - 1.12, top - 0.85, 2.24, 0.8, OKABE_ITO[colour])
        ax.text(x, top - 0.33, name, ha="center", va="center", fontsize=FONT["label"] + 1,
                fontweight="bold")
        ax.text(x, top - 0.65, sub, ha="center", va="center", fontsize=FONT["note"] - 1)
        ax.plot([x, x], [top - 0.9 - n * rows - 0.2, top - 0.9], color=FAINT,
                linestyle="--", linewidth=1)
    for i, (src, dst, label, _) in enumerate(f.steps, 1):
        y = top - 1.25 - (i - 1) * rows
        reached, latest = i <= last, i == last and step is not None
        colour = FAINT if not reached else OKABE_ITO["orange"] if latest else DARK
        _arrow(ax, (xs[src], y), (xs[dst], y), colour, "-" if reached else ":",
               2.3 if latest else 1.3)
        shown = GREY if not reached else "black"
        span = abs(xs[src] - xs[dst])
        ax.text((xs[src] + xs[dst]) / 2, y + 0.06,
                textwrap.fill(f"{i}. {label}", max(30, int(span * 17))), ha="center",
                va="bottom", fontsize=FONT["note"], color=shown,
                fontweight="bold" if latest else "normal",
                bbox={"facecolor": "white", "edgecolor": "none", "pad": 0.6})
    base = top - 1.25 - n * rows
    meaning = f.steps[last - 1][3] if step is not None else f.summary
    lead = f"Step {last} of {n}: " if step is not None else ""
    ax.text(0.1, base - 0.05, textwrap.fill(lead + meaning, 150), fontsize=FONT["label"],
            va="top", color=DARK)
    if detail:
        ax.text(0.1, base - 0.75, textwrap.shorten(detail, 420), fontsize=FONT["note"] - 1,
                family="monospace", va="top", wrap=True, color=DARK,
                bbox={"facecolor": tint(OKABE_ITO["sky"]), "edgecolor": OKABE_ITO["sky"],
                      "pad": 3})
    fig.suptitle(f.title, fontsize=FONT["title"] + 2, fontweight="bold", x=0.01,
                 ha="left", y=0.985)
    return fig


def recommendation_figure(choice: str, why: str, flow: Optional[str]) -> Figure:
    """The decision wizard's answer: the recommendation and its reason above the flow's
    sequence diagram (or the map of options when the answer is not a federation flow)."""
    fig = sequence_figure(flow, headroom=0.6) if flow in FLOWS else options_diagram()
    fig.suptitle(f"Recommended: {choice}", x=0.01, ha="left", y=0.985,
                 fontsize=FONT["title"] + 2, fontweight="bold", color=OKABE_ITO["blue"])
    fig.text(0.01, 0.925, textwrap.fill(why, 150), fontsize=FONT["label"], va="top")
    return fig


# -- the map of options --------------------------------------------------------------------

_OPTIONS = (
    ("Workforce, many accounts or SaaS apps", "IAM Identity Center",
     "permission sets → roles; portal", "orange"),
    ("Workforce, SAML 2.0 IdP (AD FS, Okta...)", "SAML 2.0 federation",
     "AssumeRoleWithSAML", "orange"),
    ("Workforce, IdP without SAML", "Custom identity broker",
     "AssumeRole / GetFederationToken", "purple"),
    ("Mobile or web app users, guests", "Cognito identity pool",
     "AssumeRoleWithWebIdentity (by Cognito)", "blue"),
    ("Workloads with OIDC (CI/CD, EKS)", "Web identity federation",
     "AssumeRoleWithWebIdentity", "blue"),
)


def options_diagram() -> Figure:
    """Who needs access → which federation option → which STS call: the map of the
    notebook. Introduced in ``12_federation_and_directories.ipynb``."""
    fig, ax = _canvas(11.0, 4.6, 13.0, 6.2)
    ax.text(1.9, 5.95, "Who needs AWS access", ha="center", fontsize=FONT["label"] + 1,
            fontweight="bold")
    ax.text(6.6, 5.95, "Option", ha="center", fontsize=FONT["label"] + 1, fontweight="bold")
    ax.text(10.9, 5.95, "Behind the scenes", ha="center", fontsize=FONT["label"] + 1,
            fontweight="bold")
    for i, (who, option, call, colour) in enumerate(_OPTIONS):
        y = 5.0 - i * 1.1
        _round_box(ax, 0.1, y, 3.6, 0.8, OKABE_ITO["sky"])
        ax.text(1.9, y + 0.4, textwrap.fill(who, 30), ha="center", va="center",
                fontsize=FONT["note"])
        _arrow(ax, (3.75, y + 0.4), (4.7, y + 0.4))
        _round_box(ax, 4.75, y, 3.7, 0.8, OKABE_ITO[colour])
        ax.text(6.6, y + 0.4, option, ha="center", va="center", fontsize=FONT["label"],
                fontweight="bold")
        _arrow(ax, (8.5, y + 0.4), (9.0, y + 0.4))
        ax.text(9.1, y + 0.4, call, va="center", fontsize=FONT["note"], family="monospace")
    ax.text(0.1, 0.2, "Temporary credentials in every case: no IAM user per person. "
            "Directories (Managed AD, AD Connector) can feed Identity Center or AD FS.",
            fontsize=FONT["note"], color=GREY)
    fig.suptitle("Identity federation in AWS: which option for whom", x=0.01, ha="left",
                 fontsize=FONT["title"] + 2, fontweight="bold", y=0.985)
    return fig


# -- directories -------------------------------------------------------------------------

def capability_figure(rows: Sequence[tuple], labels: Mapping[str, str],
                      selected: Optional[str] = None) -> Figure:
    """The directory capability heatmap: one row per capability, one column per type.

    Parameters
    ----------
    rows : sequence of (capability, {type: bool})
        From :func:`awslab.services.ds.capabilities.capability_rows`.
    labels : mapping
        Directory type -> its name.
    selected : str, optional
        A directory type to outline (the comparison selector).
    """
    types = list(labels)
    fig = new_figure(9.5, 1.0 + 0.42 * len(rows))
    ax = fig.add_subplot()
    ax.set_xlim(0, len(types))
    ax.set_ylim(len(rows), 0)
    ax.set_yticks([r + 0.5 for r in range(len(rows))], [name for name, _ in rows])
    ax.set_xticks([c + 0.5 for c in range(len(types))], [labels[t] for t in types])
    ax.xaxis.tick_top()
    ax.tick_params(length=0, labelsize=FONT["label"])
    for label, kind in zip(ax.get_xticklabels(), types):
        label.set_fontweight("bold" if kind == selected else "normal")
    for spine in ax.spines.values():
        spine.set_visible(False)
    for r, (name, values) in enumerate(rows):
        for c, kind in enumerate(types):
            yes = bool(values.get(kind))
            colour = OKABE_ITO["green"] if yes else OKABE_ITO["vermillion"]
            ax.add_patch(Rectangle((c + 0.04, r + 0.06), 0.92, 0.88,
                                   facecolor=tint(colour, 0.6 if yes else 0.8),
                                   edgecolor="white", hatch="" if yes else "///"))
            ax.text(c + 0.5, r + 0.5, "✓ yes" if yes else "✗ no", ha="center",
                    va="center", fontsize=FONT["label"], fontweight="bold",
                    color="black")
    if selected in types:
        c = types.index(selected)
        ax.add_patch(Rectangle((c + 0.01, 0.01), 0.98, len(rows) - 0.02, fill=False,
                               edgecolor=OKABE_ITO["blue"], linewidth=3))
    fig.suptitle("AWS Directory Service: what each directory can do", x=0.01, ha="left",
                 fontsize=FONT["title"] + 1, fontweight="bold")
    return fig


# -- Identity Center assignments -------------------------------------------------------------

def assignment_figure(principals: Sequence[str], accounts: Sequence[str],
                      cells: Mapping[tuple, Sequence[str]],
                      title: str = "IAM Identity Center assignments") -> Figure:
    """The assignment matrix: groups/users × accounts, each cell the permission sets
    assigned there (empty: no access).

    Parameters
    ----------
    principals, accounts : sequences of labels (rows, columns)
    cells : mapping of (principal, account) to permission set names
    """
    fig = new_figure(max(6.0, 2.0 + 2.1 * len(accounts)), 1.2 + 0.55 * len(principals))
    ax = fig.add_subplot()
    ax.set_xlim(0, len(accounts))
    ax.set_ylim(len(principals), 0)
    ax.set_xticks([c + 0.5 for c in range(len(accounts))], list(accounts))
    ax.set_yticks([r + 0.5 for r in range(len(principals))], list(principals))
    ax.tick_params(length=0, labelsize=FONT["label"])
    ax.xaxis.tick_top()
    for spine in ax.spines.values():
        spine.set_visible(False)
    for r, who in enumerate(principals):
        for c, account in enumerate(accounts):
            sets = list(cells.get((who, account), ()))
            colour = OKABE_ITO["blue"] if sets else "#DDDDDD"
            ax.add_patch(Rectangle((c + 0.03, r + 0.05), 0.94, 0.9,
                                   facecolor=tint(colour, 0.75 if sets else 0.5),
                                   edgecolor="white", hatch="" if sets else ".."))
            ax.text(c + 0.5, r + 0.5, "\n".join(sets) if sets else "no access",
                    ha="center", va="center", fontsize=FONT["note"],
                    color="black" if sets else GREY)
    ax.set_xlabel("AWS account (member of the organization)", fontsize=FONT["label"])
    ax.xaxis.set_label_position("top")
    ax.set_ylabel("group or user (identity source)", fontsize=FONT["label"])
    fig.suptitle(title + ": permission sets per cell", fontsize=FONT["title"] + 1,
                 fontweight="bold")
    return fig
