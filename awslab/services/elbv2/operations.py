"""ELBv2 operations: load balancers, target groups, listeners."""
from __future__ import annotations

from datetime import timedelta

from awslab.bridge.pagination import paginate
from awslab.bridge.registry import Operations
from awslab.services.elbv2 import errors
from awslab.services.elbv2.state import Listener, LoadBalancer, TargetGroup
from awslab.services.elbv2.views import listener_dict, load_balancer_dict, target_group_dict

OPERATIONS = Operations("elbv2", validation_code="ValidationError")
ACTIVE_AFTER = timedelta(minutes=2)
DEFAULT_SSL_POLICY = "ELBSecurityPolicy-2016-08"
PROTOCOLS = ("HTTP", "HTTPS")


def _ec2(call):
    return call.lab.state("ec2", call.account_id, call.region)


def _find(collection: dict, arn: str, error):
    found = collection.get(arn)
    if found is None:
        raise error()
    return found


def _security_groups(call, ids: list | None) -> list:
    from awslab.services.ec2.operations.security_groups import groups
    known = groups(_ec2(call))
    ids = ids or [_ec2(call).security_group_id]
    for gid in ids:
        if gid not in known:
            raise errors.InvalidSecurityGroup(f"One or more security groups are invalid: "
                                              f"{gid}")
    return list(ids)


def _zones(call, subnets: list | None) -> list:
    state = _ec2(call)
    subnets = subnets or []
    for sid in subnets:
        if sid not in state.subnets:
            raise errors.SubnetNotFound(f"The subnet ID '{sid}' is not valid")
    zones = [(state.subnets[s].availability_zone, s) for s in subnets]
    if len({z for z, _ in zones}) < 2:
        raise errors.ValidationError("At least two subnets in two different Availability "
                                     "Zones must be specified")
    return zones


@OPERATIONS("CreateLoadBalancer")
def create_load_balancer(call, p):
    state = call.state()
    name = p["Name"]
    if p.get("Type", "application") != "application":
        raise errors.UnsupportedProtocol("awslab simulates Application Load Balancers only "
                                         "(Type='application').")
    if any(lb.name == name for lb in state.load_balancers.values()):
        raise errors.DuplicateLoadBalancerName("A load balancer with the same name "
                                               f"'{name}' exists")
    zones = _zones(call, p.get("Subnets"))
    groups = _security_groups(call, p.get("SecurityGroups"))
    suffix = call.lab.ids.hex(16)
    scheme = p.get("Scheme", "internet-facing")
    dns = f"{'internal-' if scheme == 'internal' else ''}{name}-{int(suffix[:9], 16)}." \
          f"{call.region}.elb.amazonaws.com"
    lb = LoadBalancer(f"arn:aws:elasticloadbalancing:{call.region}:{call.account_id}:"
                      f"loadbalancer/app/{name}/{suffix}", name, dns, call.now, scheme,
                      "application", _ec2(call).vpc_id, zones, groups,
                      {t["Key"]: t.get("Value", "") for t in p.get("Tags") or []})
    state.load_balancers[lb.arn] = lb

    def active(_t, lb=lb):
        lb.state = "active"
    call.lab.clock.at(call.now + ACTIVE_AFTER, active, name=f"elbv2 {name} active")
    return {"LoadBalancers": [load_balancer_dict(lb)]}


@OPERATIONS("DescribeLoadBalancers")
def describe_load_balancers(call, p):
    state = call.state()
    lbs = list(state.load_balancers.values())
    if p.get("LoadBalancerArns"):
        lbs = [_find(state.load_balancers, a, errors.LoadBalancerNotFound)
               for a in p["LoadBalancerArns"]]
    if p.get("Names"):
        by_name = {lb.name: lb for lb in lbs}
        missing = [n for n in p["Names"] if n not in by_name]
        if missing:
            raise errors.LoadBalancerNotFound(
                f"Load balancers '[{', '.join(missing)}]' not found")
        lbs = [by_name[n] for n in p["Names"]]
    page, token = paginate([load_balancer_dict(lb) for lb in lbs], p.get("Marker"),
                           p.get("PageSize") or 400, "lbs", errors.ValidationError)
    return {"LoadBalancers": page, "NextMarker": token}


