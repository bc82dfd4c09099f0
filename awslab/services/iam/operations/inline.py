"""Inline policies of users, groups and roles (Put/Get/List/Delete{User,Group,Role}Policy).

The sum of an identity's inline policies is capped (aws-facts 9.6: user 2,048, group
5,120, role 10,240 characters, white space not counted).
"""
from __future__ import annotations

from awslab.services.iam import errors
from awslab.services.iam.entities import InlinePolicy
from awslab.services.iam.operations import OPERATIONS
from awslab.services.iam.operations.common import (
    encoded, get_group, get_role, get_user, page, parse_document)
from awslab.services.iam.policy import check_size

_LOOKUP = {"user": (get_user, "UserName"), "group": (get_group, "GroupName"),
           "role": (get_role, "RoleName")}


def _entity(call, p, kind: str):
    lookup, key = _LOOKUP[kind]
    return lookup(call.state(), p[key]), key


def put(call, p, kind: str) -> dict:
    entity, _ = _entity(call, p, kind)
    name, text = p["PolicyName"], p["PolicyDocument"]
    compiled = parse_document(text, name=name)
    others = [x.text for k, x in entity.inline.items() if k != name.lower()]
    check_size(others + [text], kind, entity.name)
    entity.inline.pop(name.lower(), None)
    entity.inline[name.lower()] = InlinePolicy(name, text, compiled)
    return {}


def get(call, p, kind: str) -> dict:
    entity, key = _entity(call, p, kind)
    policy = entity.inline.get(p["PolicyName"].lower())
    if policy is None:
        raise errors.no_such_inline(kind, p["PolicyName"])
    return {key: entity.name, "PolicyName": policy.name,
            "PolicyDocument": encoded(policy.text)}


def list_names(call, p, kind: str) -> dict:
    entity, _ = _entity(call, p, kind)
    names = [x.name for x in entity.inline.values()]
    chunk, more = page(names, p, [f"List{kind}Policies", entity.name])
    return {"PolicyNames": chunk, **more}


def delete(call, p, kind: str) -> dict:
    entity, _ = _entity(call, p, kind)
    if entity.inline.pop(p["PolicyName"].lower(), None) is None:
        raise errors.no_such_inline(kind, p["PolicyName"])
    return {}


def _register(kind: str) -> None:
    """Register ``put_user_policy``, ``get_user_policy``... for one kind of identity."""
    title = kind.capitalize()
    for verb, fn, noun in (("Put", put, "Policy"), ("Get", get, "Policy"),
                           ("Delete", delete, "Policy"), ("List", list_names, "Policies")):
        def handler(call, p, fn=fn):
            return fn(call, p, kind)
        handler.__name__ = f"{verb.lower()}_{kind}_{noun.lower()}"
        OPERATIONS(f"{verb}{title}{noun}")(handler)


for _kind in _LOOKUP:
    _register(_kind)
