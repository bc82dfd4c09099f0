"""Directories: types, sizes, stages on the clock, AD Connector reachability, limits."""
import pytest
from botocore.exceptions import ClientError

from awslab.services.ds import capabilities, vpc_settings
from ds_helpers import PASSWORD, connector, corp, describe, error_of, managed_ad, simple_ad


def test_simple_ad_stages_on_the_clock(lab, ds):
    directory = simple_ad(lab, ds)
    seen = [describe(ds, directory)["Stage"]]
    for minutes in (1, 10):
        lab.advance(minutes=minutes)
        seen.append(describe(ds, directory)["Stage"])
    assert seen == ["Requested", "Creating", "Active"]
    d = describe(ds, directory)
    assert d["Type"] == "SimpleAD" and d["Size"] == "Small" and len(d["DnsIpAddrs"]) == 2
    assert d["StageLastUpdatedDateTime"] > d["LaunchTime"]


def test_managed_ad_takes_longer_and_has_an_edition(lab, ds):
    directory = managed_ad(lab, ds)
    lab.advance(minutes=15)
    assert describe(ds, directory)["Stage"] == "Creating"
    lab.advance(minutes=20)
    d = describe(ds, directory)
    assert (d["Stage"], d["Edition"], d["DesiredNumberOfDomainControllers"]) == \
        ("Active", "Standard", 2)


def test_connector_reaches_the_on_premises_domain(lab, ds):
    corp(lab)
    directory = connector(lab, ds)
    lab.advance(minutes=10)
    d = describe(ds, directory)
    assert d["Stage"] == "Active" and d["Type"] == "ADConnector"
    assert d["ConnectSettings"]["CustomerUserName"] == "svc-adconnector"
    assert d["DnsIpAddrs"] == ["192.168.10.10", "192.168.10.11"]


@pytest.mark.parametrize("reachable,user,words", [
    (False, "svc-adconnector", "Connectivity issues"),
    (True, "nobody", "service account nobody was not found")])
def test_connector_fails_with_the_reason(lab, ds, reachable, user, words):
    corp(lab, reachable=reachable)
    directory = connector(lab, ds, user=user)
    lab.advance(minutes=10)
    d = describe(ds, directory)
    assert d["Stage"] == "Failed" and words in d["StageReason"]


def test_two_subnets_in_two_zones(lab, ds):
    vpc = vpc_settings(lab)
    for subnets in ([vpc["SubnetIds"][0]], [vpc["SubnetIds"][0]] * 2):
        with pytest.raises(ClientError) as exc:
            ds.create_directory(Name="x.example.com", Password=PASSWORD, Size="Small",
                                VpcSettings={"VpcId": vpc["VpcId"], "SubnetIds": subnets})
        assert error_of(exc)[0] == "InvalidParameterException"


@pytest.mark.parametrize("password", ["short1A", "alllowercase1", "Admin-Passw0rd"])
def test_password_rules(lab, ds, password):
    with pytest.raises(ClientError) as exc:
        ds.create_directory(Name="x.example.com", Password=password, Size="Small",
                            VpcSettings=vpc_settings(lab))
    assert error_of(exc)[0] == "InvalidParameterException"


def test_simple_ad_limit_per_region(lab, ds):
    for n in range(capabilities.LIMITS["SimpleAD"]):
        simple_ad(lab, ds, name=f"d{n}.example.com")
    with pytest.raises(ClientError) as exc:
        simple_ad(lab, ds, name="one-more.example.com")
    assert error_of(exc)[0] == "DirectoryLimitExceededException"


def test_delete_and_unknown(lab, ds):
    directory = simple_ad(lab, ds)
    assert ds.delete_directory(DirectoryId=directory)["DirectoryId"] == directory
    lab.advance(minutes=20)
    assert ds.describe_directories()["DirectoryDescriptions"] == []
    with pytest.raises(ClientError) as exc:
        ds.delete_directory(DirectoryId=directory)
    assert error_of(exc)[0] == "EntityDoesNotExistException"


def test_capability_matrix_matches_the_facts():
    rows = dict(capabilities.capability_rows())
    assert rows["Trust with on-premises AD"] == {"MicrosoftAD": True, "ADConnector": False,
                                                 "SimpleAD": False}
    assert not rows["MFA (RADIUS)"]["SimpleAD"] and rows["MFA (RADIUS)"]["ADConnector"]
    assert not rows["IAM Identity Center identity source"]["SimpleAD"]
    assert not rows["Users live in AWS (a directory in the cloud)"]["ADConnector"]
