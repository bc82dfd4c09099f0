"""Which identity option fits which scenario: pure functions that say what to use and why
(the decision wizard of the notebook, and the answer key of its directory exercise).

>>> identity_chooser({"who": "workforce", "idp": "saml", "accounts": 1})
('SAML 2.0 federation', 'Your IdP speaks SAML 2.0 ...')
>>> directory_chooser({"existing_ad": True, "keep_nothing_in_aws": True})
('AD Connector', '...')

The rules restate aws-facts 12 and the exam advice of the source notes, with today's names
(IAM Identity Center, formerly AWS SSO).
"""
from __future__ import annotations

IDENTITY_OPTIONS = ("IAM Identity Center", "SAML 2.0 federation", "Custom identity broker",
                    "Amazon Cognito identity pool", "Web identity federation (OIDC)")
DIRECTORY_OPTIONS = ("AWS Managed Microsoft AD", "AD Connector", "Simple AD",
                     "Amazon Cognito")
WHO = ("workforce", "customers", "workload")
IDPS = ("saml", "active-directory", "oidc", "social", "none")


def _check(scenario: dict, key: str, allowed: tuple) -> str:
    value = scenario.get(key)
    if value not in allowed:
        raise ValueError(f"scenario[{key!r}] is one of {', '.join(allowed)}; got {value!r}")
    return value


def identity_chooser(scenario: dict) -> tuple[str, str]:
    """``(recommendation, why)`` for a scenario.

    Keys: ``who`` (workforce / customers / workload), ``idp`` (saml / active-directory /
    oidc / social / none), ``accounts`` (how many AWS accounts, default 1), ``guests``
    (anonymous users allowed), ``saas_apps`` (workforce also needs SaaS applications).
    """
    who, idp = _check(scenario, "who", WHO), _check(scenario, "idp", IDPS)
    accounts = int(scenario.get("accounts", 1))
    if who == "customers":
        why = ("App end users should never be IAM users. An identity pool exchanges a "
               "sign-in (social, OIDC, SAML or a Cognito user pool) for temporary "
               "credentials of the pool's authenticated role")
        if scenario.get("guests"):
            why += ", and gives guests the unauthenticated role"
        if idp == "none":
            why += "; with no IdP of your own, a Cognito user pool is the user directory"
        return "Amazon Cognito identity pool", why + "."
    if who == "workload":
        if idp in ("oidc", "social"):
            return ("Web identity federation (OIDC)",
                    "A workload (CI/CD pipeline, Kubernetes service account) with an OIDC "
                    "token calls AssumeRoleWithWebIdentity against an IAM OIDC provider: no "
                    "long-term keys. This is the standard pattern for workloads; the "
                    "'use Cognito instead' advice is about end-user apps.")
        return ("IAM roles (AssumeRole)",
                "A workload without an OIDC token runs with a role (instance profile, task "
                "role) or assumes one; federation is for people.")
    if accounts > 1 or scenario.get("saas_apps"):
        source = {"active-directory": "your AD through an AD Connector or AWS Managed "
                                      "Microsoft AD", "saml": "your SAML 2.0 IdP as the "
                  "external identity provider (with SCIM)"}.get(idp, "its own directory")
        return ("IAM Identity Center",
                f"{accounts} accounts{' and SaaS apps' if scenario.get('saas_apps') else ''}"
                f": one portal with permission sets provisioned as roles in every account "
                f"of the organization, identities from {source}, audited in CloudTrail -- "
                "instead of one SAML trust per account.")
    if idp in ("saml", "active-directory"):
        return ("SAML 2.0 federation",
                "Your IdP speaks SAML 2.0 (AD FS for Active Directory): set up the trust "
                "both ways (an IAM SAML provider and roles in AWS, a relying party with "
                "role claims in the IdP); users get the console or CLI through "
                "AssumeRoleWithSAML, without one IAM user each.")
    return ("Custom identity broker",
            "Your identity store does not speak SAML 2.0: a broker you write checks the "
            "user, decides the permissions and calls STS (AssumeRole, or "
            "GetFederationToken), then builds the console sign-in URL.")


def directory_chooser(needs: dict) -> tuple[str, str]:
    """``(directory option, why)`` for a set of needs.

    Keys (all optional booleans unless said): ``app_end_users`` (users of a mobile or web
    app), ``existing_ad`` (an on-premises AD exists), ``keep_nothing_in_aws`` (no directory
    data may be stored in AWS), ``trust`` (a trust with the on-premises AD),
    ``rds_sql_server``, ``schema_extensions``, ``mfa``, ``users`` (int).
    """
    if needs.get("app_end_users"):
        return ("Amazon Cognito", "App end users (sign-up, social logins) belong in a "
                                  "Cognito user pool, not in Active Directory.")
    if needs.get("existing_ad") and needs.get("keep_nothing_in_aws"):
        return ("AD Connector", "A proxy to the on-premises AD: users stay there, nothing "
                                "is cached in AWS, MFA through your RADIUS server.")
    users = int(needs.get("users", 0))
    big = [why for key, why in (("trust", "a trust with the on-premises AD"),
                                ("rds_sql_server", "Amazon RDS for SQL Server"),
                                ("schema_extensions", "schema extensions"),
                                ("mfa", "MFA")) if needs.get(key)]
    if users > 5000:
        big.append(f"{users:,} users (Simple AD stops at 5,000)")
    if big or needs.get("existing_ad"):
        reasons = ", ".join(big) or "it works alongside your existing AD through a trust"
        return ("AWS Managed Microsoft AD", f"A real Windows Server AD run by AWS (two "
                                            f"domain controllers in two AZs): {reasons}.")
    size = "Small (up to 500 users)" if users <= 500 else "Large (up to 5,000 users)"
    return ("Simple AD", f"A basic, low-cost Samba-based directory is enough: {size}; no "
                         "trusts, no MFA, no schema extensions.")
