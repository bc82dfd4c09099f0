"""NB13 (Organizations, SCPs and RAM): checks decided by the lab's organizations, its IAM
engine and RAM.

E1 writes SCPs so the Dev OU can neither use EMR nor leave the organization (checked
level by level with :func:`awslab.services.organizations.effective_permissions` for Dev,
Prod and the management account); E2 moves an account, then a management account, from
organization A to organization B (checked call by call in the lab's audit log); E3 shares
two subnets with two accounts (checked with the participants' own EC2 calls).
Introduced in ``13_organizations_scp_ram.ipynb``.
"""
from __future__ import annotations

import random

from awslab.course.checks.common import client_error
from awslab.course.exercises import Exercise, fail, ok

TITLE = "Organizations, SCPs, multi-account strategy and RAM"
MANAGEMENT = "123456789012"
EMR_ACTIONS = ("elasticmapreduce:RunJobFlow", "elasticmapreduce:AddJobFlowSteps",
               "elasticmapreduce:CreateStudio", "elasticmapreduce:TerminateJobFlows")
LEAVE = "organizations:LeaveOrganization"
KEEP = "ec2:RunInstances"
OUTSIDER = "444455556666"


def _rng(ctx, exercise: str) -> random.Random:
    return random.Random(f"awslab.course:{ctx.lab.seed}:13:{exercise}:")


def _accounts_named(ctx) -> dict:
    """Account name -> ID in the management account's organization (empty if none)."""
    from awslab.services.organizations import organization_of
    org = organization_of(ctx.lab, MANAGEMENT)
    if org is None:
        return {}
    return {ctx.lab.accounts[a]["Name"]: a for a in org["accounts"]}


# -- E1: guardrails for the Dev OU -----------------------------------------------------

def _facts_e1(ctx) -> dict:
    rng = _rng(ctx, "E1")
    return {"emr_action": EMR_ACTIONS[rng.randrange(len(EMR_ACTIONS))],
            "policy_name": f"DevGuardrails{rng.randrange(10, 100)}"}


def _unit_accounts(ctx, name: str) -> list[str] | None:
    """Accounts in the OU ``name`` directly below the root (and in OUs below it)."""
    from awslab.services.organizations import accounts_below, organization_of
    org = organization_of(ctx.lab, MANAGEMENT)
    if org is None:
        return None
    found = [ou for ou, ou_name in org["ous"].items() if ou_name == name]
    return accounts_below(ctx.lab, MANAGEMENT, found[0]) if found else None


def _check_e1(ctx, answer):
    from awslab.services.organizations import effective_permissions
    f = ctx.facts
    dev, prod = _unit_accounts(ctx, "Dev"), _unit_accounts(ctx, "Prod")
    if dev is None or prod is None:
        return fail("the organization of section 1 (OUs Dev and Prod) is not in your lab; "
                    "run the notebook's setup cells first")
    if not dev:
        return fail("OU Dev has no accounts: move dev-1 back into it")
    actions = [f["emr_action"], LEAVE, KEEP]
    names = {v: k for k, v in _accounts_named(ctx).items()}
    for account in dev:
        eff = effective_permissions(ctx.lab, account, actions)
        if eff["levels"] == [] and eff["effective"][0] == "allowed":
            return fail("the SCP policy type is not enabled: EnablePolicyType on the root")
        emr, leave, keep = eff["effective"]
        who = f"{names[account]} (OU Dev)"
        if emr == "allowed":
            return fail(f"{who} may still call {f['emr_action']}: deny "
                        "elasticmapreduce:* in an SCP attached to OU Dev")
        if leave == "allowed":
            return fail(f"{who} may still call {LEAVE}: deny it in the same SCP")
        if keep != "allowed":
            return fail(f"{who} can no longer call {KEEP}: your SCPs took away more than "
                        "EMR and leaving (an allow-list without ec2:*, or a Deny of '*'?)")
    for account in prod:
        emr, leave, _ = effective_permissions(ctx.lab, account, actions)["effective"]
        if emr != "allowed" or leave != "allowed":
            return fail(f"{names[account]} in OU Prod is denied too: attach the SCP to OU "
                        "Dev, not to the root or to Prod")
    manager = effective_permissions(ctx.lab, MANAGEMENT, actions)
    assert manager["exempt"]
    return ok(f"Dev's accounts ({len(dev)}) can no longer use EMR or leave, Prod's "
              f"({len(prod)}) still can, and the management account is untouched: SCPs "
              "never apply to it")


