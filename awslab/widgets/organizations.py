"""NB13 wiring: the organization tree and effective permissions per account, allow-list
vs deny-list strategies, trying calls as a member account, and a RAM share builder.

Each ``*_explorer`` returns ``(render, controls)`` for :func:`awslab.widgets.explore`;
``render(**values)`` reads the organization (:mod:`awslab.services.organizations`) or
makes real API calls, and draws with :mod:`awslab.viz.organizations`. The strategy and
share-builder explorers work in a private twin lab, so they never change the learner's.
Introduced in ``13_organizations_scp_ram.ipynb``.
"""
from __future__ import annotations

import json
from functools import lru_cache
from typing import Mapping, Sequence

from botocore.exceptions import ClientError

from awslab.services import organizations as orgs
from awslab.viz import organizations as viz
from awslab.widgets.explorer import make_controls

MANAGEMENT = "123456789012"
ACTIONS = ("ec2:RunInstances", "s3:PutObject", "cloudtrail:StopLogging",
           "elasticmapreduce:RunJobFlow", "organizations:LeaveOrganization",
           "iam:CreateUser")


def account_names(lab, management: str = MANAGEMENT) -> dict:
    """``{"name (id)": id}`` of every account of the organization, management first."""
    org = orgs.organization_of(lab, management)
    ids = sorted(org["accounts"], key=lambda a: (a != management, lab.accounts[a]["Name"]))
    return {f"{lab.accounts[a]['Name']} ({a})": a for a in ids}


def effective_cells(lab, accounts: Sequence[str], actions: Sequence[str]) -> list:
    """``cells[i][j]``: the SCP result of ``actions[i]`` for ``accounts[j]``."""
    columns = [orgs.effective_permissions(lab, a, list(actions))["effective"]
               for a in accounts]
    return [[columns[j][i] for j in range(len(accounts))] for i in range(len(actions))]


# -- widget 1: the org tree and one account's effective permissions ------------------

def org_explorer(lab, management: str = MANAGEMENT, actions: Sequence[str] = ACTIONS):
    """Pick an account: its path through the tree, or what the SCPs on that path leave
    it (action by action, level by level)."""
    names = account_names(lab, management)
    controls = make_controls(
        account=("Dropdown", {"options": list(names), "value": list(names)[-1],
                              "description": "Account"}),
        view=("ToggleButtons", {"options": ["tree", "effective permissions"],
                                "value": "tree", "description": "Show"}))

    def render(account: str, view: str):
        account_id = names[account]
        if view == "tree":
            return viz.org_tree_figure(orgs.describe_tree(lab, management),
                                       highlight=account_id,
                                       title=f"The path of {account}: every SCP on it "
                                             f"must allow an action")
        return viz.effective_figure(orgs.effective_permissions(lab, account_id,
                                                               list(actions)),
                                    title=f"What the SCPs leave to {account}")
    return render, controls


# -- widget 1b: the tree editor ---------------------------------------------------------

#: SCPs the editor can attach to OUs, by name: (effect, actions)
EDITOR_SCPS = {"DenyEMR": ("Deny", ["elasticmapreduce:*"]),
               "DenyLeave": ("Deny", ["organizations:LeaveOrganization"]),
               "DenyStopTrail": ("Deny", ["cloudtrail:StopLogging"]),
               "AllowEC2S3Only": ("Allow", ["ec2:*", "s3:*"])}
EDITOR_OUS = ("Sandbox", "Dev", "Prod")


