"""A seeded "someone else": IAM users who work in the account while the learner does,
one of whom deletes a bucket, for the "who deleted it?" investigation (NB08).

:func:`stage_deletion` creates three IAM users (once per lab, outside the API, as if they had existed
for long), gives each a machine of their own (source IP and user agent), and puts their
calls on the lab's clock: two harmless colleagues touch the bucket first, then the culprit
empties it and deletes it at a seeded time. Every call goes through the bridge with the
user's own keys, so CloudTrail, Config and EventBridge see them as any other call. The
culprit, time and IP are seeded per student; :func:`truth` returns them for checks.
"""
from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, timedelta

from awslab.services.cloudtrail.hub import hub, set_origin

PEOPLE = ("dev-jordan", "ops-mika", "intern-sam", "data-lee", "qa-noor")
AGENTS = ("aws-cli/2.22.4 md/awscrt#0.22.0 ua/2.0 os/linux#6.8.0 md/arch#x86_64",
          "Boto3/1.35.36 md/Botocore#1.35.36 ua/2.0 os/macos#23.6.0 md/pyimpl#CPython",
          "console.amazonaws.com")


@dataclass(frozen=True)
class Story:
    """What the learner is told: which bucket vanished, and roughly when."""

    bucket: str
    not_before: datetime
    not_after: datetime


@dataclass(frozen=True)
class Truth:
    """Who really did it (for checks)."""

    user: str
    arn: str
    time: datetime
    source_ip: str
    colleagues: tuple


def colleague(lab, account_id: str, name: str, rng: random.Random,
              policy: str = "AmazonS3FullAccess"):
    """``(credentials, source IP)`` of a colleague: an IAM user with the AWS managed
    ``policy`` and a machine of their own (made once per lab and name)."""
    from awslab.services.iam.directory import bootstrap_user
    people = hub(lab).people
    if (account_id, name) not in people:
        creds = bootstrap_user(lab, account_id, name, lab.ids.unique_id("AIDA"),
                               lab.ids.access_key(), lab.ids.secret(),
                               (f"arn:aws:iam::aws:policy/{policy}",))
        ip = f"{rng.choice(('203.0.113', '198.51.100', '192.0.2'))}.{rng.randrange(2, 250)}"
        set_origin(lab, creds.access_key_id, ip, rng.choice(AGENTS))
        people[(account_id, name)] = (creds, ip)
    return people[(account_id, name)]


def stage_deletion(lab, bucket: str, *, after: timedelta = timedelta(minutes=20),
                   account_id: str = "123456789012", region: str = "us-east-1") -> Story:
    """Put a bucket deletion by a seeded colleague on the clock; return the story."""
    rng = random.Random(f"{lab.seed}/cloudtrail/culprit/{bucket}")
    people = rng.sample(PEOPLE, 3)
    when = lab.now.replace(microsecond=0) + after + timedelta(
        minutes=rng.randrange(5, 30), seconds=rng.randrange(60))
    culprit, ip = colleague(lab, account_id, people[0], rng)
    reader, _ = colleague(lab, account_id, people[1], rng)
    tagger, _ = colleague(lab, account_id, people[2], rng)

    def as_(creds):
        return lab.client("s3", region_name=region, **creds.as_client_kwargs())

    def look(_t):
        as_(reader).list_objects_v2(Bucket=bucket)

    def tag(_t):
        as_(tagger).put_bucket_tagging(Bucket=bucket, Tagging={"TagSet": [
            {"Key": "owner", "Value": "data-team"}, {"Key": "review", "Value": "2026-Q1"}]})

    def empty(t):
        s3 = as_(culprit)
        for k, item in enumerate(s3.list_objects_v2(Bucket=bucket).get("Contents", [])):
            lab.clock.at(t + timedelta(seconds=12 + 3 * k),
                         lambda _t, key=item["Key"]: s3.delete_object(Bucket=bucket, Key=key),
                         name="colleague")

    def delete(_t):
        as_(culprit).delete_bucket(Bucket=bucket)

    lab.clock.at(when - timedelta(minutes=rng.randrange(9, 16)), look, name="colleague")
    lab.clock.at(when - timedelta(minutes=rng.randrange(3, 8)), tag, name="colleague")
    lab.clock.at(when - timedelta(seconds=rng.randrange(40, 90)), empty, name="colleague")
    lab.clock.at(when, delete, name="colleague")
    hub(lab).stories[bucket] = Truth(people[0], culprit.principal.arn, when, ip,
                                     tuple(people[1:]))
    return Story(bucket, when - timedelta(minutes=30), when + timedelta(minutes=30))


def truth(lab, bucket: str) -> Truth | None:
    """The seeded culprit of a staged deletion, or None."""
    return hub(lab).stories.get(bucket)
