"""AD FS assertions with role attributes, the console's SAML sign-in and CLI access."""
import pytest

from awslab.errors import AwslabError
from awslab.services.idp import roles_in, saml_sign_in
from awslab.services.sts.tokens import parse_saml


def test_assertion_carries_mapped_roles_and_the_email(adfs):
    response = adfs.sign_in("alice", "Alice-Passw0rd!")
    assert roles_in(response) == [(adfs.roles["ProdReadOnly"], adfs.provider)]
    facts = parse_saml(response)
    assert facts["issuer"] == "http://adfs.corp.example.com/adfs/services/trust"
    assert facts["subject"] == "CORP\\alice"
    assert facts["attributes"]["https://aws.amazon.com/SAML/Attributes/RoleSessionName"] \
        == ["alice@corp.example.com"]


def test_console_sign_in_as_the_role(lab, adfs):
    session = saml_sign_in(lab, adfs.sign_in("alice", "Alice-Passw0rd!"))
    assert session.arn == ("arn:aws:sts::123456789012:assumed-role/ProdReadOnly/"
                           "alice@corp.example.com")
    assert session.via == "SAML" and session.url.startswith("https://us-east-1.console")
    who = lab.client("sts", **session.keys).get_caller_identity()["Arn"]
    assert who == session.arn


def test_session_duration_attribute_sets_the_console_session(lab, adfs):
    session = saml_sign_in(lab, adfs.sign_in("alice", "Alice-Passw0rd!",
                                             session_seconds=4 * 3600))
    assert (session.expires - lab.now).total_seconds() == pytest.approx(4 * 3600, abs=1)


def test_two_groups_need_the_role_picker(lab, adfs):
    response = adfs.sign_in("bob", "Bob-Passw0rd!")
    with pytest.raises(AwslabError, match="Select a role"):
        saml_sign_in(lab, response)
    session = saml_sign_in(lab, response, role_arn=adfs.roles["ProdAdmin"])
    assert "/ProdAdmin/bob@corp.example.com" in session.arn


def test_wrong_password_and_unmapped_group(adfs):
    with pytest.raises(AwslabError, match="incorrect"):
        adfs.sign_in("alice", "guess")
    with pytest.raises(AwslabError, match="no AD group"):
        adfs.sign_in("carol", "Carol-Passw0rd!")


def test_expired_assertion_is_refused_by_sts(lab, adfs):
    from botocore.exceptions import ClientError
    response = adfs.sign_in("alice", "Alice-Passw0rd!", valid_for=60)
    lab.advance(minutes=2)
    with pytest.raises(ClientError) as exc:
        saml_sign_in(lab, response)
    assert exc.value.response["Error"]["Code"] == "ExpiredTokenException"


def test_role_trust_must_name_the_provider(lab, adfs, corp):
    """The trust is two-way: a role that does not trust ADFS refuses the assertion."""
    from botocore.exceptions import ClientError
    iam = lab.client("iam")
    other = iam.create_role(RoleName="NoTrust", AssumeRolePolicyDocument=(
        '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": '
        '{"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}]}'))["Role"]["Arn"]
    adfs.map_group("Finance", other, adfs.provider)
    with pytest.raises(ClientError) as exc:
        saml_sign_in(lab, adfs.sign_in("carol", "Carol-Passw0rd!"))
    assert exc.value.response["Error"]["Code"] == "AccessDenied"
