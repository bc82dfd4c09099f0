"""License configurations: create, get, list, delete."""
from __future__ import annotations

from awslab.bridge.pagination import paginate
from awslab.bridge.registry import Operations
from awslab.errors import error_class

OPERATIONS = Operations("license-manager", validation_code="ValidationException")
InvalidParameterValueException = error_class("InvalidParameterValueException")
AuthorizationException = error_class("AuthorizationException")
COUNTING_TYPES = ("vCPU", "Instance", "Core", "Socket")


def config_dict(c) -> dict:
    out = {"LicenseConfigurationId": c.id, "LicenseConfigurationArn": c.arn, "Name": c.name,
           "Description": c.description, "LicenseCountingType": c.counting_type,
           "LicenseRules": list(c.rules), "LicenseCountHardLimit": c.hard_limit,
           "ConsumedLicenses": 0, "Status": "AVAILABLE", "OwnerAccountId": c.owner,
           "ConsumedLicenseSummaryList": [], "ManagedResourceSummaryList": []}
    if c.count is not None:
        out["LicenseCount"] = c.count
    return out


def find(state, arn: str):
    found = state.configurations.get(arn) or state.shared_configurations.get(arn)
    if found is None:
        raise InvalidParameterValueException(
            f"License configuration {arn} does not exist.")
    return found


@OPERATIONS("CreateLicenseConfiguration")
def create(call, p):
    from awslab.services.license_manager.state import LicenseConfiguration
    if p["LicenseCountingType"] not in COUNTING_TYPES:
        raise InvalidParameterValueException(
            f"LicenseCountingType must be one of {', '.join(COUNTING_TYPES)}")
    cid = f"lic-{call.lab.ids.hex(32)}"
    arn = f"arn:aws:license-manager:{call.region}:{call.account_id}:license-configuration:{cid}"
    config = LicenseConfiguration(cid, arn, call.account_id, p["Name"],
                                  p["LicenseCountingType"], p.get("Description", ""),
                                  p.get("LicenseCount"), p.get("LicenseCountHardLimit", False),
                                  list(p.get("LicenseRules") or []),
                                  {t["Key"]: t["Value"] for t in p.get("Tags") or []})
    call.state().configurations[arn] = config
    return {"LicenseConfigurationArn": arn}


@OPERATIONS("GetLicenseConfiguration")
def get(call, p):
    config = find(call.state(), p["LicenseConfigurationArn"])
    out = config_dict(config)
    if config.owner == call.account_id and config.tags:
        out["Tags"] = [{"Key": k, "Value": v} for k, v in config.tags.items()]
    return out


@OPERATIONS("ListLicenseConfigurations")
def list_configurations(call, p):
    if p.get("Filters"):
        raise InvalidParameterValueException("awslab does not simulate these filters.")
    state = call.state()
    items = [*state.configurations.values(), *state.shared_configurations.values()]
    wanted = p.get("LicenseConfigurationArns")
    if wanted:
        items = [c for c in items if c.arn in wanted]
    page, token = paginate([config_dict(c) for c in items], p.get("NextToken"),
                           p.get("MaxResults") or 100, f"lc/{wanted}",
                           InvalidParameterValueException)
    out = {"LicenseConfigurations": page}
    if token:
        out["NextToken"] = token
    return out


@OPERATIONS("DeleteLicenseConfiguration")
def delete(call, p):
    state = call.state()
    config = find(state, p["LicenseConfigurationArn"])
    if config.owner != call.account_id:
        raise AuthorizationException(
            f"The license configuration is shared with you by account {config.owner}; "
            f"only its owner can delete it.")
    del state.configurations[config.arn]
    return {}