class _Editor:
    """A private organization (OUs Sandbox, Dev, Prod; account app-1) that the editor's
    controls change through the real API: MoveAccount, AttachPolicy, DetachPolicy."""

    def __init__(self, seed: int):
        from awslab import Lab
        self.lab = Lab(seed=seed)
        self.tree = orgs.build_organization(self.lab, {"Sandbox": ["app-1"], "Dev": [],
                                                       "Prod": []})
        self.org = self.lab.client("organizations")
        self.ids = {name: self.org.create_policy(
            Name=name, Description=name, Type="SERVICE_CONTROL_POLICY",
            Content=_doc(*spec))["Policy"]["PolicySummary"]["Id"]
            for name, spec in EDITOR_SCPS.items()}
        self.ids["FullAWSAccess"] = "p-FullAWSAccess"

    def apply(self, ou: str, scps: Sequence[str], full_access: bool) -> tuple:
        """Make the organization match the controls; returns (account, refusal or "")."""
        account = self.tree.account("app-1")
        parent = self.org.list_parents(ChildId=account)["Parents"][0]["Id"]
        unit = self.tree.units[ou]
        if parent != unit:
            self.org.move_account(AccountId=account, SourceParentId=parent,
                                  DestinationParentId=unit)
        now = {p["Name"] for p in self.org.list_policies_for_target(
            TargetId=unit, Filter="SERVICE_CONTROL_POLICY")["Policies"]}
        wanted = set(scps) | ({"FullAWSAccess"} if full_access else set())
        refused = ""
        for name in sorted(wanted - now):
            self.org.attach_policy(PolicyId=self.ids[name], TargetId=unit)
        for name in sorted(now - wanted):
            try:
                self.org.detach_policy(PolicyId=self.ids[name], TargetId=unit)
            except ClientError as err:
                refused = f"detach {name} refused: {err.response.get('Reason')}"
        return account, refused


def tree_editor(seed: int = 0, actions: Sequence[str] = ACTIONS):
    """Move account app-1 between OUs and choose the SCPs of its OU, with or without
    FullAWSAccess (in a private organization); the figure shows what each level leaves
    it. An Allow SCP restricts nothing while FullAWSAccess stays attached beside it
    (allow list: detach FullAWSAccess); the last SCP of a node cannot be detached."""
    editor = _Editor(seed)
    controls = make_controls(
        ou=("ToggleButtons", {"options": list(EDITOR_OUS), "value": "Sandbox",
                              "description": "app-1 in OU"}),
        scps=("SelectMultiple", {"options": list(EDITOR_SCPS), "value": (),
                                 "description": "SCPs on that OU", "rows": 4}),
        full_access=("Checkbox", {"value": True,
                                  "description": "keep FullAWSAccess on that OU"}))

    def render(ou: str, scps, full_access: bool):
        account, refused = editor.apply(ou, scps, full_access)
        on_ou = [p["Name"] for p in editor.org.list_policies_for_target(
            TargetId=editor.tree.units[ou], Filter="SERVICE_CONTROL_POLICY")["Policies"]]
        title = f"app-1 in OU {ou}: {', '.join(on_ou)}" + (f" · {refused}" if refused
                                                            else "")
        return viz.effective_figure(
            orgs.effective_permissions(editor.lab, account, list(actions)), title=title)
    return render, controls


# -- widget 2: deny list vs allow list --------------------------------------------------

def _doc(effect: str, actions) -> str:
    return json.dumps({"Version": "2012-10-17", "Statement": [
        {"Effect": effect, "Action": actions, "Resource": "*"}]})


STRATEGIES = {
    "deny list": {"note": "FullAWSAccess stays everywhere; a Deny SCP on OU Dev",
                  "root": None, "Dev": ("Deny", ["elasticmapreduce:*",
                                                 "organizations:LeaveOrganization"])},
    "allow list": {"note": "FullAWSAccess removed; Allow SCPs at the root and on each OU",
                   "root": ("Allow", ["ec2:*", "s3:*", "cloudtrail:*", "iam:*",
                                      "organizations:*", "elasticmapreduce:*"]),
                   "Dev": ("Allow", ["ec2:*", "s3:*", "cloudtrail:*"]),
                   "Prod": ("Allow", ["ec2:*", "s3:*", "cloudtrail:*", "iam:*"])},
}


def _strategy_lab(seed: int, strategy: str):
    from awslab import Lab
    twin = Lab(seed=seed)
    tree = orgs.build_organization(twin, {"Dev": ["dev-1"], "Prod": ["prod-1"]})
    org = twin.client("organizations")
    spec = STRATEGIES[strategy]
    for where in ("root", "Dev", "Prod"):
        if not spec.get(where):
            continue
        target = tree.root if where == "root" else tree.units[where]
        effect, actions = spec[where]
        pid = org.create_policy(Name=f"{effect}-{where}", Description=spec["note"],
                                Type="SERVICE_CONTROL_POLICY",
                                Content=_doc(effect, actions))["Policy"]["PolicySummary"]["Id"]
        org.attach_policy(PolicyId=pid, TargetId=target)
        if effect == "Allow":
            org.detach_policy(PolicyId="p-FullAWSAccess", TargetId=target)
    return twin, tree


