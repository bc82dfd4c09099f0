"""Trusts: only Managed Microsoft AD, only when Active; verified when the remote domain
is reachable; identities for IAM Identity Center."""
import pytest
from botocore.exceptions import ClientError

from awslab.services import sso_admin
from awslab.services.ds import domain_identities, find_directory
from ds_helpers import connector, corp, error_of, managed_ad, simple_ad


def _trust(ds, directory, domain="corp.example.com", direction="Two-Way"):
    return ds.create_trust(DirectoryId=directory, RemoteDomainName=domain,
                           TrustPassword="Trust-Passw0rd!", TrustDirection=direction)


def test_trust_states_to_verified(lab, ds):
    corp(lab)
    directory = managed_ad(lab, ds)
    lab.advance(minutes=31)
    trust_id = _trust(ds, directory)["TrustId"]
    states = []
    for _ in range(4):
        states.append(ds.describe_trusts(DirectoryId=directory)["Trusts"][0]["TrustState"])
        lab.advance(seconds=60)
    assert states == ["Creating", "Created", "Verifying", "Verified"]
    assert trust_id.startswith("t-")


def test_unreachable_domain_fails_verification(lab, ds):
    directory = managed_ad(lab, ds)
    lab.advance(minutes=31)
    _trust(ds, directory, domain="nowhere.example.com")
    lab.advance(minutes=5)
    trust = ds.describe_trusts(DirectoryId=directory)["Trusts"][0]
    assert trust["TrustState"] == "VerifyFailed" and "could not be contacted" in \
        trust["TrustStateReason"]


def test_trusts_need_managed_ad_that_is_active(lab, ds):
    small = simple_ad(lab, ds)
    lab.advance(minutes=15)
    with pytest.raises(ClientError) as exc:
        _trust(ds, small)
    assert error_of(exc)[0] == "UnsupportedOperationException"
    managed = managed_ad(lab, ds)
    with pytest.raises(ClientError) as exc:
        _trust(ds, managed)
    assert error_of(exc)[0] == "ClientException"


def test_duplicate_trust(lab, ds):
    corp(lab)
    directory = managed_ad(lab, ds)
    lab.advance(minutes=31)
    _trust(ds, directory)
    with pytest.raises(ClientError) as exc:
        _trust(ds, directory)
    assert error_of(exc)[0] == "EntityAlreadyExistsException"


def test_managed_ad_with_trust_brings_on_premises_users(lab, ds):
    corp(lab)
    directory = managed_ad(lab, ds)
    lab.advance(minutes=31)
    _trust(ds, directory, direction="One-Way: Incoming")
    lab.advance(minutes=5)
    found = find_directory(lab, "123456789012", "us-east-1", directory)
    users, _, _ = domain_identities(lab, found)
    assert list(users) == ["Admin"]       # an incoming trust lets AWS users in, not ours out
    found.trusts.clear()
    _trust(ds, directory)
    lab.advance(minutes=5)
    users, groups, _ = domain_identities(lab, found)
    assert "alice" in users and groups["AWS-Prod-ReadOnly"] == ["alice"]


def test_identity_center_with_ad_connector_and_not_simple_ad(lab, ds):
    corp(lab)
    arn = sso_admin.enable(lab)
    small, proxy = simple_ad(lab, ds), connector(lab, ds)
    lab.advance(minutes=15)
    with pytest.raises(Exception, match="Simple AD cannot be an identity source"):
        sso_admin.set_identity_source(lab, arn, "ACTIVE_DIRECTORY", small)
    setting = sso_admin.set_identity_source(lab, arn, "ACTIVE_DIRECTORY", proxy)
    assert setting["domain"] == "corp.example.com"
    ids = lab.client("identitystore")
    store = lab.client("sso-admin").describe_instance(InstanceArn=arn)["IdentityStoreId"]
    names = [u["UserName"] for u in ids.list_users(IdentityStoreId=store)["Users"]]
    assert sorted(names) == ["alice", "svc-adconnector"]
    with pytest.raises(ClientError) as exc:
        ids.create_user(IdentityStoreId=store, UserName="bob", DisplayName="Bob",
                        Name={"GivenName": "Bob", "FamilyName": "B"})
    assert error_of(exc)[0] == "ValidationException"
