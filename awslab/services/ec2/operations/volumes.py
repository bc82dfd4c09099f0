"""EBS volumes: Create/Delete/Describe/Attach/DetachVolume and ModifyVolume (type and size).

A new volume is ``creating`` and becomes ``available`` two seconds later on the lab's
clock; attaching takes it to ``in-use`` (attachment ``attached``), detaching back to
``available``. A volume attached to an instance that terminates is detached (the lab does
not delete it: volumes attached with AttachVolume keep ``DeleteOnTermination`` false, as
on AWS). Encryption is fixed at creation (``Encrypted``, ``KmsKeyId``; the default key is
``alias/aws/ebs``). Known gaps: snapshots, multi-attach and the elastic-volume
optimisation phases are not simulated (ModifyVolume completes at once).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from awslab.bridge.pagination import paginate
from awslab.errors import error_class
from awslab.services.ec2 import errors
from awslab.services.ec2.filters import compile_filters
from awslab.services.ec2.operations import OPERATIONS
from awslab.services.ec2.operations.common import dry_run, lookup, tag_list

InvalidVolumeNotFound = error_class("InvalidVolume.NotFound")
InvalidVolumeIDMalformed = error_class("InvalidVolumeID.Malformed")
InvalidVolumeZoneMismatch = error_class("InvalidVolume.ZoneMismatch")
VolumeInUse = error_class("VolumeInUse")
InvalidParameterDependency = error_class("InvalidParameterDependency")
InvalidZoneNotFound = error_class("InvalidZone.NotFound")
#: (minimum, maximum) size in GiB of each volume type.
SIZES = {"gp2": (1, 16384), "gp3": (1, 16384), "io1": (4, 16384), "io2": (4, 65536),
         "st1": (125, 16384), "sc1": (125, 16384), "standard": (1, 1024)}
READY_AFTER = timedelta(seconds=2)


@dataclass
class Volume:
    """An EBS volume."""

    volume_id: str
    owner_id: str
    region: str
    availability_zone: str
    size: int
    volume_type: str
    encrypted: bool
    kms_key_id: str | None
    created: datetime
    iops: int | None = None
    throughput: int | None = None
    state: str = "creating"
    instance_id: str | None = None
    device: str | None = None
    attach_time: datetime | None = None
    delete_on_termination: bool = False
    tags: dict[str, str] = field(default_factory=dict)

    @property
    def arn(self) -> str:
        return f"arn:aws:ec2:{self.region}:{self.owner_id}:volume/{self.volume_id}"


def _attachment(vol: Volume) -> dict:
    return {"AttachTime": vol.attach_time, "Device": vol.device,
            "InstanceId": vol.instance_id, "State": "attached", "VolumeId": vol.volume_id,
            "DeleteOnTermination": vol.delete_on_termination}


def volume_dict(vol: Volume) -> dict:
    out = {"VolumeId": vol.volume_id, "Size": vol.size, "SnapshotId": "",
           "AvailabilityZone": vol.availability_zone, "State": vol.state,
           "CreateTime": vol.created, "Encrypted": vol.encrypted,
           "VolumeType": vol.volume_type, "MultiAttachEnabled": False,
           "Attachments": [_attachment(vol)] if vol.instance_id else []}
    for key, value in (("KmsKeyId", vol.kms_key_id), ("Iops", vol.iops),
                       ("Throughput", vol.throughput)):
        if value is not None:
            out[key] = value
    if vol.tags:
        out["Tags"] = tag_list(vol.tags)
    return out


def volumes(state) -> dict[str, Volume]:
    """The volumes of an EC2 state, detaching those whose instance has terminated."""
    for vol in state.volumes.values():
        if vol.instance_id:
            inst = state.any_instance(vol.instance_id)
            if inst is None or inst.state == "terminated":
                _detach(vol)
    return state.volumes


def find_volume(state, volume_id: str) -> Volume:
    if not volume_id.startswith("vol-"):
        raise InvalidVolumeIDMalformed(f'Invalid id: "{volume_id}" (expecting "vol-...")')
    vol = volumes(state).get(volume_id)
    if vol is None:
        raise InvalidVolumeNotFound(f"The volume '{volume_id}' does not exist.")
    return vol


def _detach(vol: Volume) -> None:
    vol.state, vol.instance_id, vol.device, vol.attach_time = "available", None, None, None


def _check_size(volume_type: str, size: int | None) -> int:
    low, high = SIZES[volume_type]
    if size is None:
        raise errors.MissingParameter("The request must contain the parameter size or "
                                      "snapshotId")
    if size < low:
        raise errors.InvalidParameterValue(
            f"Volume of {size}GiB is too small; minimum is {low}GiB.")
    if size > high:
        raise errors.InvalidParameterValue(
            f"Volume of {size}GiB is too large for volume type {volume_type}; maximum is "
            f"{high}GiB.")
    return size


@OPERATIONS("CreateVolume")
def create_volume(call, p):
    dry_run(p)
    state = call.state()
    zone = p["AvailabilityZone"]
    if zone not in {s.availability_zone for s in state.subnets.values()}:
        raise InvalidZoneNotFound(f"The zone '{zone}' does not exist.")
    vtype = p.get("VolumeType") or "gp2"
    if vtype not in SIZES:
        raise errors.InvalidParameterValue(f"Invalid value '{vtype}' for volumeType.")
    encrypted = bool(p.get("Encrypted"))
    if p.get("KmsKeyId") and not encrypted:
        raise InvalidParameterDependency(
            "The parameter KmsKeyId requires the parameter Encrypted to be set.")
    kms = (p.get("KmsKeyId") or f"arn:aws:kms:{call.region}:{call.account_id}:alias/aws/ebs"
           ) if encrypted else None
    vol = Volume(call.lab.ids.resource("vol"), call.account_id, call.region, zone,
                 _check_size(vtype, p.get("Size")), vtype, encrypted, kms, call.now,
                 iops=p.get("Iops") or (3000 if vtype == "gp3" else None),
                 throughput=p.get("Throughput") or (125 if vtype == "gp3" else None),
                 tags={t["Key"]: t.get("Value", "") for s in p.get("TagSpecifications") or []
                       if s.get("ResourceType") == "volume" for t in s.get("Tags") or []})
    state.volumes[vol.volume_id] = vol
    call.lab.clock.at(call.now + READY_AFTER, lambda _t: _ready(vol),
                      name=f"ec2 volume {vol.volume_id} available")
    out = volume_dict(vol)
    out.pop("Attachments")
    return out


def _ready(vol: Volume) -> None:
    if vol.state == "creating":
        vol.state = "available"


@OPERATIONS("DescribeVolumes")
def describe_volumes(call, p):
    dry_run(p)
    state = call.state()
    chosen = [find_volume(state, i) for i in p.get("VolumeIds") or []]
    match = compile_filters(p.get("Filters"), VOLUME_FILTERS, tags=lambda v: v.tags)
    found = [v for v in (chosen or volumes(state).values()) if match(v)]
    page, token = paginate([volume_dict(v) for v in found], p.get("NextToken"),
                           p.get("MaxResults") or 500, "vol", errors.InvalidNextToken)
    return {"Volumes": page, "NextToken": token}


VOLUME_FILTERS = {
    "volume-id": lambda v: [v.volume_id], "status": lambda v: [v.state],
    "volume-type": lambda v: [v.volume_type], "size": lambda v: [str(v.size)],
    "availability-zone": lambda v: [v.availability_zone],
    "encrypted": lambda v: [str(v.encrypted).lower()],
    "attachment.instance-id": lambda v: [v.instance_id] if v.instance_id else [],
    "attachment.status": lambda v: ["attached"] if v.instance_id else [],
}


@OPERATIONS("AttachVolume")
def attach_volume(call, p):
    dry_run(p)
    state = call.state()
    vol = find_volume(state, p["VolumeId"])
    inst = lookup(state, [p["InstanceId"]])[0]
    if vol.instance_id:
        raise VolumeInUse(f"{vol.volume_id} is already attached to an instance")
    if vol.state != "available":
        raise errors.IncorrectState(f"vol '{vol.volume_id}' is not 'available'.")
    if inst.availability_zone != vol.availability_zone:
        raise InvalidVolumeZoneMismatch(
            f"The volume '{vol.volume_id}' is not in the same availability zone as "
            f"instance '{inst.instance_id}'")
    if inst.state not in ("running", "stopped"):
        raise errors.incorrect_state(inst.instance_id, "attached to")
    if any(v.instance_id == inst.instance_id and v.device == p["Device"]
           for v in state.volumes.values()):
        raise errors.InvalidParameterValue(
            f"Invalid value '{p['Device']}' for unixDevice. Attachment point "
            f"{p['Device']} is already in use")
    vol.state, vol.instance_id, vol.device = "in-use", inst.instance_id, p["Device"]
    vol.attach_time = call.now
    return {**_attachment(vol), "State": "attaching"}


@OPERATIONS("DetachVolume")
def detach_volume(call, p):
    dry_run(p)
    vol = find_volume(call.state(), p["VolumeId"])
    if not vol.instance_id or (p.get("InstanceId") and p["InstanceId"] != vol.instance_id):
        raise errors.IncorrectState(
            f"Volume '{vol.volume_id}' is in the 'available' state.")
    out = {**_attachment(vol), "State": "detaching"}
    _detach(vol)
    return out


@OPERATIONS("DeleteVolume")
def delete_volume(call, p):
    dry_run(p)
    state = call.state()
    vol = find_volume(state, p["VolumeId"])
    if vol.instance_id:
        raise VolumeInUse(f"Volume {vol.volume_id} is currently attached to "
                          f"{vol.instance_id}")
    del state.volumes[vol.volume_id]
    return {}


@OPERATIONS("ModifyVolume")
def modify_volume(call, p):
    dry_run(p)
    vol = find_volume(call.state(), p["VolumeId"])
    before = {"OriginalSize": vol.size, "OriginalVolumeType": vol.volume_type,
              "OriginalIops": vol.iops, "OriginalThroughput": vol.throughput}
    vtype = p.get("VolumeType") or vol.volume_type
    if vtype not in SIZES:
        raise errors.InvalidParameterValue(f"Invalid value '{vtype}' for volumeType.")
    size = _check_size(vtype, p.get("Size") or vol.size)
    if size < vol.size:
        raise errors.InvalidParameterValue(
            f"New size cannot be smaller than existing size of {vol.size}GiB.")
    vol.volume_type, vol.size = vtype, size
    vol.iops = p.get("Iops") or (3000 if vtype == "gp3" else None)
    vol.throughput = p.get("Throughput") or (125 if vtype == "gp3" else None)
    mod = {"VolumeId": vol.volume_id, "ModificationState": "completed",
           "TargetSize": vol.size, "TargetVolumeType": vol.volume_type,
           "TargetIops": vol.iops, "TargetThroughput": vol.throughput,
           "Progress": 100, "StartTime": call.now, "EndTime": call.now, **before}
    return {"VolumeModification": {k: v for k, v in mod.items() if v is not None}}