def strategy_explorer(seed: int = 0, actions: Sequence[str] = ACTIONS):
    """Toggle deny-list and allow-list SCPs on the same small organization (a private
    lab) and compare what each account may do."""
    built = {name: _strategy_lab(seed, name) for name in STRATEGIES}
    controls = make_controls(strategy=("ToggleButtons", {
        "options": list(STRATEGIES), "value": "deny list", "description": "Strategy"}))

    def render(strategy: str):
        twin, tree = built[strategy]
        accounts = [MANAGEMENT, tree.account("dev-1"), tree.account("prod-1")]
        cells = effective_cells(twin, accounts, actions)
        return viz.permission_heatmap(cells, list(actions),
                                      ["management (exempt)", "dev-1 (OU Dev)",
                                       "prod-1 (OU Prod)"],
                                      title=f"{strategy}: {STRATEGIES[strategy]['note']}")
    return render, controls


# -- widget 3: try it as this account ----------------------------------------------------

#: label -> (service, method, parameters, action): calls safe to make in any account
CALLS = {
    "ec2 DescribeInstances": ("ec2", "describe_instances", {}, "ec2:DescribeInstances"),
    "ec2 RunInstances (dry run)": ("ec2", "run_instances", {
        "ImageId": None, "InstanceType": "t3.micro", "MinCount": 1, "MaxCount": 1,
        "DryRun": True}, "ec2:RunInstances"),
    "iam ListUsers": ("iam", "list_users", {}, "iam:ListUsers"),
    "sns ListTopics": ("sns", "list_topics", {}, "sns:ListTopics"),
    "cloudwatch ListMetrics": ("cloudwatch", "list_metrics", {}, "cloudwatch:ListMetrics"),
    "organizations DescribeOrganization": ("organizations", "describe_organization", {},
                                           "organizations:DescribeOrganization"),
}


def try_call(lab, account_id: str, label: str, management: str = MANAGEMENT) -> str:
    """Make the call ``label`` of :data:`CALLS` as the administrator role of
    ``account_id`` (``OrganizationAccountAccessRole``, or the admin user of the
    management account) and answer ``allowed``, the dry-run verdict, or the error."""
    from awslab.services.ec2 import image_id
    service, method, params, _ = CALLS[label]
    params = {k: (image_id() if k == "ImageId" else v) for k, v in params.items()}
    client = (lab.client(service) if account_id == management
              else orgs.client_as(lab, account_id, service, via=management))
    try:
        getattr(client, method)(**params)
        return "allowed"
    except ClientError as err:
        code = err.response["Error"]["Code"]
        if code == "DryRunOperation":
            return "allowed (DryRunOperation: would have succeeded)"
        message = err.response["Error"]["Message"]
        why = "explicit deny in an SCP" if "explicit deny in a service control" in message \
            else "no SCP allows it" if "service control policy" in message else message
        return f"{code}: {why}"


def try_table(lab, accounts: Mapping[str, str], labels: Sequence[str] = tuple(CALLS),
              management: str = MANAGEMENT) -> str:
    """Every call of ``labels`` as every account: a text table (for handouts)."""
    width = max(len(n) for n in accounts) + 2
    lines = []
    for label in labels:
        lines.append(label)
        for name, account_id in accounts.items():
            lines.append(f"  {name:<{width}} {try_call(lab, account_id, label, management)}")
    return "\n".join(lines)


def try_panel(lab, interactive: bool = True, management: str = MANAGEMENT) -> None:
    """Pick an account and a call, press Try: the lab makes the real call as that
    account's administrator. Without ``interactive`` every combination is printed."""
    names = account_names(lab, management)
    if not interactive:
        print(try_table(lab, names, management=management))
        return
    import ipywidgets as w
    from IPython.display import display
    account = w.Dropdown(options=list(names), description="Account")
    call = w.Dropdown(options=list(CALLS), description="Call",
                      style={"description_width": "initial"})
    button = w.Button(description="Try")
    out = w.Output()

    def go(_):
        out.clear_output()
        with out:
            print(f"{call.value} as {account.value}: "
                  f"{try_call(lab, names[account.value], call.value, management)}")
    button.on_click(go)
    display(w.VBox([w.HBox([account, call, button]), out]))


# -- widget 4: RAM share builder --------------------------------------------------------

