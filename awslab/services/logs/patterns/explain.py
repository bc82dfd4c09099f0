"""Why a message matches a filter pattern or not: one :class:`Part` per term, condition
or field, with the spans of the message to highlight (the NB03 playground)."""
from __future__ import annotations

import json
import re

from awslab.services.logs.patterns import Explanation, Part, delimited, json_pattern


def explain(pattern, message: str) -> Explanation:
    """The :class:`Explanation` of ``pattern.matches(message)``."""
    matched = pattern.matches(message)
    if pattern.kind == "all":
        return Explanation(True, [], "an empty pattern matches every event")
    parts, reason = {"terms": _terms, "json": _json, "delimited": _delimited}[
        pattern.kind](pattern, message)
    return Explanation(matched, parts, reason if not matched else "every part holds")


def _terms(pattern, message: str):
    parts, reasons = [], []
    optional_hit = None
    for t in pattern.tree:
        spans = t.spans(message) if t.text.strip() else [(0, len(message))]
        found = bool(spans)
        prefix = {"optional": "?", "excluded": "-", "required": ""}[t.role]
        shown = f"%{t.text}%" if t.kind == "regex" else (
            f'"{t.text}"' if t.kind == "phrase" else t.text)
        ok = not found if t.role == "excluded" else found
        if t.role == "optional":
            optional_hit = bool(optional_hit) or found
        elif not ok:
            reasons.append(f"{shown} is {'present' if found else 'missing'}")
        parts.append(Part(prefix + shown, ok, spans, {
            "required": "must appear", "optional": "one ?term must appear",
            "excluded": "must not appear"}[t.role]))
    if optional_hit is False:
        reasons.append("none of the ?terms appears")
    return parts, "; ".join(reasons) or "no match"


def _json(pattern, message: str):
    doc = json_pattern.load(message)
    if doc is None:
        return [Part(str(c), False, [], "not a JSON object")
                for c in pattern.tree.conditions()], "the event is not a JSON object"
    parts = []
    for cond in pattern.tree.conditions():
        actual = cond.actual(doc)
        ok = cond.test()(doc)
        note = "missing" if actual is json_pattern.MISSING else \
            f"found {json.dumps(actual)[:40]}"
        parts.append(Part(str(cond), ok, _key_spans(message, cond.path), note))
    failed = [p.label for p in parts if not p.ok]
    return parts, "fails: " + ", ".join(failed) if failed else "the && / || combination fails"


def _key_spans(message: str, path: tuple) -> list[tuple[int, int]]:
    """The span of ``"key": value`` for the last key of ``path`` (first occurrence)."""
    key = next((s for s in reversed(path) if isinstance(s, str)), None)
    if key is None:
        return []
    m = re.search(r'"%s"\s*:\s*("(?:[^"\\]|\\.)*"|[^,}\]\s]+)?' % re.escape(key), message)
    return [m.span()] if m else []


def _delimited(pattern, message: str):
    spans = delimited.field_spans(message)
    fields = [f for f, _, _ in spans]
    slots = pattern.tree
    tests = [s.test() for s in slots]
    where = delimited.assign(slots, tests, fields)
    if where is None:
        where = delimited.assign(slots, [None] * len(slots), fields)
        if where is None:
            shape = (f"{len(fields)} fields for {len(slots)} slots" if
                     all(s.name for s in slots) else "too few fields")
            return [Part(s.text, False, [], shape) for s in slots if s.name], \
                f"the event does not split into the pattern's fields ({shape})"
    parts = []
    for i, j in sorted(where.items()):
        slot = slots[i]
        ok = tests[i] is None or tests[i](fields[j])
        parts.append(Part(slot.text, ok, [spans[j][1:]], f"${slot.name} = {fields[j]!r}"))
    failed = [p.label for p in parts if not p.ok]
    return parts, "fails: " + ", ".join(failed) if failed else "no match"
