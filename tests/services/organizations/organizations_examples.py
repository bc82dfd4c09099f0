"""One representative successful call per Organizations operation: ``fn(lab) -> response``.

Shaped like ``tests/bridge/bridge_examples.py``, which gathers them.
"""
import json

from awslab.services.organizations import build_organization, complete_standalone_signup

DENY = json.dumps({"Version": "2012-10-17", "Statement": [
    {"Effect": "Deny", "Action": "ec2:RunInstances", "Resource": "*"}]})
GUEST = "333344445555"


def _org(lab):
    org = lab.client("organizations")
    org.create_organization(FeatureSet="ALL")
    return org


def _root(org):
    return org.list_roots()["Roots"][0]["Id"]


def _scps(lab):
    org = _org(lab)
    org.enable_policy_type(RootId=_root(org), PolicyType="SERVICE_CONTROL_POLICY")
    return org


def _tree(lab):
    """Organization with SCPs, OU Dev holding account dev-1; (client, tree)."""
    tree = build_organization(lab, {"Dev": ["dev-1"]})
    return lab.client("organizations"), tree


def _policy(lab, attach=False):
    org, tree = _tree(lab)
    pid = org.create_policy(Name="NoRun", Description="", Type="SERVICE_CONTROL_POLICY",
                            Content=DENY)["Policy"]["PolicySummary"]["Id"]
    if attach:
        org.attach_policy(PolicyId=pid, TargetId=tree.units["Dev"])
    return org, tree, pid


def _guest(lab):
    lab.add_account(GUEST, "guest")
    return lab.client("organizations", **lab.admin_credentials(GUEST).as_client_kwargs())


def _invited(lab):
    org = _org(lab)
    guest = _guest(lab)
    hid = org.invite_account_to_organization(
        Target={"Id": GUEST, "Type": "ACCOUNT"})["Handshake"]["Id"]
    return org, guest, hid


def _billing_only(lab):
    org = lab.client("organizations")
    org.create_organization(FeatureSet="CONSOLIDATED_BILLING")
    return org


def _member(lab):
    org, guest, hid = _invited(lab)
    guest.accept_handshake(HandshakeId=hid)
    return org, guest


def _status(lab):
    org = _org(lab)
    rid = org.create_account(Email="x@example.com", AccountName="x")[
        "CreateAccountStatus"]["Id"]
    return org, rid


def _ou(lab):
    org = _org(lab)
    return org, org.create_organizational_unit(ParentId=_root(org), Name="Dev")[
        "OrganizationalUnit"]["Id"]


def _removable(lab):
    org, tree = _tree(lab)
    lab.advance(days=7)
    complete_standalone_signup(lab, tree.account("dev-1"))
    return org, tree.account("dev-1")