E1 = Exercise(
    id="E1",
    title="Dev may not use EMR nor leave the organization",
    task=("Write one SCP named {policy_name} that denies every EMR action "
          "(elasticmapreduce:*) and organizations:LeaveOrganization, and attach it so "
          "that it applies to the accounts of OU Dev only. Keep the deny-list strategy "
          "(FullAWSAccess stays attached). The check asks the lab's policy engine about "
          "{emr_action}, LeaveOrganization and ec2:RunInstances in Dev, Prod and the "
          "management account. Then call ex.e1.check()."),
    check=_check_e1,
    hints=("An SCP is created with organizations.create_policy(Type="
           "'SERVICE_CONTROL_POLICY', Content=json.dumps(...)) and attached with "
           "attach_policy(PolicyId=..., TargetId=...). The target is the OU's ID.",
           "One statement is enough: Effect Deny, Action ['elasticmapreduce:*', "
           "'organizations:LeaveOrganization'], Resource '*'. Attached to the root it "
           "would also hit Prod.",
           "pid = org.create_policy(Name='{policy_name}', Description='Dev guardrails', "
           "Type='SERVICE_CONTROL_POLICY', Content=json.dumps(deny_doc))['Policy']"
           "['PolicySummary']['Id']; org.attach_policy(PolicyId=pid, "
           "TargetId=tree.units['Dev'])"),
    solution=("deny_doc = {\"Version\": \"2012-10-17\", \"Statement\": [{\n"
              "    \"Effect\": \"Deny\", \"Resource\": \"*\",\n"
              "    \"Action\": [\"elasticmapreduce:*\",\n"
              "               \"organizations:LeaveOrganization\"]}]}\n"
              "pid = org.create_policy(\n"
              "    Name=\"{policy_name}\", Description=\"Dev guardrails\",\n"
              "    Type=\"SERVICE_CONTROL_POLICY\",\n"
              "    Content=json.dumps(deny_doc))[\"Policy\"][\"PolicySummary\"][\"Id\"]\n"
              "org.attach_policy(PolicyId=pid, TargetId=tree.units[\"Dev\"])\n"
              "ex.e1.check()"),
    usage="ex.e1.check()",
    facts=_facts_e1,
    needs_answer=False,
)


# -- E2: moving accounts between organizations ---------------------------------------------

def _facts_e2(ctx) -> dict:
    rng = _rng(ctx, "E2")
    ids = []
    while len(ids) < 3:
        candidate = str(rng.randrange(2 * 10 ** 11, 10 ** 12))
        if candidate not in ids and candidate not in (MANAGEMENT, OUTSIDER):
            ids.append(candidate)
    return {"org_a": ids[0], "org_b": ids[1], "account_x": ids[2]}


def _calls(ctx, operation: str, caller: str) -> list:
    """Successful calls of ``operation`` by ``caller``'s account: (index, call)."""
    return [(i, c) for i, c in enumerate(ctx.lab.audit_log)
            if c.service == "organizations" and c.operation == operation
            and c.error_code is None and c.caller is not None
            and c.caller.account_id == caller]


def _first_after(items, after: int):
    return next(((i, c) for i, c in items if i > after), None)


def _moved(ctx, account: str, old_manager: str, new_manager: str, left_ops) -> tuple:
    """``(True, index)`` when ``account`` left ``old_manager``'s organization, was then
    invited by ``new_manager``'s and accepted; else ``(False, message)``."""
    left = [(i, c) for op, who in left_ops for i, c in _calls(ctx, op, who)
            if op != "RemoveAccountFromOrganization" or
            c.request.get("AccountId") == account]
    if not left:
        return False, "it has not left organization A yet"
    start = min(i for i, _ in left)
    invites = [(i, c) for i, c in _calls(ctx, "InviteAccountToOrganization", new_manager)
               if (c.request.get("Target") or {}).get("Id") == account]
    invite = _first_after(invites, start)
    if invite is None:
        return False, ("organization B (management account "
                       f"{new_manager}) has not invited it since it left A")
    shake = invite[1].response["Handshake"]["Id"]
    accepts = [(i, c) for i, c in _calls(ctx, "AcceptHandshake", account)
               if c.request.get("HandshakeId") == shake]
    if not accepts:
        return False, f"it has not accepted B's invitation {shake} yet (AcceptHandshake)"
    return True, accepts[0][0]