@OPERATIONS("DeleteLoadBalancer")
def delete_load_balancer(call, p):
    state = call.state()
    lb = state.load_balancers.pop(p["LoadBalancerArn"], None)
    if lb is not None:
        for arn in [a for a, li in state.listeners.items() if li.lb_arn == lb.arn]:
            del state.listeners[arn]
    return {}


@OPERATIONS("SetSecurityGroups")
def set_security_groups(call, p):
    lb = _find(call.state().load_balancers, p["LoadBalancerArn"], errors.LoadBalancerNotFound)
    lb.security_groups = _security_groups(call, p["SecurityGroups"])
    return {"SecurityGroupIds": list(lb.security_groups)}


@OPERATIONS("CreateTargetGroup")
def create_target_group(call, p):
    state = call.state()
    name = p["Name"]
    if any(tg.name == name for tg in state.target_groups.values()):
        raise errors.DuplicateTargetGroupName()
    if p.get("Protocol", "HTTP") not in PROTOCOLS:
        raise errors.UnsupportedProtocol(f"Protocol '{p.get('Protocol')}' is not supported")
    tg = TargetGroup(f"arn:aws:elasticloadbalancing:{call.region}:{call.account_id}:"
                     f"targetgroup/{name}/{call.lab.ids.hex(16)}", name,
                     p.get("Protocol", "HTTP"), p.get("Port", 80),
                     p.get("VpcId") or _ec2(call).vpc_id, p.get("TargetType", "instance"),
                     tags={t["Key"]: t.get("Value", "") for t in p.get("Tags") or []})
    state.target_groups[tg.arn] = tg
    return {"TargetGroups": [target_group_dict(tg, [])]}


def _lbs_of(state, tg_arn: str) -> list:
    return sorted({li.lb_arn for li in state.listeners.values()
                   for a in li.actions if a.get("TargetGroupArn") == tg_arn})


@OPERATIONS("DescribeTargetGroups")
def describe_target_groups(call, p):
    state = call.state()
    tgs = list(state.target_groups.values())
    if p.get("TargetGroupArns"):
        tgs = [_find(state.target_groups, a, errors.TargetGroupNotFound)
               for a in p["TargetGroupArns"]]
    if p.get("Names"):
        tgs = [tg for tg in tgs if tg.name in p["Names"]]
        if len(tgs) != len(set(p["Names"])):
            raise errors.TargetGroupNotFound()
    if p.get("LoadBalancerArn"):
        tgs = [tg for tg in tgs if p["LoadBalancerArn"] in _lbs_of(state, tg.arn)]
    return {"TargetGroups": [target_group_dict(tg, _lbs_of(state, tg.arn)) for tg in tgs]}


@OPERATIONS("DeleteTargetGroup")
def delete_target_group(call, p):
    state = call.state()
    if _lbs_of(state, p["TargetGroupArn"]):
        raise errors.ResourceInUse(f"Target group '{p['TargetGroupArn']}' is currently in "
                                   "use by a listener or a rule")
    state.target_groups.pop(p["TargetGroupArn"], None)
    return {}


def _listener_settings(call, protocol: str, certificates, actions) -> tuple:
    """Checked (protocol, certificate ARNs, actions, ssl policy) of a listener."""
    from awslab.services.acm import find_certificate
    state = call.state()
    if protocol not in PROTOCOLS:
        raise errors.UnsupportedProtocol(f"Protocol '{protocol}' is not supported by an "
                                         "Application Load Balancer")
    arns = [c["CertificateArn"] for c in certificates or [] if c.get("CertificateArn")]
    if protocol == "HTTPS" and not arns:
        raise errors.ValidationError("A certificate must be specified for HTTPS listeners")
    if protocol == "HTTP" and arns:
        raise errors.InvalidConfigurationRequest(
            "Certificates are only supported for HTTPS listeners")
    for arn in arns:
        cert = find_certificate(call.lab, arn) if ":acm:" in arn else None
        if cert is None or cert.status != "ISSUED":
            raise errors.CertificateNotFound(f"Certificate '{arn}' not found")
    for action in actions:
        if action.get("Type") == "forward" and action.get("TargetGroupArn"):
            _find(state.target_groups, action["TargetGroupArn"], errors.TargetGroupNotFound)
    return arns, [dict(a) for a in actions]


