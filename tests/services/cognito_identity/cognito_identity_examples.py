"""One representative successful call per Cognito identity pool operation."""
from cognito_helpers import google_login, make_pool


def _pool(lab):
    return lab.client("cognito-identity"), make_pool(lab)


def _identity(lab):
    ci, pool = _pool(lab)
    login = google_login(lab, "alice")
    return ci, ci.get_id(IdentityPoolId=pool["id"], Logins=login)["IdentityId"], login


EXAMPLES = {"cognito-identity": {
    "CreateIdentityPool": lambda lab: lab.client("cognito-identity").create_identity_pool(
        IdentityPoolName="App", AllowUnauthenticatedIdentities=False,
        SupportedLoginProviders={"graph.facebook.com": "1234567890"},
        IdentityPoolTags={"team": "mobile"}),
    "DescribeIdentityPool": lambda lab: (lambda c, p: c.describe_identity_pool(
        IdentityPoolId=p["id"]))(*_pool(lab)),
    "UpdateIdentityPool": lambda lab: (lambda c, p: c.update_identity_pool(
        IdentityPoolId=p["id"], IdentityPoolName="PetPhotos2",
        AllowUnauthenticatedIdentities=False))(*_pool(lab)),
    "ListIdentityPools": lambda lab: _pool(lab)[0].list_identity_pools(MaxResults=10),
    "DeleteIdentityPool": lambda lab: (lambda c, p: c.delete_identity_pool(
        IdentityPoolId=p["id"]))(*_pool(lab)),
    "SetIdentityPoolRoles": lambda lab: (lambda c, p: c.set_identity_pool_roles(
        IdentityPoolId=p["id"], Roles={"authenticated": p["auth"]}))(*_pool(lab)),
    "GetIdentityPoolRoles": lambda lab: (lambda c, p: c.get_identity_pool_roles(
        IdentityPoolId=p["id"]))(*_pool(lab)),
    "GetId": lambda lab: (lambda c, p: c.get_id(IdentityPoolId=p["id"]))(*_pool(lab)),
    "GetCredentialsForIdentity": lambda lab: (lambda c, i, login: (
        c.get_credentials_for_identity(IdentityId=i, Logins=login)))(*_identity(lab)),
    "GetOpenIdToken": lambda lab: (lambda c, i, login: c.get_open_id_token(
        IdentityId=i, Logins=login))(*_identity(lab)),
}}
