"""AWS Certificate Manager, minimal: public certificates for load-balancer listeners.

RequestCertificate answers ``PENDING_VALIDATION``; the lab's DNS validation completes one
minute later on the simulated clock (``ISSUED``, valid 395 days). DescribeCertificate
shows ``InUseBy`` (the load balancers whose listeners use it); a certificate in use cannot
be deleted. Imported and private certificates are not simulated.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from awslab.bridge.pagination import paginate
from awslab.bridge.registry import Operations
from awslab.errors import error_class

GLOBAL = False
OPERATIONS = Operations("acm", validation_code="ValidationException")
ResourceNotFoundException = error_class("ResourceNotFoundException")
ResourceInUseException = error_class("ResourceInUseException")
InvalidArnException = error_class("InvalidArnException")
InvalidDomainValidationOptionsException = error_class(
    "InvalidDomainValidationOptionsException")
VALIDATION_DELAY = timedelta(minutes=1)
VALIDITY = timedelta(days=395)

__all__ = ["OPERATIONS", "State", "certificate_dict", "find_certificate"]


@dataclass
class Certificate:
    arn: str
    domain: str
    sans: list
    created: datetime
    token: str
    status: str = "PENDING_VALIDATION"
    issued: datetime | None = None
    tags: dict = field(default_factory=dict)


class State:
    """Certificates of one account in one region."""

    def __init__(self, account_id: str, region: str):
        self.account_id = account_id
        self.region = region
        self.certificates: dict[str, Certificate] = {}


def find_certificate(lab, arn: str) -> Certificate | None:
    parts = arn.split(":")
    if len(parts) != 6 or parts[2] != "acm" or parts[4] not in lab.accounts:
        return None
    return lab.state("acm", parts[4], parts[3]).certificates.get(arn)


def _find(call, arn: str) -> Certificate:
    parts = arn.split(":")
    if len(parts) != 6 or parts[2] != "acm":
        raise InvalidArnException(f"String '{arn}' is not a valid ARN")
    cert = find_certificate(call.lab, arn)
    if cert is None:
        raise ResourceNotFoundException(f"Could not find certificate {arn}.")
    return cert


def in_use_by(lab, cert: Certificate) -> list[str]:
    """The load balancers whose listeners use ``cert``."""
    parts = cert.arn.split(":")
    elbv2 = lab.state("elbv2", parts[4], parts[3])
    return sorted({li.lb_arn for li in elbv2.listeners.values() if cert.arn in li.certificates})


def certificate_dict(lab, cert: Certificate) -> dict:
    record = {"Name": f"_{cert.token[:32]}.{cert.domain}.", "Type": "CNAME",
              "Value": f"_{cert.token[32:]}.acm-validations.aws."}
    out = {"CertificateArn": cert.arn, "DomainName": cert.domain,
           "SubjectAlternativeNames": [cert.domain] + cert.sans, "Status": cert.status,
           "Type": "AMAZON_ISSUED", "CreatedAt": cert.created, "KeyAlgorithm": "RSA-2048",
           "SignatureAlgorithm": "SHA256WITHRSA", "InUseBy": in_use_by(lab, cert),
           "RenewalEligibility": "ELIGIBLE" if cert.status == "ISSUED" else "INELIGIBLE",
           "DomainValidationOptions": [{
               "DomainName": d, "ValidationDomain": d, "ValidationMethod": "DNS",
               "ValidationStatus": "SUCCESS" if cert.status == "ISSUED" else
               "PENDING_VALIDATION", "ResourceRecord": record}
               for d in [cert.domain] + cert.sans]}
    if cert.issued:
        out.update(IssuedAt=cert.issued, NotBefore=cert.issued,
                   NotAfter=cert.issued + VALIDITY, Issuer="Amazon", Subject=f"CN={cert.domain}")
    return out


@OPERATIONS("RequestCertificate")
def request_certificate(call, p):
    state = call.state()
    if p.get("ValidationMethod", "DNS") != "DNS":
        raise InvalidDomainValidationOptionsException(
            "awslab validates certificates by DNS only (ValidationMethod='DNS').")
    token = call.lab.ids.hex(64)
    cert = Certificate(f"arn:aws:acm:{call.region}:{call.account_id}:certificate/"
                       f"{call.lab.ids.uuid()}", p["DomainName"],
                       [s for s in p.get("SubjectAlternativeNames") or []
                        if s != p["DomainName"]], call.now, token,
                       tags={t["Key"]: t.get("Value", "") for t in p.get("Tags") or []})
    state.certificates[cert.arn] = cert

    def validated(_t, cert=cert, lab=call.lab):
        if cert.status == "PENDING_VALIDATION":
            cert.status, cert.issued = "ISSUED", lab.now
    call.lab.clock.at(call.now + VALIDATION_DELAY, validated, name=f"acm {cert.arn}")
    return {"CertificateArn": cert.arn}


@OPERATIONS("DescribeCertificate")
def describe_certificate(call, p):
    return {"Certificate": certificate_dict(call.lab, _find(call, p["CertificateArn"]))}


@OPERATIONS("ListCertificates")
def list_certificates(call, p):
    wanted = p.get("CertificateStatuses")
    rows = [{"CertificateArn": c.arn, "DomainName": c.domain, "Status": c.status,
             "Type": "AMAZON_ISSUED", "InUse": bool(in_use_by(call.lab, c)),
             "CreatedAt": c.created}
            for c in call.state().certificates.values() if not wanted or c.status in wanted]
    page, token = paginate(rows, p.get("NextToken"), p.get("MaxItems") or 1000, "certs",
                           InvalidArnException)
    return {"CertificateSummaryList": page, "NextToken": token}


@OPERATIONS("DeleteCertificate")
def delete_certificate(call, p):
    cert = _find(call, p["CertificateArn"])
    if in_use_by(call.lab, cert):
        raise ResourceInUseException(f"Certificate {cert.arn} in account "
                                     f"{call.account_id} is in use.")
    del call.state().certificates[cert.arn]
    return {}
