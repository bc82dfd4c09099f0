"""Virtual MFA devices: a TOTP seed the learner's "authenticator app" (``mfa_code``) reads.

EnableMFADevice needs two consecutive codes, as IAM does; STS then accepts the device's
current code as ``TokenCode`` (:func:`awslab.services.iam.directory.mfa_valid`).
"""
from __future__ import annotations

from awslab.services.iam import errors
from awslab.services.iam.directory import totp
from awslab.services.iam.entities import MFADevice
from awslab.services.iam.operations import OPERATIONS
from awslab.services.iam.operations.common import (
    caller_user, get_user, page, tag_list, tags_of, user_dict)


def _device(state, serial: str) -> MFADevice:
    device = state.mfa_devices.get(serial)
    if device is None:
        raise errors.NoSuchEntity(f"MFA Device with serial number {serial} does not exist.")
    return device


@OPERATIONS("CreateVirtualMFADevice")
def create_virtual_mfa_device(call, p):
    state = call.state()
    name, path = p["VirtualMFADeviceName"], p.get("Path", "/")
    serial = f"arn:aws:iam::{call.account_id}:mfa{path}{name}"
    if serial in state.mfa_devices:
        raise errors.EntityAlreadyExists("MFADevice entity at the same path and name "
                                         "already exists.")
    device = MFADevice(serial, name, path, call.lab.ids.upper(32), tags=tags_of(p))
    state.mfa_devices[serial] = device
    out = {"SerialNumber": serial, "Base32StringSeed": device.seed.encode()}
    if device.tags:
        out["Tags"] = tag_list(device.tags)
    return {"VirtualMFADevice": out}


@OPERATIONS("EnableMFADevice")
def enable_mfa_device(call, p):
    state = call.state()
    user = get_user(state, p["UserName"])
    device = _device(state, p["SerialNumber"])
    if device.user_name is not None:
        raise errors.EntityAlreadyExists("MFA Device is already in use.")
    now = call.now
    pairs = [(totp(device.seed, now, k - 1), totp(device.seed, now, k)) for k in (0, 1)]
    if (p["AuthenticationCode1"], p["AuthenticationCode2"]) not in pairs:
        raise errors.InvalidAuthenticationCode(
            "Authentication code for device is not valid.")
    device.user_name, device.enable_date = user.name, now.replace(microsecond=0)
    user.mfa_devices.append(device.serial)
    return {}


@OPERATIONS("DeactivateMFADevice")
def deactivate_mfa_device(call, p):
    state = call.state()
    user = caller_user(call, p)
    device = _device(state, p["SerialNumber"])
    if device.user_name != user.name:
        raise errors.NoSuchEntity(f"MFA Device with serial number {device.serial} does "
                                  f"not exist for user {user.name}.")
    user.mfa_devices.remove(device.serial)
    device.user_name = device.enable_date = None
    return {}


@OPERATIONS("DeleteVirtualMFADevice")
def delete_virtual_mfa_device(call, p):
    state = call.state()
    device = _device(state, p["SerialNumber"])
    if device.user_name is not None:
        raise errors.DeleteConflict("MFA device is still in use")
    del state.mfa_devices[device.serial]
    return {}


@OPERATIONS("ListMFADevices")
def list_mfa_devices(call, p):
    state = call.state()
    user = caller_user(call, p)
    devices = [state.mfa_devices[s] for s in user.mfa_devices if s in state.mfa_devices]
    chunk, more = page(devices, p, ["ListMFADevices", user.name])
    return {"MFADevices": [{"UserName": user.name, "SerialNumber": d.serial,
                            "EnableDate": d.enable_date} for d in chunk], **more}


@OPERATIONS("ListVirtualMFADevices")
def list_virtual_mfa_devices(call, p):
    state = call.state()
    status = p.get("AssignmentStatus", "Any")
    devices = [d for d in state.mfa_devices.values()
               if status == "Any" or (d.user_name is not None) == (status == "Assigned")]
    chunk, more = page(devices, p, ["ListVirtualMFADevices", status])
    rows = []
    for d in chunk:
        row = {"SerialNumber": d.serial}
        if d.user_name is not None:
            row["User"] = user_dict(state.user(d.user_name), full=False)
            row["EnableDate"] = d.enable_date
        rows.append(row)
    return {"VirtualMFADevices": rows, **more}