EXAMPLES = {"organizations": {
    "CreateOrganization": lambda lab: lab.client("organizations").create_organization(
        FeatureSet="ALL"),
    "DescribeOrganization": lambda lab: _org(lab).describe_organization(),
    "DeleteOrganization": lambda lab: _org(lab).delete_organization(),
    "ListRoots": lambda lab: _org(lab).list_roots(),
    "EnablePolicyType": lambda lab: (lambda o: o.enable_policy_type(
        RootId=_root(o), PolicyType="SERVICE_CONTROL_POLICY"))(_org(lab)),
    "DisablePolicyType": lambda lab: (lambda o: o.disable_policy_type(
        RootId=_root(o), PolicyType="SERVICE_CONTROL_POLICY"))(_scps(lab)),
    "EnableAWSServiceAccess": lambda lab: _org(lab).enable_aws_service_access(
        ServicePrincipal="ram.amazonaws.com"),
    "DisableAWSServiceAccess": lambda lab: _org(lab).disable_aws_service_access(
        ServicePrincipal="ram.amazonaws.com"),
    "ListAWSServiceAccessForOrganization": lambda lab:
        _org(lab).list_aws_service_access_for_organization(),
    "CreateAccount": lambda lab: _org(lab).create_account(Email="a@example.com",
                                                          AccountName="a"),
    "DescribeCreateAccountStatus": lambda lab: (lambda o, r: o.describe_create_account_status(
        CreateAccountRequestId=r))(*_status(lab)),
    "ListCreateAccountStatus": lambda lab: _status(lab)[0].list_create_account_status(),
    "DescribeAccount": lambda lab: (lambda o, t: o.describe_account(
        AccountId=t.account("dev-1")))(*_tree(lab)),
    "ListAccounts": lambda lab: _tree(lab)[0].list_accounts(),
    "ListAccountsForParent": lambda lab: (lambda o, t: o.list_accounts_for_parent(
        ParentId=t.units["Dev"]))(*_tree(lab)),
    "MoveAccount": lambda lab: (lambda o, t: o.move_account(
        AccountId=t.account("dev-1"), SourceParentId=t.units["Dev"],
        DestinationParentId=t.root))(*_tree(lab)),
    "RemoveAccountFromOrganization": lambda lab: (lambda o, a: o.remove_account_from_organization(
        AccountId=a))(*_removable(lab)),
    "LeaveOrganization": lambda lab: _member(lab)[1].leave_organization(),
    "CreateOrganizationalUnit": lambda lab: (lambda o: o.create_organizational_unit(
        ParentId=_root(o), Name="Prod"))(_org(lab)),
    "DescribeOrganizationalUnit": lambda lab: (lambda o, u: o.describe_organizational_unit(
        OrganizationalUnitId=u))(*_ou(lab)),
    "UpdateOrganizationalUnit": lambda lab: (lambda o, u: o.update_organizational_unit(
        OrganizationalUnitId=u, Name="Development"))(*_ou(lab)),
    "DeleteOrganizationalUnit": lambda lab: (lambda o, u: o.delete_organizational_unit(
        OrganizationalUnitId=u))(*_ou(lab)),
    "ListOrganizationalUnitsForParent": lambda lab: (lambda o, t:
        o.list_organizational_units_for_parent(ParentId=t.root))(*_tree(lab)),
    "ListChildren": lambda lab: (lambda o, t: o.list_children(
        ParentId=t.units["Dev"], ChildType="ACCOUNT"))(*_tree(lab)),
    "ListParents": lambda lab: (lambda o, t: o.list_parents(
        ChildId=t.account("dev-1")))(*_tree(lab)),
    "CreatePolicy": lambda lab: _scps(lab).create_policy(
        Name="NoRun", Description="no launches", Type="SERVICE_CONTROL_POLICY",
        Content=DENY, Tags=[{"Key": "team", "Value": "sec"}]),
    "UpdatePolicy": lambda lab: (lambda o, t, p: o.update_policy(
        PolicyId=p, Description="still no launches"))(*_policy(lab)),
    "DeletePolicy": lambda lab: (lambda o, t, p: o.delete_policy(PolicyId=p))(*_policy(lab)),
    "DescribePolicy": lambda lab: (lambda o, t, p: o.describe_policy(
        PolicyId=p))(*_policy(lab)),
    "ListPolicies": lambda lab: _policy(lab)[0].list_policies(
        Filter="SERVICE_CONTROL_POLICY"),
    "ListPoliciesForTarget": lambda lab: (lambda o, t, p: o.list_policies_for_target(
        TargetId=t.units["Dev"], Filter="SERVICE_CONTROL_POLICY"))(*_policy(lab, True)),
    "ListTargetsForPolicy": lambda lab: (lambda o, t, p: o.list_targets_for_policy(
        PolicyId=p))(*_policy(lab, True)),
    "AttachPolicy": lambda lab: (lambda o, t, p: o.attach_policy(
        PolicyId=p, TargetId=t.units["Dev"]))(*_policy(lab)),
    "DetachPolicy": lambda lab: (lambda o, t, p: o.detach_policy(
        PolicyId=p, TargetId=t.units["Dev"]))(*_policy(lab, True)),
    "InviteAccountToOrganization": lambda lab: (lambda o, g: o.invite_account_to_organization(
        Target={"Id": GUEST, "Type": "ACCOUNT"}, Notes="welcome"))(_org(lab), _guest(lab)),
    "AcceptHandshake": lambda lab: (lambda o, g, h: g.accept_handshake(
        HandshakeId=h))(*_invited(lab)),
    "DeclineHandshake": lambda lab: (lambda o, g, h: g.decline_handshake(
        HandshakeId=h))(*_invited(lab)),
    "CancelHandshake": lambda lab: (lambda o, g, h: o.cancel_handshake(
        HandshakeId=h))(*_invited(lab)),
    "DescribeHandshake": lambda lab: (lambda o, g, h: o.describe_handshake(
        HandshakeId=h))(*_invited(lab)),
    "EnableAllFeatures": lambda lab: (lambda o: o.enable_all_features())(
        _billing_only(lab)),
    "ListHandshakesForAccount": lambda lab: _invited(lab)[1].list_handshakes_for_account(),
    "ListHandshakesForOrganization": lambda lab:
        _invited(lab)[0].list_handshakes_for_organization(),
    "TagResource": lambda lab: (lambda o, t: o.tag_resource(
        ResourceId=t.account("dev-1"), Tags=[{"Key": "CostCenter", "Value": "7"}]))(*_tree(lab)),
    "UntagResource": lambda lab: (lambda o, t: o.untag_resource(
        ResourceId=t.account("dev-1"), TagKeys=["CostCenter"]))(*_tree(lab)),
    "ListTagsForResource": lambda lab: (lambda o, t: o.list_tags_for_resource(
        ResourceId=t.root))(*_tree(lab)),
}}
