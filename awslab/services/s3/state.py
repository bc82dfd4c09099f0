"""S3 buckets and objects of one account (buckets are regional, but an account lists
all of its buckets and bucket names are unique across every account)."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Optional

#: Block Public Access as S3 sets it on every new bucket (since April 2023).
ALL_BLOCKED = {"BlockPublicAcls": True, "IgnorePublicAcls": True,
               "BlockPublicPolicy": True, "RestrictPublicBuckets": True}
#: SSE-S3, the default encryption of every bucket since January 2023.
SSE_S3 = {"Rules": [{"ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "AES256"},
                     "BucketKeyEnabled": False}]}


@dataclass
class S3Object:
    """One object (the latest version; versions are not kept)."""

    key: str
    body: bytes
    etag: str
    last_modified: datetime
    content_type: str = "binary/octet-stream"
    metadata: dict = field(default_factory=dict)
    writer: str = ""                      # the principal ARN or service that wrote it


@dataclass
class Bucket:
    """A bucket with the settings the course looks at."""

    name: str
    account_id: str
    region: str
    created: datetime
    policy: Optional[str] = None
    acl: list = field(default_factory=list)        # grants besides the owner's FULL_CONTROL
    object_ownership: str = "BucketOwnerEnforced"  # ACLs disabled (the default since 2023)
    public_access_block: Optional[dict] = field(default_factory=lambda: dict(ALL_BLOCKED))
    encryption: Optional[dict] = field(default_factory=lambda: SSE_S3)
    versioning: Optional[str] = None               # None (never set), Enabled, Suspended
    tags: dict = field(default_factory=dict)
    objects: dict = field(default_factory=dict)    # key -> S3Object

    @property
    def arn(self) -> str:
        return f"arn:aws:s3:::{self.name}"


class State:
    """The buckets one account owns."""

    def __init__(self, account_id: str, region: str = ""):
        self.account_id = account_id
        self.buckets: dict[str, Bucket] = {}      # by name, in creation order
