"""NB12 wiring: the federation decision wizard, the SAML flow stepper, the directory
comparison selector and the Identity Center assignment matrix.

Each ``*_explorer`` returns ``(render, controls)`` for :func:`awslab.widgets.explore`.
Nothing here holds AWS behaviour: the wizard asks the pure chooser of
:mod:`awslab.services.idp.chooser`, the stepper shows messages recorded from a real
sign-in in the lab, the matrix reads Identity Center through boto3.
Introduced in ``12_federation_and_directories.ipynb``.
"""
from __future__ import annotations

import base64
from typing import Mapping

from awslab.services.ds import capabilities
from awslab.services.idp.chooser import IDPS, WHO, identity_chooser
from awslab.viz import federation as viz
from awslab.widgets.explorer import make_controls

FLOW_OF = {"IAM Identity Center": "identity_center", "SAML 2.0 federation": "saml",
           "Custom identity broker": "broker", "Amazon Cognito identity pool": "cognito",
           "Web identity federation (OIDC)": "web_identity"}


# -- widget 1: the decision wizard -------------------------------------------------------

def wizard_render(who: str = "workforce", idp: str = "saml", accounts: int = 1,
                  guests: bool = False, saas_apps: bool = False):
    """The recommendation for one set of answers, drawn with its flow."""
    choice, why = identity_chooser({"who": who, "idp": idp, "accounts": accounts,
                                    "guests": guests, "saas_apps": saas_apps})
    return viz.recommendation_figure(choice, why, FLOW_OF.get(choice))


def wizard_explorer():
    """``(render, controls)``: who needs access, which IdP, how many accounts, guests?"""
    controls = make_controls(
        who=("Dropdown", {"options": list(WHO), "value": "workforce",
                          "description": "Who"}),
        idp=("Dropdown", {"options": list(IDPS), "value": "saml",
                          "description": "Identity provider"}),
        accounts=("IntSlider", {"min": 1, "max": 100, "value": 1,
                                "description": "AWS accounts"}),
        guests=("Checkbox", {"value": False, "description": "guests allowed"}),
        saas_apps=("Checkbox", {"value": False, "description": "SaaS apps too"}))
    return wizard_render, controls


# -- widget 2: the SAML flow stepper ---------------------------------------------------

def _xml(saml_response: str) -> str:
    text = base64.b64decode(saml_response).decode()
    start = text.find("<saml:AttributeStatement>")
    return text[start:] if start >= 0 else text


def saml_messages(saml_response: str, answer: Mapping, console_url: str,
                  user: str = "alice") -> dict:
    """``{step: message}`` of a real SAML sign-in: the password post, the response's
    attributes, the AssumeRoleWithSAML request and answer, the console URL."""
    creds = answer["Credentials"]
    roles = [v for v in _xml(saml_response).split("<saml:AttributeValue>")[1:]]
    return {1: f"POST https://adfs.corp.example.com/adfs/ls/  UserName=CORP\\{user}  "
               "Password=********",
            2: _xml(saml_response),
            3: "POST https://signin.aws.amazon.com/saml  SAMLResponse="
               + saml_response[:120] + "...",
            4: f"AssumeRoleWithSAML(RoleArn={roles[0].split(',')[0]}, "
               f"PrincipalArn={roles[0].split(',')[1].split('<')[0]}, SAMLAssertion=...)",
            5: f"AccessKeyId={creds['AccessKeyId']}  Expiration={creds['Expiration']}  "
               f"AssumedRoleUser={answer['AssumedRoleUser']['Arn']}",
            6: f"302 Location: {console_url}",
            7: f"The console acts as {answer['AssumedRoleUser']['Arn']}"}


def stepper_explorer(messages: Mapping[int, str]):
    """``(render, controls)``: a step slider over the SAML flow, with the message of
    each hop from :func:`saml_messages`."""
    steps = len(viz.FLOWS["saml"].steps)

    def render(step: int = 1):
        return viz.sequence_figure("saml", step, messages.get(step))
    controls = make_controls(step=("IntSlider", {"min": 1, "max": steps, "value": 1,
                                                 "description": "Step"}))
    return render, controls


# -- widget 3: directories side by side --------------------------------------------------

def directory_render(selected: str = "MicrosoftAD"):
    return viz.capability_figure(capabilities.capability_rows(), capabilities.LABELS,
                                 selected)


def directory_explorer():
    """``(render, controls)``: the capability heatmap with one directory outlined."""
    options = [(label, kind) for kind, label in capabilities.LABELS.items()]
    controls = make_controls(selected=("ToggleButtons", {
        "options": options, "value": "MicrosoftAD", "description": "Directory"}))
    return directory_render, controls


# -- the assignment matrix -------------------------------------------------------------

def assignment_cells(lab, instance_arn: str, accounts) -> tuple[list, list, dict]:
    """``(principals, account labels, cells)`` of an Identity Center instance, read with
    boto3 (``ListPermissionSets``, ``ListAccountAssignments``, identity store names)."""
    sa, ids = lab.client("sso-admin"), lab.client("identitystore")
    store = sa.describe_instance(InstanceArn=instance_arn)["IdentityStoreId"]
    names = {g["GroupId"]: g["DisplayName"] for g in ids.list_groups(
        IdentityStoreId=store)["Groups"]}
    names.update({u["UserId"]: u["UserName"] for u in ids.list_users(
        IdentityStoreId=store)["Users"]})
    labels = {a: f"{a}\n{lab.accounts[a]['Name']}" for a in accounts}
    cells: dict = {}
    for ps_arn in sa.list_permission_sets(InstanceArn=instance_arn)["PermissionSets"]:
        ps = sa.describe_permission_set(InstanceArn=instance_arn,
                                        PermissionSetArn=ps_arn)["PermissionSet"]
        for account in accounts:
            for a in sa.list_account_assignments(InstanceArn=instance_arn, AccountId=account,
                                                 PermissionSetArn=ps_arn)[
                    "AccountAssignments"]:
                key = (names.get(a["PrincipalId"], a["PrincipalId"]), labels[account])
                cells.setdefault(key, []).append(ps["Name"])
    return list(dict.fromkeys(names.values())), list(labels.values()), cells


def assignment_matrix(lab, instance_arn: str, accounts):
    """The assignment matrix figure of an instance over ``accounts``."""
    return viz.assignment_figure(*assignment_cells(lab, instance_arn, accounts))
