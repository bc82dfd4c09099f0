"""Security groups: Create/Delete/DescribeSecurityGroups, Authorize/RevokeSecurityGroupIngress.

Every VPC has a ``default`` group (all traffic from members of the group in, all traffic
out) that cannot be deleted; a new group allows all outbound traffic and no inbound
traffic. Ingress rules are kept as one :class:`Rule` per (protocol, ports, source), which
is how AWS counts them (``SecurityGroupRules``); ``IpPermissions`` in answers groups them
back by protocol and ports. Known gaps: egress rules cannot be changed, prefix lists and
rule IDs for ModifySecurityGroupRules are not simulated.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from awslab.bridge.pagination import paginate
from awslab.errors import error_class
from awslab.services.ec2 import errors
from awslab.services.ec2.filters import compile_filters
from awslab.services.ec2.operations import OPERATIONS
from awslab.services.ec2.operations.common import dry_run, tag_list

InvalidGroupNotFound = error_class("InvalidGroup.NotFound")
InvalidGroupDuplicate = error_class("InvalidGroup.Duplicate")
InvalidGroupIdMalformed = error_class("InvalidGroupId.Malformed")
InvalidGroupReserved = error_class("InvalidGroup.Reserved")
InvalidPermissionDuplicate = error_class("InvalidPermission.Duplicate")
InvalidPermissionMalformed = error_class("InvalidPermission.Malformed")
CannotDelete = error_class("CannotDelete")
DependencyViolation = error_class("DependencyViolation")
RulesPerGroupLimitExceeded = error_class("RulesPerSecurityGroupLimitExceeded")
MAX_RULES = 60                       # inbound rules per group (IPv4 and IPv6 counted apart)
PROTOCOLS = {"tcp": "tcp", "6": "tcp", "udp": "udp", "17": "udp", "icmp": "icmp",
             "1": "icmp", "-1": "-1", "all": "-1"}


@dataclass(frozen=True)
class Rule:
    """One inbound (or outbound) rule: protocol, port range and one source."""

    protocol: str                  # "tcp", "udp", "icmp" or "-1" (all)
    from_port: int | None
    to_port: int | None
    kind: str                      # "cidr", "cidr6" or "group"
    source: str
    description: str | None = field(default=None, compare=False)

    def covers_port(self, port: int) -> bool:
        """Whether traffic to ``port`` over TCP is allowed by this rule."""
        if self.protocol == "-1":
            return True
        return self.protocol == "tcp" and self.from_port <= port <= self.to_port


@dataclass
class SecurityGroup:
    """A VPC security group."""

    group_id: str
    name: str
    description: str
    vpc_id: str
    owner_id: str
    region: str
    ingress: list[Rule] = field(default_factory=list)
    egress: list[Rule] = field(default_factory=list)
    tags: dict[str, str] = field(default_factory=dict)

    @property
    def arn(self) -> str:
        return f"arn:aws:ec2:{self.region}:{self.owner_id}:security-group/{self.group_id}"


def groups(state) -> dict[str, SecurityGroup]:
    """The security groups of an EC2 state, with the VPC's default group made on first use."""
    if state.security_group_id not in state.security_groups:
        default = SecurityGroup(state.security_group_id, "default", "default VPC security group",
                                state.vpc_id, state.account_id, state.region)
        default.ingress.append(Rule("-1", None, None, "group", state.security_group_id))
        default.egress.append(Rule("-1", None, None, "cidr", "0.0.0.0/0"))
        state.security_groups[state.security_group_id] = default
    return state.security_groups


def find_group(state, group_id: str | None = None, name: str | None = None) -> SecurityGroup:
    """A group by ID or name, or EC2's error."""
    known = groups(state)
    if group_id is not None:
        if not group_id.startswith("sg-"):
            raise InvalidGroupIdMalformed(f'Invalid id: "{group_id}" (expecting "sg-...")')
        if group_id in known:
            return known[group_id]
        raise InvalidGroupNotFound(f"The security group '{group_id}' does not exist")
    for group in known.values():
        if group.name == name:
            return group
    raise InvalidGroupNotFound(
        f"The security group '{name}' does not exist in default VPC '{state.vpc_id}'")


def permissions(rules: list[Rule]) -> list[dict]:
    """``IpPermissions``: rules grouped by protocol and port range, as EC2 answers."""
    grouped: dict[tuple, dict] = {}
    for r in rules:
        perm = grouped.setdefault((r.protocol, r.from_port, r.to_port), {
            "IpProtocol": r.protocol, "IpRanges": [], "Ipv6Ranges": [],
            "UserIdGroupPairs": [], "PrefixListIds": []})
        if r.from_port is not None:
            perm["FromPort"], perm["ToPort"] = r.from_port, r.to_port
        extra = {"Description": r.description} if r.description else {}
        if r.kind == "cidr":
            perm["IpRanges"].append({"CidrIp": r.source, **extra})
        elif r.kind == "cidr6":
            perm["Ipv6Ranges"].append({"CidrIpv6": r.source, **extra})
        else:
            perm["UserIdGroupPairs"].append({"GroupId": r.source, **extra})
    return list(grouped.values())


