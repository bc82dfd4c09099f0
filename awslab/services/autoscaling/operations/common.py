"""Helpers shared by the Auto Scaling handlers."""
from __future__ import annotations

from awslab.bridge.pagination import paginate
from awslab.services.autoscaling.errors import InvalidNextToken, ValidationError, group_not_found


def find_group(state, name: str, deleting_ok: bool = False):
    """The group called ``name`` (also accepted: its ARN), or Auto Scaling's error."""
    group = state.groups.get(name) or next(
        (g for g in state.groups.values() if g.arn == name), None)
    if group is None or (group.status is not None and not deleting_ok):
        raise group_not_found(name)
    return group


def page(items: list, p: dict, default: int, salt: str) -> tuple[list, str | None]:
    """One page of ``items`` for ``MaxRecords``/``NextToken``."""
    size = p.get("MaxRecords") or default
    if not 1 <= size <= 100:
        raise ValidationError(f"MaxRecords must be between 1 and 100, got {size}")
    return paginate(items, p.get("NextToken"), size, salt, InvalidNextToken)