def _check_e2(ctx, answer):
    from awslab.services.organizations import organization_of
    f = ctx.facts
    a, b, x = f["org_a"], f["org_b"], f["account_x"]
    for account in (a, b, x):
        if account not in ctx.lab.accounts:
            return fail(f"account {account} is not in your lab: run the E2 setup cell")
    done, where = _moved(ctx, x, a, b, (("RemoveAccountFromOrganization", a),
                                        ("LeaveOrganization", x)))
    if not done:
        return fail(f"step 1, account X ({x}): {where}")
    done, where_a = _moved(ctx, a, a, b, (("DeleteOrganization", a),))
    if not done:
        return fail(f"step 2, A's management account ({a}): "
                    + where_a.replace("has not left organization A yet",
                                      "has not deleted organization A yet (a management "
                                      "account cannot leave)"))
    for account in (x, a):
        org = organization_of(ctx.lab, account)
        if org is None or org["MasterAccountId"] != b:
            return fail(f"account {account} is no longer in organization B")
    return ok(f"X ({x}) left A, was invited by B and accepted; then A deleted its "
              f"organization and its management account ({a}) joined B the same way")


E2 = Exercise(
    id="E2",
    title="Move an account, then a management account, from A to B",
    task=("Organization A (management account {org_a}) has member X ({account_x}); "
          "organization B is managed by {org_b}. Move X to B in the right order, then "
          "move A's management account {org_a} to B as well. Clients of each account: "
          "orgs_a, orgs_b and orgs_x (the setup cell makes them). The check reads your "
          "calls in the lab's audit log, step by step. Then call ex.e2.check()."),
    check=_check_e2,
    hints=("Three steps for X: leave A (A removes it, or X leaves), B invites it, X "
           "accepts the handshake. An account can be in one organization only, so B's "
           "invitation is refused while X is still in A.",
           "A's management account can never leave its organization: once X is gone, "
           "orgs_a.delete_organization() makes it standalone; then B invites it and it "
           "accepts.",
           "orgs_a.remove_account_from_organization(AccountId='{account_x}'); h = "
           "orgs_b.invite_account_to_organization(Target={{'Id': '{account_x}', "
           "'Type': 'ACCOUNT'}})['Handshake']['Id']; orgs_x.accept_handshake("
           "HandshakeId=h); orgs_a.delete_organization(); ... the same two calls for "
           "'{org_a}' with orgs_a accepting"),
    solution=("orgs_a.remove_account_from_organization(AccountId=\"{account_x}\")\n"
              "for account, client in ((\"{account_x}\", orgs_x),\n"
              "                        (\"{org_a}\", orgs_a)):\n"
              "    if account == \"{org_a}\":\n"
              "        orgs_a.delete_organization()      # A is empty now\n"
              "    shake = orgs_b.invite_account_to_organization(\n"
              "        Target={{\"Id\": account, \"Type\": \"ACCOUNT\"}})[\"Handshake\"]\n"
              "    client.accept_handshake(HandshakeId=shake[\"Id\"])\n"
              "ex.e2.check()"),
    usage="ex.e2.check()",
    facts=_facts_e2,
    needs_answer=False,
)


# -- E3: a shared VPC ----------------------------------------------------------------------

def _found_e3(ctx) -> dict:
    named = _accounts_named(ctx)
    return {"participant_1": named.get("dev-1", "(dev-1)"),
            "participant_2": named.get("prod-1", "(prod-1)")}


def _participant_ec2(ctx, account: str):
    key = ("ec2-as", account)
    if key not in ctx.clients:
        from awslab.services.organizations import client_as
        ctx.clients[key] = client_as(ctx.lab, account, "ec2")
    return ctx.clients[key]


