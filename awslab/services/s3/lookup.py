"""Finding buckets across the lab's accounts (bucket names are one global namespace)."""
from __future__ import annotations

import hashlib
from typing import Optional

from awslab.services.s3.errors import NoSuchBucket
from awslab.services.s3.state import Bucket


def find_bucket(lab, name: str) -> Optional[Bucket]:
    """The bucket called ``name`` in any account of the lab, or ``None``."""
    for _, state in lab.states("s3"):
        bucket = state.buckets.get(name)
        if bucket is not None:
            return bucket
    return None


def bucket_or_error(lab, name: str) -> Bucket:
    bucket = find_bucket(lab, name)
    if bucket is None:
        raise NoSuchBucket()
    return bucket


def canonical_id(account_id: str) -> str:
    """The account's canonical user ID (64 hex digits, stable for the account)."""
    return hashlib.sha256(f"awslab-canonical/{account_id}".encode()).hexdigest()


def owner(account_id: str) -> dict:
    return {"ID": canonical_id(account_id)}
