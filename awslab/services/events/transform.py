"""What a target receives: the whole event, ``Input``, ``InputPath`` or an
``InputTransformer`` (``InputPathsMap`` + ``InputTemplate``), with AWS's rules.

Paths are JSONPath of the simple kind EventBridge accepts (``$``, ``$.detail.state``,
``$.resources[0]``). In a template, ``<name>`` inside a JSON string is replaced by the
value's text; outside a string by its JSON. Predefined names: ``aws.events.rule-arn``,
``aws.events.rule-name``, ``aws.events.event.ingestion-time``, ``aws.events.event`` and
``aws.events.event.json`` (the whole event).
"""
from __future__ import annotations

import json
import re

from awslab.services.events.errors import ValidationException

PATH = re.compile(r"\$(?:\.[A-Za-z0-9_\-@$]+|\[\d+\]|\['[^']+'\])*")
STEP = re.compile(r"\.([A-Za-z0-9_\-@$]+)|\[(\d+)\]|\['([^']+)'\]")
VARIABLE = re.compile(r"<([A-Za-z0-9_\-.]+)>")
PREDEFINED = ("aws.events.rule-arn", "aws.events.rule-name",
              "aws.events.event.ingestion-time", "aws.events.event", "aws.events.event.json")
MAX_PATHS = 100
MISSING = object()


def check_path(path: str, member: str) -> None:
    if not isinstance(path, str) or PATH.fullmatch(path) is None:
        raise ValidationException(f"{member} is not valid: {path!r} is not a JSONPath "
                                  "EventBridge accepts")


def extract(event, path: str):
    """The value at ``path`` (``MISSING`` when there is none)."""
    node = event
    for name, index, quoted in STEP.findall(path[1:]):
        key = name or quoted
        if key:
            if not isinstance(node, dict) or key not in node:
                return MISSING
            node = node[key]
        else:
            if not isinstance(node, list) or int(index) >= len(node):
                return MISSING
            node = node[int(index)]
    return node


def check_target_input(spec: dict) -> None:
    """PutTargets' checks: one way to shape the input, valid paths, names and JSON."""
    given = [k for k in ("Input", "InputPath", "InputTransformer") if spec.get(k) is not None]
    if len(given) > 1:
        raise ValidationException("Only one of Input, InputPath, or InputTransformer must "
                                  "be provided.")
    if spec.get("Input") is not None:
        try:
            json.loads(spec["Input"])
        except ValueError:
            raise ValidationException("Input is not a valid JSON text.") from None
    if spec.get("InputPath") is not None:
        check_path(spec["InputPath"], "InputPath")
    transformer = spec.get("InputTransformer")
    if transformer is not None:
        paths = transformer.get("InputPathsMap") or {}
        if len(paths) > MAX_PATHS:
            raise ValidationException(f"InputPathsMap has more than {MAX_PATHS} entries.")
        for name, path in paths.items():
            if name in PREDEFINED or name.startswith("aws."):
                raise ValidationException(f"InputTransformer: {name} is a reserved name.")
            check_path(path, f"InputPathsMap {name}")


def _value(name: str, paths: dict, event: dict, rule_arn: str, ingested: str):
    if name in paths:
        return extract(event, paths[name])
    return {"aws.events.rule-arn": rule_arn,
            "aws.events.rule-name": rule_arn.rsplit("/", 1)[-1],
            "aws.events.event.ingestion-time": ingested,
            "aws.events.event": event, "aws.events.event.json": event}.get(name, MISSING)


def _in_string(template: str, pos: int) -> bool:
    """Whether ``pos`` lies inside a JSON string literal of ``template``."""
    inside, escaped = False, False
    for ch in template[:pos]:
        if escaped:
            escaped = False
        elif ch == "\\":
            escaped = True
        elif ch == '"':
            inside = not inside
    return inside


def render_template(template: str, paths: dict, event: dict, rule_arn: str,
                    ingested: str) -> str:
    """``InputTemplate`` with its ``<name>`` variables replaced."""
    def replace(match: re.Match) -> str:
        name = match.group(1)
        if name not in paths and name not in PREDEFINED:
            return match.group(0)
        value = _value(name, paths, event, rule_arn, ingested)
        quoted = _in_string(template, match.start())
        if value is MISSING:
            return "" if quoted else "null"
        if quoted:
            text = value if isinstance(value, str) else json.dumps(value)
            return json.dumps(text)[1:-1]
        return json.dumps(value)
    return VARIABLE.sub(replace, template)


def payload(spec: dict, event: dict, rule_arn: str, ingested: str) -> str:
    """The text the target receives for ``event``."""
    if spec.get("Input") is not None:
        return spec["Input"]
    if spec.get("InputPath") is not None:
        value = extract(event, spec["InputPath"])
        return "null" if value is MISSING else json.dumps(value)
    transformer = spec.get("InputTransformer")
    if transformer is not None:
        return render_template(transformer["InputTemplate"],
                               transformer.get("InputPathsMap") or {}, event, rule_arn,
                               ingested)
    return json.dumps(event)
