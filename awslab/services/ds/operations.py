"""Directory Service operations: Simple AD (CreateDirectory), AWS Managed Microsoft AD
(CreateMicrosoftAD), AD Connector (ConnectDirectory), trusts (CreateTrust,
DescribeTrusts), DescribeDirectories and DeleteDirectory.

Directories move ``Requested -> Creating -> Active`` on the lab's clock
(:data:`.capabilities.STAGE_MINUTES`); an AD Connector that cannot reach the on-premises
domain's DNS servers, or whose service account cannot sign in, ends ``Failed`` with the
reason. Trusts move ``Creating -> Created -> Verifying -> Verified`` (or ``VerifyFailed``
when the remote domain is not reachable). Only AWS Managed Microsoft AD has trusts.
"""
from __future__ import annotations

import re
from datetime import timedelta

from awslab.bridge.pagination import paginate
from awslab.bridge.registry import Operations
from awslab.services.ds import errors
from awslab.services.ds.capabilities import LIMITS, STAGE_MINUTES
from awslab.services.ds.state import Directory, Trust
from awslab.services.idp import onprem

OPERATIONS = Operations("ds", validation_code="InvalidParameterException")
TRUST_SECONDS = (60, 120, 180)      # Creating -> Created -> Verifying -> verdict
PAGE = 100


def find(state, directory_id: str) -> Directory:
    found = state.directories.get(directory_id)
    if found is None:
        raise errors.EntityDoesNotExistException(f"Directory {directory_id} does not exist.")
    return found


def _check_password(password: str) -> None:
    kinds = sum(bool(re.search(p, password)) for p in (r"[a-z]", r"[A-Z]", r"[0-9]",
                                                       r"[^a-zA-Z0-9]"))
    if not 8 <= len(password) <= 64 or kinds < 3 or "admin" in password.lower():
        raise errors.InvalidParameterException(
            "Invalid directory password. The password must be 8 to 64 characters long, "
            "contain characters from three of these categories: lowercase, uppercase, "
            "digits, non-alphanumeric; and must not contain the word admin.")


def _check_subnets(call, vpc_id: str, subnet_ids: list) -> None:
    if len(subnet_ids) != 2 or len(set(subnet_ids)) != 2:
        raise errors.InvalidParameterException(
            "Invalid subnet ID(s). They must correspond to two subnets in different "
            "Availability Zones.")
    subnets = getattr(call.state("ec2"), "subnets", None)
    if subnets:
        found = [subnets.get(s) for s in subnet_ids]
        if None in found or any(getattr(s, "vpc_id", vpc_id) != vpc_id for s in found):
            raise errors.InvalidParameterException(
                f"Invalid subnet ID(s): {', '.join(subnet_ids)} must exist in {vpc_id}.")
        if len({getattr(s, "availability_zone", s) for s in found}) != 2:
            raise errors.InvalidParameterException(
                "Invalid subnet ID(s). They must correspond to two subnets in different "
                "Availability Zones.")


def _check_limit(state, kind: str) -> None:
    if sum(d.type == kind for d in state.directories.values()) >= LIMITS[kind]:
        raise errors.DirectoryLimitExceededException(
            f"The maximum number of {kind} directories ({LIMITS[kind]}) in this Region "
            "has been reached.")


def _new(call, kind: str, p: dict, vpc: dict, **extra) -> dict:
    state = call.state()
    _check_limit(state, kind)
    _check_subnets(call, vpc["VpcId"], vpc["SubnetIds"])
    lab = call.lab
    base = f"10.0.{len(state.directories)}"
    directory = Directory(f"d-{lab.ids.hex(10)}", kind, p["Name"],
                          p.get("ShortName") or p["Name"].split(".", 1)[0].upper(),
                          call.now.replace(microsecond=0), vpc["VpcId"],
                          list(vpc["SubnetIds"]), description=p.get("Description"),
                          dns_ips=[f"{base}.{10 + n}" for n in (0, 1)],
                          tags={t["Key"]: t["Value"] for t in p.get("Tags") or []}, **extra)
    directory.stage_updated = directory.launched
    state.directories[directory.directory_id] = directory
    _schedule(lab, directory)
    return {"DirectoryId": directory.directory_id}