def group_dict(group: SecurityGroup) -> dict:
    out = {"GroupId": group.group_id, "GroupName": group.name,
           "Description": group.description, "OwnerId": group.owner_id,
           "VpcId": group.vpc_id, "SecurityGroupArn": group.arn,
           "IpPermissions": permissions(group.ingress),
           "IpPermissionsEgress": permissions(group.egress)}
    if group.tags:
        out["Tags"] = tag_list(group.tags)
    return out


def requested_rules(p: dict) -> list[Rule]:
    """The rules of an Authorize/Revoke request (``IpPermissions`` or the flat form)."""
    perms = list(p.get("IpPermissions") or [])
    if p.get("CidrIp") or p.get("IpProtocol"):
        perms.append({"IpProtocol": p.get("IpProtocol", "-1"), "FromPort": p.get("FromPort"),
                      "ToPort": p.get("ToPort"),
                      "IpRanges": [{"CidrIp": p["CidrIp"]}] if p.get("CidrIp") else []})
    if not perms:
        raise errors.MissingParameter("No inbound rule given.")
    return [rule for perm in perms for rule in _rules(perm)]


def _rules(perm: dict) -> list[Rule]:
    proto = PROTOCOLS.get(str(perm.get("IpProtocol", "")).lower())
    if proto is None:
        raise InvalidPermissionMalformed(
            f"Invalid IP protocol: {perm.get('IpProtocol')!r}; expecting tcp, udp, icmp or -1")
    lo, hi = perm.get("FromPort"), perm.get("ToPort")
    if proto in ("tcp", "udp"):
        if lo is None or hi is None or not 0 <= lo <= hi <= 65535:
            raise errors.InvalidParameterValue(
                f"Invalid value for portRange. Must specify both from and to ports with "
                f"TCP/UDP. ({lo}, {hi})" if lo is None or hi is None else
                f"Invalid TCP/UDP port range ({lo}, {hi}); expecting 0-65535, from <= to.")
    else:
        lo = hi = None if proto == "-1" else lo
    out = [Rule(proto, lo, hi, "cidr", _cidr(r["CidrIp"]), r.get("Description"))
           for r in perm.get("IpRanges") or []]
    out += [Rule(proto, lo, hi, "cidr6", r["CidrIpv6"], r.get("Description"))
            for r in perm.get("Ipv6Ranges") or []]
    out += [Rule(proto, lo, hi, "group", r["GroupId"], r.get("Description"))
            for r in perm.get("UserIdGroupPairs") or [] if r.get("GroupId")]
    if not out:
        raise errors.MissingParameter("Each rule needs a source: IpRanges, Ipv6Ranges or "
                                      "UserIdGroupPairs.")
    return out


def _cidr(value: str) -> str:
    import ipaddress
    try:
        return str(ipaddress.IPv4Network(value, strict=False))
    except ValueError:
        raise errors.InvalidParameterValue(
            f"CIDR block {value} is malformed") from None


def _describe_rule(group: SecurityGroup, rule: Rule, rule_id: str, egress: bool) -> dict:
    out = {"SecurityGroupRuleId": rule_id, "GroupId": group.group_id,
           "GroupOwnerId": group.owner_id, "IsEgress": egress, "IpProtocol": rule.protocol,
           "FromPort": -1 if rule.from_port is None else rule.from_port,
           "ToPort": -1 if rule.to_port is None else rule.to_port}
    key = {"cidr": "CidrIpv4", "cidr6": "CidrIpv6"}.get(rule.kind)
    if key:
        out[key] = rule.source
    else:
        out["ReferencedGroupInfo"] = {"GroupId": rule.source, "UserId": group.owner_id}
    if rule.description:
        out["Description"] = rule.description
    return out


def _tags(p: dict, kind: str) -> dict:
    return {t["Key"]: t.get("Value", "") for spec in p.get("TagSpecifications") or []
            if spec.get("ResourceType") == kind for t in spec.get("Tags") or []}


