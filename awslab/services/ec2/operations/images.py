"""DescribeImages over the public AMIs the lab knows (``catalog.py``)."""
from __future__ import annotations

from awslab.services.ec2 import errors
from awslab.services.ec2.catalog import public_images
from awslab.services.ec2.filters import compile_filters
from awslab.services.ec2.operations import OPERATIONS
from awslab.services.ec2.operations.common import dry_run, image_for

IMAGE_FILTERS = {
    "image-id": lambda i: [i.image_id], "name": lambda i: [i.name],
    "architecture": lambda i: [i.architecture], "platform": lambda i: [i.platform or ""],
    "owner-id": lambda i: [i.owner_id], "owner-alias": lambda i: [i.owner_alias],
    "description": lambda i: [i.description], "state": lambda i: ["available"],
    "is-public": lambda i: ["true"], "image-type": lambda i: ["machine"],
    "root-device-type": lambda i: ["ebs"], "virtualization-type": lambda i: ["hvm"],
    "platform-details": lambda i: [i.platform_details],
}


def image_dict(image) -> dict:
    out = {
        "ImageId": image.image_id, "ImageLocation": f"{image.owner_alias or image.owner_id}/"
        f"{image.name}", "State": "available", "OwnerId": image.owner_id,
        "CreationDate": image.creation_date, "Public": True,
        "Architecture": image.architecture, "ImageType": "machine", "Name": image.name,
        "Description": image.description, "RootDeviceType": "ebs",
        "RootDeviceName": image.root_device_name, "VirtualizationType": "hvm",
        "Hypervisor": "xen", "EnaSupport": True, "SriovNetSupport": "simple",
        "PlatformDetails": image.platform_details,
        "UsageOperation": "RunInstances:0002" if image.is_windows else "RunInstances",
        "BlockDeviceMappings": [{"DeviceName": image.root_device_name, "Ebs": {
            "DeleteOnTermination": True, "VolumeSize": image.root_size_gib,
            "VolumeType": "gp3", "Encrypted": False,
            "SnapshotId": "snap-0" + image.image_id[5:]}}],
    }
    if image.owner_alias:
        out["ImageOwnerAlias"] = image.owner_alias
    if image.is_windows:
        out["Platform"] = "windows"
    return out


def _owned_by(image, owners: list[str], account_id: str) -> bool:
    for owner in owners:
        if owner == "self" and image.owner_id == account_id:
            return True
        if owner in (image.owner_id, image.owner_alias):
            return True
    return False


@OPERATIONS("DescribeImages")
def describe_images(call, p):
    dry_run(p)
    ids = p.get("ImageIds") or []
    images = [image_for(call.region, i) for i in dict.fromkeys(ids)] if ids else list(
        public_images(call.region).values())
    owners = p.get("Owners") or []
    if owners:
        images = [i for i in images if _owned_by(i, owners, call.account_id)]
    keep = compile_filters(p.get("Filters"), IMAGE_FILTERS)
    images = [i for i in images if keep(i)]
    if p.get("MaxResults") is not None and not 5 <= p["MaxResults"] <= 1000:
        raise errors.InvalidParameterValue(
            f"Value ( {p['MaxResults']} ) for parameter maxResults is invalid. "
            "Expecting a value between 5 and 1000.")
    return {"Images": [image_dict(i) for i in images]}