def _set_stage(lab, directory: Directory, stage: str, reason: str | None = None) -> None:
    directory.stage, directory.stage_reason = stage, reason
    directory.stage_updated = lab.now.replace(microsecond=0)


def _connector_problem(lab, d: Directory) -> str | None:
    domain = onprem.reachable(lab, d.name, d.customer_dns_ips)
    if domain is None:
        return (f"Connectivity issues detected: the DNS servers {', '.join(d.customer_dns_ips)}"
                f" do not answer for {d.name}. Check the VPN or Direct Connect link and the "
                "security groups.")
    if d.customer_user.lower().split("\\")[-1] not in domain.users:
        return f"Authentication failed: the service account {d.customer_user} was not found."
    return None


def _schedule(lab, directory: Directory) -> None:
    first, active = STAGE_MINUTES[directory.type]

    def creating(_):
        if directory.stage == "Requested":
            _set_stage(lab, directory, "Creating")

    def done(_):
        if directory.stage != "Creating":
            return
        problem = _connector_problem(lab, directory) if directory.type == "ADConnector" \
            else None
        _set_stage(lab, directory, "Failed" if problem else "Active", problem)
    directory.jobs = [
        lab.clock.at(lab.now + timedelta(minutes=first), creating,
                     name=f"ds {directory.directory_id} Creating"),
        lab.clock.at(lab.now + timedelta(minutes=first + active), done,
                     name=f"ds {directory.directory_id} Active")]


@OPERATIONS("CreateDirectory")
def create_directory(call, p):
    if not p.get("VpcSettings"):
        raise errors.InvalidParameterException("VpcSettings is required for Simple AD.")
    _check_password(p["Password"])
    return _new(call, "SimpleAD", p, p["VpcSettings"], size=p["Size"])


@OPERATIONS("CreateMicrosoftAD")
def create_microsoft_ad(call, p):
    _check_password(p["Password"])
    if p.get("Edition") == "Hybrid":
        raise errors.InvalidParameterException(
            "awslab does not simulate Hybrid Edition directories; use Standard or "
            "Enterprise.")
    return _new(call, "MicrosoftAD", p, p["VpcSettings"],
                edition=p.get("Edition") or "Enterprise")


@OPERATIONS("ConnectDirectory")
def connect_directory(call, p):
    settings = p["ConnectSettings"]
    if not settings.get("CustomerDnsIps"):
        raise errors.InvalidParameterException(
            "CustomerDnsIps: the IP addresses of the on-premises DNS servers are required.")
    return _new(call, "ADConnector", p, settings, size=p["Size"],
                customer_dns_ips=list(settings["CustomerDnsIps"]),
                customer_user=settings["CustomerUserName"])


def directory_dict(call, d: Directory) -> dict:
    azs = [f"{call.region}{letter}" for letter in "ab"]
    out = {"DirectoryId": d.directory_id, "Name": d.name, "ShortName": d.short_name,
           "Type": d.type, "Stage": d.stage, "LaunchTime": d.launched,
           "StageLastUpdatedDateTime": d.stage_updated, "DnsIpAddrs": list(d.dns_ips),
           "SsoEnabled": False, "AccessUrl": f"{d.directory_id}.awsapps.com"}
    for key, value in (("Description", d.description), ("Size", d.size),
                       ("Edition", d.edition), ("StageReason", d.stage_reason)):
        if value:
            out[key] = value
    if d.type == "MicrosoftAD":
        out["DesiredNumberOfDomainControllers"] = 2
    vpc = {"VpcId": d.vpc_id, "SubnetIds": list(d.subnet_ids), "AvailabilityZones": azs,
           "SecurityGroupId": f"sg-0{d.directory_id[2:]}abcdef"}
    if d.type == "ADConnector":
        out["ConnectSettings"] = {**vpc, "CustomerUserName": d.customer_user,
                                  "ConnectIps": list(d.dns_ips)}
        out["DnsIpAddrs"] = list(d.customer_dns_ips)
    else:
        out["VpcSettings"] = vpc
    return out


