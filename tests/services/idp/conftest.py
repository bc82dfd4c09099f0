"""Fixtures for the corporate IdP tests: a lab, an on-premises domain and AD FS trusted
by the lab's account."""
import json

import pytest

from awslab import Lab
from awslab.services.idp import ADFS, CorporateDirectory, connect

ACCOUNT = "123456789012"


def saml_trust(provider):
    return json.dumps({"Version": "2012-10-17", "Statement": [{
        "Effect": "Allow", "Principal": {"Federated": provider},
        "Action": "sts:AssumeRoleWithSAML",
        "Condition": {"StringEquals": {"SAML:aud": "https://signin.aws.amazon.com/saml"}}}]})


@pytest.fixture
def lab():
    return Lab(seed=51)


@pytest.fixture
def corp(lab):
    domain = connect(lab, CorporateDirectory("corp.example.com"))
    domain.add_user("alice", "Alice-Passw0rd!", groups=["AWS-Prod-ReadOnly"],
                    display="Alice Doe")
    domain.add_user("bob", "Bob-Passw0rd!", groups=["AWS-Prod-ReadOnly", "AWS-Prod-Admin"])
    domain.add_user("carol", "Carol-Passw0rd!", groups=["Finance"])
    return domain


@pytest.fixture
def adfs(lab, corp):
    """AD FS with the AWS side set up: provider ADFS, roles ProdReadOnly and ProdAdmin."""
    iam = lab.client("iam")
    idp = ADFS(lab, corp)
    provider = iam.create_saml_provider(Name="ADFS", SAMLMetadataDocument=idp.metadata())[
        "SAMLProviderArn"]
    roles = {}
    for name, policy in (("ProdReadOnly", "ReadOnlyAccess"),
                         ("ProdAdmin", "AdministratorAccess")):
        roles[name] = iam.create_role(RoleName=name, AssumeRolePolicyDocument=saml_trust(
            provider), MaxSessionDuration=28800)["Role"]["Arn"]
        iam.attach_role_policy(RoleName=name,
                               PolicyArn=f"arn:aws:iam::aws:policy/{policy}")
    idp.map_group("AWS-Prod-ReadOnly", roles["ProdReadOnly"], provider)
    idp.map_group("AWS-Prod-Admin", roles["ProdAdmin"], provider)
    idp.provider, idp.roles = provider, roles
    return idp
