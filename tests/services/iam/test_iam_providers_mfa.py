"""SAML and OIDC identity providers, virtual MFA devices."""
import pytest
from botocore.exceptions import ClientError

from awslab.services.iam import mfa_code
from awslab.services.iam.directory import totp
from awslab.services.sts import saml_metadata
from iam_helpers import error_of

ACCOUNT = "123456789012"


def test_saml_providers(lab, iam):
    arn = iam.create_saml_provider(Name="Corp", SAMLMetadataDocument=saml_metadata(),
                                   Tags=[{"Key": "k", "Value": "v"}])["SAMLProviderArn"]
    assert arn == f"arn:aws:iam::{ACCOUNT}:saml-provider/Corp"
    got = iam.get_saml_provider(SAMLProviderArn=arn)
    assert got["SAMLMetadataDocument"] == saml_metadata() and got["CreateDate"] == lab.now
    assert [p["Arn"] for p in iam.list_saml_providers()["SAMLProviderList"]] == [arn]
    with pytest.raises(ClientError) as e:
        iam.create_saml_provider(Name="Corp", SAMLMetadataDocument=saml_metadata())
    assert error_of(e)[0] == "EntityAlreadyExists"
    with pytest.raises(ClientError) as e:
        iam.create_saml_provider(Name="Bad", SAMLMetadataDocument="<nope/>" + " " * 1000)
    assert error_of(e) == ("InvalidInput", "Could not parse metadata", 400)
    iam.delete_saml_provider(SAMLProviderArn=arn)
    with pytest.raises(ClientError) as e:
        iam.get_saml_provider(SAMLProviderArn=arn)
    assert error_of(e) == ("NoSuchEntity", f"Manifest not found for arn {arn}", 404)


def test_oidc_providers(iam):
    arn = iam.create_open_id_connect_provider(
        Url="https://token.actions.githubusercontent.com", ClientIDList=["sts.amazonaws.com"],
        ThumbprintList=["6938fd4d98bab03faadb97b34396831e3780aea1"])["OpenIDConnectProviderArn"]
    assert arn == f"arn:aws:iam::{ACCOUNT}:oidc-provider/token.actions.githubusercontent.com"
    got = iam.get_open_id_connect_provider(OpenIDConnectProviderArn=arn)
    assert got["Url"] == "token.actions.githubusercontent.com"
    assert got["ClientIDList"] == ["sts.amazonaws.com"]
    with pytest.raises(ClientError) as e:
        iam.create_open_id_connect_provider(Url="https://token.actions.githubusercontent.com")
    assert error_of(e) == ("EntityAlreadyExists", "Provider with url https://token.actions."
                                                  "githubusercontent.com already exists.", 409)
    with pytest.raises(ClientError) as e:
        iam.create_open_id_connect_provider(Url="http://insecure.example.com")
    assert error_of(e) == ("InvalidInput", "Invalid URL", 400)
    iam.delete_open_id_connect_provider(OpenIDConnectProviderArn=arn)
    iam.delete_open_id_connect_provider(OpenIDConnectProviderArn=arn)      # no error
    with pytest.raises(ClientError) as e:
        iam.get_open_id_connect_provider(OpenIDConnectProviderArn=arn)
    assert error_of(e) == ("NoSuchEntity", f"OpenIDConnect Provider not found for arn {arn}",
                           404)


def test_totp_matches_rfc6238():
    from datetime import datetime, timezone
    import base64
    seed = base64.b32encode(b"12345678901234567890").decode()
    at = datetime.fromtimestamp(59, timezone.utc)
    assert totp(seed, at) == "287082"                      # RFC 6238, SHA-1, T = 59 s


def test_virtual_mfa_devices(lab, iam):
    iam.create_user(UserName="mo")
    device = iam.create_virtual_mfa_device(VirtualMFADeviceName="mo-phone")["VirtualMFADevice"]
    serial = device["SerialNumber"]
    assert serial == f"arn:aws:iam::{ACCOUNT}:mfa/mo-phone"
    assert len(device["Base32StringSeed"]) == 32
    with pytest.raises(ClientError) as e:
        iam.enable_mfa_device(UserName="mo", SerialNumber=serial, AuthenticationCode1="000000",
                              AuthenticationCode2="000000")
    assert error_of(e) == ("InvalidAuthenticationCode",
                           "Authentication code for device is not valid.", 403)
    iam.enable_mfa_device(UserName="mo", SerialNumber=serial,
                          AuthenticationCode1=mfa_code(lab, serial),
                          AuthenticationCode2=mfa_code(lab, serial, offset=1))
    assert iam.list_mfa_devices(UserName="mo")["MFADevices"] == [
        {"UserName": "mo", "SerialNumber": serial, "EnableDate": lab.now}]
    assert iam.list_virtual_mfa_devices(AssignmentStatus="Assigned")[
        "VirtualMFADevices"][0]["User"]["UserName"] == "mo"
    with pytest.raises(ClientError) as e:
        iam.delete_user(UserName="mo")
    assert error_of(e)[1] == "Cannot delete entity, must delete MFA device first."
    with pytest.raises(ClientError) as e:
        iam.delete_virtual_mfa_device(SerialNumber=serial)
    assert error_of(e)[0] == "DeleteConflict"
    iam.deactivate_mfa_device(UserName="mo", SerialNumber=serial)
    iam.delete_virtual_mfa_device(SerialNumber=serial)
    iam.delete_user(UserName="mo")