@OPERATIONS("DescribeDirectories")
def describe_directories(call, p):
    state = call.state()
    ids = p.get("DirectoryIds")
    items = [find(state, i) for i in ids] if ids else list(state.directories.values())
    chunk, token = paginate([directory_dict(call, d) for d in items], p.get("NextToken"),
                            p.get("Limit") or PAGE, "DescribeDirectories",
                            errors.InvalidNextTokenException)
    return {"DirectoryDescriptions": chunk, **({"NextToken": token} if token else {})}


@OPERATIONS("DeleteDirectory")
def delete_directory(call, p):
    state = call.state()
    directory = find(state, p["DirectoryId"])
    for job in directory.jobs:
        job.cancel()
    del state.directories[directory.directory_id]
    return {"DirectoryId": directory.directory_id}


def _schedule_trust(lab, directory: Directory, trust: Trust) -> None:
    def step(state):
        def run(_):
            if trust.trust_id not in directory.trusts:
                return
            if state == "Verdict":
                reachable = onprem.reachable(lab, trust.remote_domain) is not None
                trust.state = "Verified" if reachable else "VerifyFailed"
                trust.reason = None if reachable else (
                    f"The remote domain {trust.remote_domain} could not be contacted: check "
                    "DNS conditional forwarders, the network path and the trust password.")
            else:
                trust.state = state
            trust.updated = lab.now.replace(microsecond=0)
        return run
    for seconds, state in zip(TRUST_SECONDS, ("Created", "Verifying", "Verdict")):
        lab.clock.at(lab.now + timedelta(seconds=seconds), step(state),
                     name=f"ds trust {trust.trust_id} {state}")


@OPERATIONS("CreateTrust")
def create_trust(call, p):
    directory = find(call.state(), p["DirectoryId"])
    if directory.type != "MicrosoftAD":
        raise errors.UnsupportedOperationException(
            f"Trusts are not supported for {directory.type} directories; only AWS Managed "
            "Microsoft AD can trust another domain.")
    if directory.stage != "Active":
        raise errors.ClientException(f"Directory {directory.directory_id} is in the "
                                     f"{directory.stage} stage; it must be Active.")
    if any(t.remote_domain.lower() == p["RemoteDomainName"].lower()
           for t in directory.trusts.values()):
        raise errors.EntityAlreadyExistsException(
            f"A trust with {p['RemoteDomainName']} already exists.")
    trust = Trust(f"t-{call.lab.ids.hex(10)}", p["RemoteDomainName"], p["TrustDirection"],
                  p.get("TrustType") or "Forest", p.get("SelectiveAuth") or "Disabled",
                  call.now.replace(microsecond=0))
    trust.updated = trust.created
    directory.trusts[trust.trust_id] = trust
    _schedule_trust(call.lab, directory, trust)
    return {"TrustId": trust.trust_id}


@OPERATIONS("DescribeTrusts")
def describe_trusts(call, p):
    state = call.state()
    directories = [find(state, p["DirectoryId"])] if p.get("DirectoryId") else \
        list(state.directories.values())
    trusts = [(d, t) for d in directories for t in d.trusts.values()
              if not p.get("TrustIds") or t.trust_id in p["TrustIds"]]
    items = [{"DirectoryId": d.directory_id, "TrustId": t.trust_id,
              "RemoteDomainName": t.remote_domain, "TrustType": t.trust_type,
              "TrustDirection": t.direction, "TrustState": t.state,
              "CreatedDateTime": t.created, "LastUpdatedDateTime": t.updated,
              "StateLastUpdatedDateTime": t.updated, "SelectiveAuth": t.selective_auth,
              **({"TrustStateReason": t.reason} if t.reason else {})} for d, t in trusts]
    chunk, token = paginate(items, p.get("NextToken"), p.get("Limit") or PAGE,
                            "DescribeTrusts", errors.InvalidNextTokenException)
    return {"Trusts": chunk, **({"NextToken": token} if token else {})}
