"""The ``wildcard`` operator: syntax, the regular expression it means, and its complexity.

``*`` matches any run of characters (none included); ``\\*`` is a literal star and
``\\\\`` a literal backslash; any other escape and two consecutive stars are invalid.
EventBridge also refuses wildcards that would keep too many partial matches alive at once
("Rule is too complex ..."): :func:`complexity` counts them on the pattern's automaton.
"""
from __future__ import annotations

import re

STAR = None                       # token of a ``*`` among the literal characters
COMPLEXITY_LIMIT = 10
TOO_COMPLEX = ("Rule is too complex - try using fewer wildcard characters or fewer "
               "repeating character sequences after a wildcard character")


def tokens(pattern: str, fail) -> list:
    """The pattern as literal characters and :data:`STAR`; ``fail(reason)`` on bad syntax."""
    out: list = []
    i = 0
    while i < len(pattern):
        ch = pattern[i]
        if ch == "\\":
            if i + 1 >= len(pattern) or pattern[i + 1] not in "*\\":
                fail(f"Invalid escape character at pos {i}")
            out.append(pattern[i + 1])
            i += 2
            continue
        if ch == "*":
            if out and out[-1] is STAR and pattern[i - 1] == "*":
                fail(f"Consecutive wildcard characters at pos {i}")
            out.append(STAR)
        else:
            out.append(ch)
        i += 1
    return out


def regex(toks: list) -> re.Pattern:
    return re.compile("".join(".*" if t is STAR else re.escape(t) for t in toks), re.DOTALL)


def complexity(toks_list: list[list]) -> int:
    """The most partial matches the wildcards of one field can keep alive on one input.

    States of the automaton are positions in each (quoted) pattern; a star position
    loops on every character. Every reachable set of positions is explored (one
    representative stands for all characters the patterns do not name); the answer is the
    largest set (more than :data:`COMPLEXITY_LIMIT` is refused).
    """
    patterns = [['"', *t, '"'] for t in toks_list]
    alphabet = sorted({t for p in patterns for t in p if t is not STAR}) + [STAR]

    def closure(states):
        out, todo = set(), list(states)
        while todo:
            p, i = todo.pop()
            if (p, i) in out:
                continue
            out.add((p, i))
            if i < len(patterns[p]) and patterns[p][i] is STAR:
                todo.append((p, i + 1))
        return frozenset(out)

    def step(states, ch):
        nxt = []
        for p, i in states:
            if i >= len(patterns[p]):
                continue
            tok = patterns[p][i]
            if tok is STAR:
                nxt.append((p, i))
            elif ch is not STAR and tok == ch:
                nxt.append((p, i + 1))
        return closure(nxt)

    start = closure([(p, 0) for p in range(len(patterns))])
    seen, todo, worst = {start}, [start], len(start)
    while todo and len(seen) < 4000:
        states = todo.pop()
        for ch in alphabet:
            nxt = step(states, ch)
            if nxt and nxt not in seen:
                worst = max(worst, len(nxt))
                if worst > COMPLEXITY_LIMIT:
                    return worst
                seen.add(nxt)
                todo.append(nxt)
    return worst
