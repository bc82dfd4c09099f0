"""The identity and directory choosers: the scenarios of the course, and properties."""
import pytest
from hypothesis import given, strategies as st

from awslab.services.idp.chooser import (DIRECTORY_OPTIONS, IDENTITY_OPTIONS, IDPS, WHO,
                                         directory_chooser, identity_chooser)


@pytest.mark.parametrize("scenario,expected", [
    ({"who": "workforce", "idp": "none"}, "Custom identity broker"),
    ({"who": "workforce", "idp": "saml", "accounts": 1}, "SAML 2.0 federation"),
    ({"who": "workforce", "idp": "active-directory", "accounts": 50, "saas_apps": True},
     "IAM Identity Center"),
    ({"who": "customers", "idp": "social", "guests": True}, "Amazon Cognito identity pool"),
    ({"who": "workload", "idp": "oidc"}, "Web identity federation (OIDC)"),
])
def test_course_scenarios(scenario, expected):
    choice, why = identity_chooser(scenario)
    assert choice == expected and why.endswith(".")


@pytest.mark.parametrize("needs,expected", [
    ({"existing_ad": True, "keep_nothing_in_aws": True, "mfa": True}, "AD Connector"),
    ({"existing_ad": True, "trust": True}, "AWS Managed Microsoft AD"),
    ({"users": 300}, "Simple AD"),
    ({"users": 20000}, "AWS Managed Microsoft AD"),
    ({"app_end_users": True}, "Amazon Cognito"),
    ({"rds_sql_server": True, "users": 100}, "AWS Managed Microsoft AD"),
])
def test_directory_scenarios(needs, expected):
    assert directory_chooser(needs)[0] == expected


def test_unknown_values_are_refused():
    with pytest.raises(ValueError, match="who"):
        identity_chooser({"who": "robots", "idp": "saml"})


@given(who=st.sampled_from(WHO), idp=st.sampled_from(IDPS),
       accounts=st.integers(1, 500), guests=st.booleans(), saas=st.booleans())
def test_every_scenario_gets_one_answer_with_a_reason(who, idp, accounts, guests, saas):
    choice, why = identity_chooser({"who": who, "idp": idp, "accounts": accounts,
                                    "guests": guests, "saas_apps": saas})
    assert choice in IDENTITY_OPTIONS + ("IAM roles (AssumeRole)",) and len(why) > 40
    if who == "workforce" and accounts > 1:
        assert choice == "IAM Identity Center"


@given(st.fixed_dictionaries({}, optional={
    k: st.booleans() for k in ("app_end_users", "existing_ad", "keep_nothing_in_aws",
                               "trust", "rds_sql_server", "schema_extensions", "mfa")}),
       st.integers(0, 100000))
def test_directory_answers_respect_the_hard_limits(needs, users):
    choice, _ = directory_chooser({**needs, "users": users})
    assert choice in DIRECTORY_OPTIONS
    if choice == "Simple AD":
        assert users <= 5000 and not needs.get("trust") and not needs.get("mfa")
