"""Fixtures for the EC2 tests: a lab, clients, and a recorder of what reaches CloudWatch."""
import pytest

from awslab import Lab
from ec2_helpers import Sent


@pytest.fixture
def lab():
    return Lab(seed=7)


@pytest.fixture
def sent(lab, monkeypatch):
    """Capture CloudWatch payloads instead of storing them (other services pass through)."""
    record = Sent()
    forward = lab.send

    def send(service, kind, account_id, region, payload):
        if service == "cloudwatch":
            record.append(payload)
            return None
        return forward(service, kind, account_id, region, payload)
    monkeypatch.setattr(lab, "send", send)
    return record


@pytest.fixture
def ec2(lab, sent):
    return lab.client("ec2")


@pytest.fixture
def iam(lab):
    return lab.client("iam")