RESOURCE_KINDS = ("subnet", "default-VPC subnet", "transit gateway", "Resolver rule",
                  "License Manager configuration")
PRINCIPAL_KINDS = ("member account", "OU", "account outside the organization")


def _share_lab(seed: int):
    from awslab import Lab
    twin = Lab(seed=seed)
    twin.add_account("444455556666", "outsider")
    tree = orgs.build_organization(twin, {"Workloads": ["app-a"]})
    twin.client("ram").enable_sharing_with_aws_organization()
    return twin, tree


def _resource_arn(twin, kind: str) -> str:
    ec2 = twin.client("ec2")
    if kind in ("subnet", "default-VPC subnet"):
        if kind == "subnet":
            vpc = ec2.create_vpc(CidrBlock="10.0.0.0/16")["Vpc"]["VpcId"]
            return ec2.create_subnet(VpcId=vpc, CidrBlock="10.0.1.0/24")["Subnet"]["SubnetArn"]
        return ec2.describe_subnets()["Subnets"][0]["SubnetArn"]
    if kind == "transit gateway":
        return ec2.create_transit_gateway()["TransitGateway"]["TransitGatewayArn"]
    if kind == "Resolver rule":
        return twin.client("route53resolver").create_resolver_rule(
            CreatorRequestId="builder", Name="corp", RuleType="FORWARD",
            DomainName="corp.example", TargetIps=[{"Ip": "10.0.0.2"}])["ResolverRule"]["Arn"]
    return twin.client("license-manager").create_license_configuration(
        Name="sql", LicenseCountingType="vCPU")["LicenseConfigurationArn"]


@lru_cache(maxsize=64)
def share_outcome(seed: int, resource: str, principal: str, external: bool) -> tuple:
    """Lines telling what RAM answers to CreateResourceShare for this combination, and
    what the principal then sees (in a fresh private lab)."""
    twin, tree = _share_lab(seed)
    arn = _resource_arn(twin, resource)
    target = {"member account": tree.account("app-a"),
              "OU": f"arn:aws:organizations::{MANAGEMENT}:ou/{tree.id}/"
                    f"{tree.units['Workloads']}",
              "account outside the organization": "444455556666"}[principal]
    lines = [f"CreateResourceShare(resourceArns=[{arn.split(':', 5)[5]}],",
             f"    principals=[{target.split(':', 5)[-1] if ':' in target else target}],",
             f"    allowExternalPrincipals={external})"]
    try:
        twin.client("ram").create_resource_share(name="builder", resourceArns=[arn],
                                                 principals=[target],
                                                 allowExternalPrincipals=external)
    except ClientError as err:
        return tuple(lines + ["", f"✗ {err.response['Error']['Code']}",
                              err.response["Error"]["Message"]])
    assoc = twin.client("ram").get_resource_share_associations(
        associationType="PRINCIPAL")["resourceShareAssociations"][0]
    lines += ["", f"✓ share ACTIVE; principal association {assoc['status']}"
                  f"{' (external)' if assoc['external'] else ''}"]
    if assoc["status"] == "ASSOCIATING":
        lines.append("  an invitation waits for the account to accept it (12 hours)")
    else:
        lines.append("  no invitation: sharing with AWS Organizations is enabled")
    return tuple(lines)


def share_builder(seed: int = 0):
    """Choose a resource type, a principal and whether external principals are allowed;
    the figure shows what RAM answers (in a private lab)."""
    controls = make_controls(
        resource=("Dropdown", {"options": list(RESOURCE_KINDS), "value": "subnet",
                               "description": "Resource"}),
        principal=("Dropdown", {"options": list(PRINCIPAL_KINDS),
                                "value": "member account", "description": "Principal"}),
        external=("Checkbox", {"value": True, "description": "allowExternalPrincipals"}))

    def render(resource: str, principal: str, external: bool):
        from awslab.viz.style import FONT, new_figure
        lines = share_outcome(seed, resource, principal, external)
        fig = new_figure(9.0, 0.5 + 0.24 * len(lines), layout=None)
        ok = any(line.startswith("✓") for line in lines)
        fig.text(0.01, 0.95, "\n".join(lines), va="top", family="monospace",
                 fontsize=FONT["label"], color="#222222" if ok else "#8B2500")
        return fig
    return render, controls
