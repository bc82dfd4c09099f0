"""NB12 wiring: the wizard follows the chooser, the stepper shows messages of a real
SAML sign-in, the directory selector outlines one type, the matrix reads Identity Center;
updates are fast."""
import time

import pytest

from awslab import Lab
from awslab.services import sso_admin
from awslab.services.idp import ADFS, CorporateDirectory, connect
from awslab.widgets import federation as fw

BOUND = 0.5


def timed(render, **values):
    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        fig = render(**values)
        fig.canvas.draw()
        best = min(best, time.perf_counter() - start)
    return fig, best


def _title(fig):
    return fig._suptitle.get_text()


@pytest.mark.parametrize("values,expected", [
    ({"who": "workforce", "idp": "none"}, "Custom identity broker"),
    ({"who": "workforce", "idp": "saml", "accounts": 40}, "IAM Identity Center"),
    ({"who": "customers", "idp": "social", "guests": True}, "Cognito"),
])
def test_wizard_follows_the_chooser(values, expected):
    render, controls = fw.wizard_explorer()
    assert set(controls) == {"who", "idp", "accounts", "guests", "saas_apps"}
    fig, seconds = timed(render, **{**{k: c.value for k, c in controls.items()}, **values})
    assert expected in _title(fig) and seconds < BOUND


def test_stepper_shows_the_real_messages():
    lab = Lab(seed=61)
    corp = connect(lab, CorporateDirectory("corp.example.com"))
    corp.add_user("alice", "pw", groups=["AWS-Prod-ReadOnly"])
    iam = lab.client("iam")
    adfs = ADFS(lab, corp)
    provider = iam.create_saml_provider(Name="ADFS", SAMLMetadataDocument=adfs.metadata())[
        "SAMLProviderArn"]
    role = iam.create_role(RoleName="ProdReadOnly", AssumeRolePolicyDocument=(
        '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": '
        f'{{"Federated": "{provider}"}}, "Action": "sts:AssumeRoleWithSAML"}}]}}'))[
        "Role"]["Arn"]
    adfs.map_group("AWS-Prod-ReadOnly", role, provider)
    response = adfs.sign_in("alice", "pw")
    answer = lab.client("sts").assume_role_with_saml(RoleArn=role, PrincipalArn=provider,
                                                     SAMLAssertion=response)
    messages = fw.saml_messages(response, answer, "https://console.aws.amazon.com/")
    assert role in messages[2] and answer["Credentials"]["AccessKeyId"] in messages[5]
    render, controls = fw.stepper_explorer(messages)
    fig, seconds = timed(render, step=5)
    words = " ".join(t.get_text() for t in fig.axes[0].texts)
    assert answer["Credentials"]["AccessKeyId"] in words and seconds < BOUND


def test_directory_selector():
    render, controls = fw.directory_explorer()
    fig, seconds = timed(render, selected="ADConnector")
    bold = [t.get_text() for t in fig.axes[0].get_xticklabels()
            if t.get_fontweight() == "bold"]
    assert bold == ["AD Connector"] and seconds < BOUND


def test_assignment_matrix_reads_identity_center():
    lab = Lab(seed=62)
    lab.add_account("111111111111", "prod")
    arn = sso_admin.enable(lab)
    sa, ids = lab.client("sso-admin"), lab.client("identitystore")
    store = sa.describe_instance(InstanceArn=arn)["IdentityStoreId"]
    group = ids.create_group(IdentityStoreId=store, DisplayName="Admins")["GroupId"]
    ps = sa.create_permission_set(InstanceArn=arn, Name="Admin")["PermissionSet"]
    sa.create_account_assignment(InstanceArn=arn, TargetId="111111111111",
                                 TargetType="AWS_ACCOUNT",
                                 PermissionSetArn=ps["PermissionSetArn"],
                                 PrincipalType="GROUP", PrincipalId=group)
    lab.advance(seconds=10)
    principals, accounts, cells = fw.assignment_cells(lab, arn, ["111111111111",
                                                                 "123456789012"])
    assert principals == ["Admins"] and cells == {("Admins", accounts[0]): ["Admin"]}