@OPERATIONS("CreateSecurityGroup")
def create_security_group(call, p):
    dry_run(p)
    state = call.state()
    name = p["GroupName"]
    vpc = p.get("VpcId") or state.vpc_id
    if vpc != state.vpc_id:
        raise error_class("InvalidVpcID.NotFound")(f"The vpc ID '{vpc}' does not exist")
    if name.lower() == "default":
        raise InvalidGroupReserved("The security group 'default' is reserved")
    if any(g.name == name for g in groups(state).values()):
        raise InvalidGroupDuplicate(
            f"The security group '{name}' already exists for VPC '{vpc}'")
    group = SecurityGroup(call.lab.ids.resource("sg"), name, p["Description"], vpc,
                          call.account_id, call.region, tags=_tags(p, "security-group"))
    group.egress.append(Rule("-1", None, None, "cidr", "0.0.0.0/0"))
    state.security_groups[group.group_id] = group
    out = {"GroupId": group.group_id, "SecurityGroupArn": group.arn}
    if group.tags:
        out["Tags"] = tag_list(group.tags)
    return out


@OPERATIONS("DescribeSecurityGroups")
def describe_security_groups(call, p):
    dry_run(p)
    state = call.state()
    wanted = [find_group(state, group_id=i) for i in p.get("GroupIds") or []]
    wanted += [find_group(state, name=n) for n in p.get("GroupNames") or []]
    match = compile_filters(p.get("Filters"), GROUP_FILTERS, tags=lambda g: g.tags)
    found = [g for g in (wanted or groups(state).values()) if match(g)]
    page, token = paginate([group_dict(g) for g in found], p.get("NextToken"),
                           p.get("MaxResults") or 1000, "sg", errors.InvalidNextToken)
    return {"SecurityGroups": page, "NextToken": token}


GROUP_FILTERS = {
    "group-id": lambda g: [g.group_id], "group-name": lambda g: [g.name],
    "vpc-id": lambda g: [g.vpc_id], "owner-id": lambda g: [g.owner_id],
    "description": lambda g: [g.description],
    "ip-permission.cidr": lambda g: [r.source for r in g.ingress if r.kind == "cidr"],
    "ip-permission.from-port": lambda g: [str(r.from_port) for r in g.ingress],
    "ip-permission.to-port": lambda g: [str(r.to_port) for r in g.ingress],
    "ip-permission.protocol": lambda g: [r.protocol for r in g.ingress],
}


@OPERATIONS("AuthorizeSecurityGroupIngress")
def authorize_security_group_ingress(call, p):
    dry_run(p)
    group = find_group(call.state(), p.get("GroupId"), p.get("GroupName"))
    new = requested_rules(p)
    for rule in new:
        if rule in group.ingress or new.count(rule) > 1:
            peer = rule.source
            ports = ("ALL" if rule.protocol == "-1" else
                     f"{rule.protocol.upper()}, from port: {rule.from_port}, "
                     f"to port: {rule.to_port}")
            raise InvalidPermissionDuplicate(
                f'the specified rule "peer: {peer}, {ports}, ALLOW" already exists')
    if len(group.ingress) + len(new) > MAX_RULES:
        raise RulesPerGroupLimitExceeded(
            "The maximum number of rules per security group has been reached.")
    group.ingress.extend(new)
    rules = [_describe_rule(group, r, call.lab.ids.resource("sgr"), False) for r in new]
    return {"Return": True, "SecurityGroupRules": rules}


@OPERATIONS("RevokeSecurityGroupIngress")
def revoke_security_group_ingress(call, p):
    dry_run(p)
    group = find_group(call.state(), p.get("GroupId"), p.get("GroupName"))
    asked = requested_rules(p)
    unknown = [r for r in asked if r not in group.ingress]
    group.ingress = [r for r in group.ingress if r not in asked]
    out = {"Return": not unknown}
    if unknown:
        out["UnknownIpPermissions"] = permissions(unknown)
    return out


@OPERATIONS("DeleteSecurityGroup")
def delete_security_group(call, p):
    dry_run(p)
    state = call.state()
    group = find_group(state, p.get("GroupId"), p.get("GroupName"))
    if group.group_id == state.security_group_id:
        raise CannotDelete(f'the specified group: "{group.group_id}" name: "default" '
                           "cannot be deleted by a user")
    if any(group.group_id in users for users in dependents(call.lab, state)):
        raise DependencyViolation(f"resource {group.group_id} has a dependent object")
    del state.security_groups[group.group_id]
    return {"Return": True, "GroupId": group.group_id}


#: Functions ``fn(lab, ec2_state) -> iterable of sets of group IDs in use`` (load
#: balancers register one so a group they use cannot be deleted).
DEPENDENTS: list = []


def dependents(lab, state):
    """Sets of group IDs in use by other resources (rules of other groups included)."""
    yield {r.source for g in groups(state).values() for r in g.ingress if r.kind == "group"
           and g.group_id != r.source}
    for fn in DEPENDENTS:
        yield from fn(lab, state)