@OPERATIONS("CreateListener")
def create_listener(call, p):
    state = call.state()
    lb = _find(state.load_balancers, p["LoadBalancerArn"], errors.LoadBalancerNotFound)
    protocol, port = p.get("Protocol", "HTTP"), p.get("Port", 80)
    if any(li.lb_arn == lb.arn and li.port == port for li in state.listeners.values()):
        raise errors.DuplicateListener()
    arns, actions = _listener_settings(call, protocol, p.get("Certificates"),
                                       p["DefaultActions"])
    li = Listener(f"{lb.arn.replace(':loadbalancer/', ':listener/')}/{call.lab.ids.hex(16)}",
                  lb.arn, protocol, port, actions, arns,
                  p.get("SslPolicy") or (DEFAULT_SSL_POLICY if protocol == "HTTPS" else None))
    state.listeners[li.arn] = li
    return {"Listeners": [listener_dict(li)]}


@OPERATIONS("ModifyListener")
def modify_listener(call, p):
    state = call.state()
    li = _find(state.listeners, p["ListenerArn"], errors.ListenerNotFound)
    protocol = p.get("Protocol") or li.protocol
    certs = p.get("Certificates")
    if certs is None and protocol == "HTTPS":
        certs = [{"CertificateArn": a} for a in li.certificates]
    port = p.get("Port") or li.port
    if port != li.port and any(o.lb_arn == li.lb_arn and o.port == port
                               for o in state.listeners.values()):
        raise errors.DuplicateListener()
    arns, actions = _listener_settings(call, protocol, certs,
                                       p.get("DefaultActions") or li.actions)
    li.protocol, li.port, li.certificates, li.actions = protocol, port, arns, actions
    li.ssl_policy = (p.get("SslPolicy") or li.ssl_policy or DEFAULT_SSL_POLICY) \
        if protocol == "HTTPS" else None
    return {"Listeners": [listener_dict(li)]}


@OPERATIONS("DescribeListeners")
def describe_listeners(call, p):
    state = call.state()
    if p.get("ListenerArns"):
        found = [_find(state.listeners, a, errors.ListenerNotFound) for a in p["ListenerArns"]]
    elif p.get("LoadBalancerArn"):
        _find(state.load_balancers, p["LoadBalancerArn"], errors.LoadBalancerNotFound)
        found = [li for li in state.listeners.values() if li.lb_arn == p["LoadBalancerArn"]]
    else:
        raise errors.ValidationError("You must specify either listener ARNs or a load "
                                     "balancer ARN")
    page, token = paginate([listener_dict(li) for li in found], p.get("Marker"),
                           p.get("PageSize") or 400, "listeners", errors.ValidationError)
    return {"Listeners": page, "NextMarker": token}


@OPERATIONS("DeleteListener")
def delete_listener(call, p):
    state = call.state()
    _find(state.listeners, p["ListenerArn"], errors.ListenerNotFound)
    del state.listeners[p["ListenerArn"]]
    return {}


def _groups_in_use(lab, ec2_state):
    """Security groups used by load balancers (EC2 refuses to delete them)."""
    if (ec2_state.account_id, ec2_state.region) in [k for k, _ in lab.states("elbv2")]:
        state = lab.state("elbv2", ec2_state.account_id, ec2_state.region)
        yield {g for lb in state.load_balancers.values() for g in lb.security_groups}


def _register_dependents() -> None:
    from awslab.services.ec2.operations.security_groups import DEPENDENTS
    if _groups_in_use not in DEPENDENTS:
        DEPENDENTS.append(_groups_in_use)


_register_dependents()