def _check_e3(ctx, answer):
    f = ctx.facts
    parts = [f["participant_1"], f["participant_2"]]
    if any(p.startswith("(") for p in parts):
        return fail("accounts dev-1 and prod-1 are not in your organization: run the "
                    "notebook's setup cells first")
    shared, instances = {}, {}
    for account in parts:
        ec2 = _participant_ec2(ctx, account)
        subnets = [s["SubnetId"] for s in ec2.describe_subnets(
            Filters=[{"Name": "owner-id", "Values": [MANAGEMENT]}])["Subnets"]
            if s["OwnerId"] == MANAGEMENT and not s["DefaultForAz"]]
        shared[account] = subnets
        if len(subnets) < 2:
            return fail(f"account {account} sees {len(subnets)} subnet(s) shared by "
                        f"{MANAGEMENT}; share two non-default subnets with it through RAM")
        mine = [i for r in ec2.describe_instances()["Reservations"] for i in r["Instances"]
                if i.get("SubnetId") in subnets and i["State"]["Name"] in ("pending",
                                                                           "running")]
        if not mine:
            return fail(f"account {account} has no running instance in the shared "
                        "subnets: launch one as that account (client_as) into one of them")
        instances[account] = mine[0]["InstanceId"]
    for me, other in ((parts[0], parts[1]), (parts[1], parts[0])):
        ec2 = _participant_ec2(ctx, me)
        seen = {i["InstanceId"] for r in ec2.describe_instances()["Reservations"]
                for i in r["Instances"]}
        if instances[other] in seen:
            return fail(f"{me} can see {other}'s instance {instances[other]}")
        try:
            ec2.stop_instances(InstanceIds=[instances[other]])
            return fail(f"{me} stopped {other}'s instance: participants must not touch "
                        "each other's resources")
        except Exception as exc:
            if client_error(exc) is None:
                raise
    if answer != "OperationNotPermittedException":
        return fail(f"your answer is {answer!r}: try sharing one of the subnets with "
                    f"{OUTSIDER} (outside the organization) and pass the error code "
                    "RAM answers")
    return ok(f"both participants see the two shared subnets, run their own instances "
              f"there ({', '.join(instances.values())}), cannot see or stop each "
              "other's, and RAM refuses to share a subnet outside the organization")


E3 = Exercise(
    id="E3",
    title="Share two subnets with two accounts",
    task=("In the management account ({owner}), create a VPC with two subnets "
          "and share both through RAM with dev-1 ({participant_1}) and prod-1 "
          "({participant_2}). As each participant (client_as), launch one instance into "
          "a shared subnet. Then try to share a subnet with {outsider} (outside the "
          "organization) and pass the error code you get: ex.e3.check(code)."),
    check=_check_e3,
    hints=("ram.enable_sharing_with_aws_organization() first (management account), then "
           "ram.create_resource_share(name=..., resourceArns=[subnet ARNs], "
           "principals=[account IDs]). A subnet's ARN is in CreateSubnet's answer "
           "(SubnetArn).",
           "Participants launch with their own credentials: ec2_dev = client_as(lab, "
           "'{participant_1}', 'ec2'); ec2_dev.run_instances(ImageId=image_id(), "
           "InstanceType='t3.micro', MinCount=1, MaxCount=1, SubnetId=subnet_id).",
           "Catch the ClientError of ram.create_resource_share(name='outside', "
           "resourceArns=[arn], principals=['{outsider}']) and pass "
           "err.response['Error']['Code'] to the check."),
    solution=("vpc = ec2.create_vpc(CidrBlock=\"10.20.0.0/16\")[\"Vpc\"][\"VpcId\"]\n"
              "arns = [ec2.create_subnet(VpcId=vpc, CidrBlock=f\"10.20.{{i}}.0/24\")\n"
              "        [\"Subnet\"][\"SubnetArn\"] for i in (1, 2)]\n"
              "ram.enable_sharing_with_aws_organization()\n"
              "ram.create_resource_share(\n"
              "    name=\"shared-vpc\", resourceArns=arns,\n"
              "    principals=[\"{participant_1}\", \"{participant_2}\"])\n"
              "for account in (\"{participant_1}\", \"{participant_2}\"):\n"
              "    client_as(lab, account, \"ec2\").run_instances(\n"
              "        ImageId=image_id(), InstanceType=\"t3.micro\", MinCount=1,\n"
              "        MaxCount=1, SubnetId=arns[0].rsplit(\"/\", 1)[1])\n"
              "try:\n"
              "    ram.create_resource_share(name=\"outside\", resourceArns=arns[:1],\n"
              "                              principals=[\"{outsider}\"])\n"
              "except ClientError as err:\n"
              "    code = err.response[\"Error\"][\"Code\"]\n"
              "ex.e3.check(code)"),
    usage="ex.e3.check(code)",
    facts=lambda ctx: {"owner": MANAGEMENT, "outsider": OUTSIDER},
    found=_found_e3,
)

EXERCISES = [E1, E2, E3]
