"""IAM as other parts of the lab look it up: roles by ARN, the user behind a caller, MFA
codes, identity providers, and the credentials the lab hands out for users and root.

STS and the enforcement code read IAM through these functions only.
"""
from __future__ import annotations

import base64
import hashlib
import hmac
import struct
from datetime import datetime
from typing import Optional

from awslab.errors import AwslabError
from awslab.identity import Credentials, Principal

TOTP_STEP = 30            # seconds per code (RFC 6238)


def _parts(arn: str) -> Optional[list]:
    parts = arn.split(":", 5)
    return parts if len(parts) == 6 and parts[0] == "arn" else None


def iam_state(lab, account_id: str):
    """The IAM state of ``account_id`` (None for an account the lab does not know)."""
    return lab.state("iam", account_id) if account_id in lab.accounts else None


def role_by_arn(lab, arn: str):
    """The role ``arn`` (its path included), or None."""
    parts = _parts(arn)
    if parts is None or parts[2] != "iam" or not parts[5].startswith("role/"):
        return None
    state = iam_state(lab, parts[4])
    role = state.role(parts[5].rsplit("/", 1)[-1]) if state is not None else None
    return role if role is not None and role.arn == arn else None


def user_of(lab, principal: Principal):
    """The IAM user behind a caller: itself, or the user of a GetSessionToken or
    GetFederationToken session (None for roles and root)."""
    name = principal.session.get("user_name") if principal.session else None
    if principal.kind == "IAMUser":
        name = principal.name
    if not name:
        return None
    state = iam_state(lab, principal.account_id)
    return state.user(name) if state is not None else None


def user_principal(user, account_id: str) -> Principal:
    return Principal(kind="IAMUser", account_id=account_id, arn=user.arn,
                     principal_id=user.user_id, name=user.name)


def root_principal(account_id: str) -> Principal:
    return Principal(kind="Root", account_id=account_id,
                     arn=f"arn:aws:iam::{account_id}:root", principal_id=account_id,
                     name="root")


def bootstrap_user(lab, account_id: str, name: str, user_id: str, key_id: str, secret: str,
                   policies: tuple = ()) -> Credentials:
    """Create IAM user ``name`` with an access key and attached managed policies, outside
    the API (the lab's own ``admin`` users), and return its credentials."""
    from awslab.services.iam.operations.users import add_key, new_user
    state = lab.state("iam", account_id)
    if state.user(name) is not None:
        raise AwslabError(f"user {name!r} already exists in account {account_id}")
    user = new_user(state, lab, name, "/", user_id, lab.now)
    user.attached.extend(policies)
    key = add_key(lab, state, user, key_id, secret, lab.now)
    state.changed()
    return key.credentials


# -- MFA ---------------------------------------------------------------------------
def totp(seed: str, at: datetime, step_offset: int = 0) -> str:
    """The six-digit TOTP code of a base32 ``seed`` at ``at`` (RFC 6238, SHA-1, 30 s)."""
    counter = int(at.timestamp()) // TOTP_STEP + step_offset
    key = base64.b32decode(seed + "=" * (-len(seed) % 8))
    digest = hmac.new(key, struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    code = struct.unpack(">I", digest[offset:offset + 4])[0] & 0x7FFFFFFF
    return f"{code % 1_000_000:06d}"


def mfa_device(lab, serial: str):
    """The virtual MFA device ``serial`` (``arn:aws:iam::ACCOUNT:mfa/NAME``), or None."""
    parts = _parts(serial)
    state = iam_state(lab, parts[4]) if parts is not None else None
    return state.mfa_devices.get(serial) if state is not None else None


def mfa_code(lab, serial_number: str, offset: int = 0) -> str:
    """The code the virtual MFA device ``serial_number`` shows now on the lab's clock.

    The lab's stand-in for an authenticator app: pass it as ``TokenCode`` to
    ``sts.assume_role``/``sts.get_session_token`` or to ``iam.enable_mfa_device``
    (``offset=1`` gives the next code). Introduced in ``11_sts_and_cross_account.ipynb``.
    """
    device = mfa_device(lab, serial_number)
    if device is None:
        raise AwslabError(f"no virtual MFA device {serial_number!r} in this lab")
    return totp(device.seed, lab.now, offset)


def mfa_valid(lab, principal: Principal, serial: str, code: str) -> Optional[str]:
    """``None`` if ``code`` is the current (or previous) code of a device enabled for the
    caller's user; else the reason AWS gives."""
    device = mfa_device(lab, serial)
    user = user_of(lab, principal)
    if device is None or user is None or device.user_name != user.name:
        return ("MultiFactorAuthentication failed, unable to validate MFA code.  Please "
                "verify your MFA serial number is valid and associated with this user.")
    if code not in (totp(device.seed, lab.now), totp(device.seed, lab.now, -1)):
        return "MultiFactorAuthentication failed with invalid MFA one time pass code. "
    return None


# -- identity providers --------------------------------------------------------------
def saml_provider(lab, arn: str):
    parts = _parts(arn)
    state = iam_state(lab, parts[4]) if parts is not None else None
    return state.saml_providers.get(arn) if state is not None else None


def oidc_provider(lab, account_id: str, issuer: str):
    """The OIDC provider of ``account_id`` for the token issuer ``issuer`` (a URL)."""
    state = iam_state(lab, account_id)
    url = issuer.removeprefix("https://").rstrip("/")
    if state is None:
        return None
    return next((p for p in state.oidc_providers.values() if p.url == url), None)
