"""Schedule expressions of scheduled rules: ``rate(...)`` and 6-field ``cron(...)``
(aws-facts 5.3), parsed and validated as EventBridge does, and their next firings.

A pure module: :func:`next_fire_times` answers from the expression and a time alone; an
invalid expression raises the ``ValidationException`` PutRule returns
(``Parameter ScheduleExpression is not valid.``).
"""
from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

from awslab.services.events.errors import ValidationException

UTC = timezone.utc
MAX_LENGTH = 256
RATE = re.compile(r"rate\((\d+) (minutes?|hours?|days?)\)")
UNIT_SECONDS = {"minute": 60, "hour": 3600, "day": 86400}
MONTHS = {n: i for i, n in enumerate(
    "JAN FEB MAR APR MAY JUN JUL AUG SEP OCT NOV DEC".split(), start=1)}
DAYS = {n: i for i, n in enumerate("SUN MON TUE WED THU FRI SAT".split(), start=1)}
FIELDS = (("minutes", 0, 59, None), ("hours", 0, 23, None), ("day-of-month", 1, 31, None),
          ("month", 1, 12, MONTHS), ("day-of-week", 1, 7, DAYS), ("year", 1970, 2199, None))


class _Invalid(Exception):
    pass


def invalid() -> ValidationException:
    return ValidationException("Parameter ScheduleExpression is not valid.")


@dataclass(frozen=True)
class Rate:
    """``rate(value unit)``: every ``seconds`` from when the rule was created."""

    value: int
    unit: str
    seconds: int

    def next_after(self, after: datetime, anchor: datetime) -> datetime:
        step = timedelta(seconds=self.seconds)
        if after < anchor:
            return anchor + step if anchor + step > after else anchor
        periods = int((after - anchor) / step) + 1
        return anchor + periods * step


@dataclass(frozen=True)
class Cron:
    """``cron(...)``: sets of allowed minutes, hours, months and years, and the two day
    fields (one of them ``?``) as lists of rules."""

    minutes: frozenset
    hours: frozenset
    months: frozenset
    years: frozenset
    days_of_month: tuple | None      # ("day", n) ("last",) ("lastweekday",) ("weekday", n)
    days_of_week: tuple | None       # ("dow", n) ("lastdow", n) ("nth", n, k)

    def day_ok(self, year: int, month: int, day: int) -> bool:
        if self.days_of_month is not None:
            return any(_dom(rule, year, month, day) for rule in self.days_of_month)
        return any(_dow(rule, year, month, day) for rule in self.days_of_week)

    def next_after(self, after: datetime) -> datetime | None:
        start = after.replace(second=0, microsecond=0) + timedelta(minutes=1)
        for year in sorted(y for y in self.years if y >= start.year):
            for month in sorted(self.months):
                if (year, month) < (start.year, start.month):
                    continue
                first = start.day if (year, month) == (start.year, start.month) else 1
                for day in range(first, calendar.monthrange(year, month)[1] + 1):
                    if not self.day_ok(year, month, day):
                        continue
                    same_day = (year, month, day) == (start.year, start.month, start.day)
                    for hour in sorted(self.hours):
                        if same_day and hour < start.hour:
                            continue
                        for minute in sorted(self.minutes):
                            when = datetime(year, month, day, hour, minute, tzinfo=UTC)
                            if when >= start:
                                return when
        return None


def _weekday(year: int, month: int, day: int) -> int:
    """1 = Sunday ... 7 = Saturday, as cron numbers days of the week."""
    return (calendar.weekday(year, month, day) + 1) % 7 + 1


def _dom(rule: tuple, year: int, month: int, day: int) -> bool:
    last = calendar.monthrange(year, month)[1]
    if rule[0] == "day":
        return day == rule[1]
    if rule[0] == "last":
        return day == last
    target = last if rule[0] == "lastweekday" else min(rule[1], last)
    return day == _nearest_weekday(year, month, target, last)


def _nearest_weekday(year: int, month: int, target: int, last: int) -> int:
    """``W``: the weekday nearest ``target`` without leaving the month."""
    dow = _weekday(year, month, target)
    if dow == 7:                                   # Saturday: Friday, or Monday on the 1st
        return target - 1 if target > 1 else target + 2
    if dow == 1:                                   # Sunday: Monday, or Friday at month end
        return target + 1 if target < last else target - 2
    return target


def _dow(rule: tuple, year: int, month: int, day: int) -> bool:
    weekday = _weekday(year, month, day)
    if rule[0] == "dow":
        return weekday == rule[1]
    if weekday != rule[1]:
        return False
    if rule[0] == "lastdow":
        return day + 7 > calendar.monthrange(year, month)[1]
    return (day - 1) // 7 + 1 == rule[2]


# -- parsing ------------------------------------------------------------------------------
def _number(text: str, low: int, high: int, names: dict | None) -> int:
    if names and text.upper() in names:
        return names[text.upper()]
    if not text.isdigit():
        raise _Invalid
    value = int(text)
    if not low <= value <= high:
        raise _Invalid
    return value


def _values(text: str, low: int, high: int, names: dict | None) -> set:
    """One element of a list: ``*``, ``n``, ``a-b``, each optionally ``/step``."""
    base, _, step_text = text.partition("/")
    if _ and not step_text.isdigit():
        raise _Invalid
    step = int(step_text) if step_text else 1
    if step < 1:
        raise _Invalid
    if base == "*":
        start, end = low, high
    elif "-" in base:
        a, _, b = base.partition("-")
        start, end = _number(a, low, high, names), _number(b, low, high, names)
    else:
        start = _number(base, low, high, names)
        end = high if step_text else start
    span = list(range(start, end + 1)) if start <= end else \
        list(range(start, high + 1)) + list(range(low, end + 1))     # wrap-around
    return set(span[::step])


def _plain(text: str, low: int, high: int, names: dict | None) -> frozenset:
    if not text or "?" in text:
        raise _Invalid
    found = set()
    for item in text.split(","):
        found |= _values(item, low, high, names)
    return frozenset(found)


def _day_of_month(text: str):
    if text == "?":
        return None
    rules: list = []
    for item in text.split(","):
        if item == "L":
            rules.append(("last",))
        elif item == "LW":
            rules.append(("lastweekday",))
        elif item.endswith("W"):
            rules.append(("weekday", _number(item[:-1], 1, 31, None)))
        else:
            rules.extend(("day", d) for d in _values(item, 1, 31, None))
    return tuple(rules)


def _day_of_week(text: str):
    if text == "?":
        return None
    items = text.split(",")
    if "#" in text and len(items) > 1:
        raise _Invalid                                # only one # expression per field
    rules: list = []
    for item in items:
        if item == "L":
            rules.append(("dow", 7))
        elif item.endswith("L"):
            rules.append(("lastdow", _number(item[:-1], 1, 7, DAYS)))
        elif "#" in item:
            day, _, nth = item.partition("#")
            rules.append(("nth", _number(day, 1, 7, DAYS), _number(nth, 1, 5, None)))
        else:
            rules.extend(("dow", d) for d in _values(item, 1, 7, DAYS))
    return tuple(rules)


def _cron(body: str) -> Cron:
    parts = body.split(" ")
    if len(parts) != 6:
        raise _Invalid
    minute, hour, dom, month, dow, year = parts
    if (dom == "?") == (dow == "?"):
        raise _Invalid               # exactly one of the day fields must be "?"
    return Cron(_plain(minute, 0, 59, None), _plain(hour, 0, 23, None),
                _plain(month, 1, 12, MONTHS), _plain(year, 1970, 2199, None),
                _day_of_month(dom), _day_of_week(dow))


def parse_schedule(expression: str) -> Rate | Cron:
    """The parsed expression; ``ValidationException`` when EventBridge refuses it."""
    if not isinstance(expression, str) or len(expression) > MAX_LENGTH:
        raise invalid()
    rate = RATE.fullmatch(expression)
    if rate:
        value, unit = int(rate.group(1)), rate.group(2)
        if value < 1 or (value == 1) == unit.endswith("s"):
            raise invalid()
        return Rate(value, unit, value * UNIT_SECONDS[unit.rstrip("s")])
    if expression.startswith("cron(") and expression.endswith(")"):
        try:
            return _cron(expression[5:-1])
        except _Invalid:
            raise invalid() from None
    raise invalid()


def next_fire_times(schedule_expression: str, after: datetime, count: int,
                    anchor: datetime | None = None) -> list[datetime]:
    """The next ``count`` UTC datetimes the expression fires strictly after ``after``.

    ``rate(...)`` counts from ``anchor`` (when the rule was created or enabled; default
    ``after``), to the minute; ``cron(...)`` fires at second 0 of its minutes. A cron
    expression whose years run out gives fewer than ``count`` times.
    """
    schedule = parse_schedule(schedule_expression)
    after = after.astimezone(UTC) if after.tzinfo else after.replace(tzinfo=UTC)
    out: list[datetime] = []
    if isinstance(schedule, Rate):
        base = (anchor or after).astimezone(UTC).replace(second=0, microsecond=0)
        when = after
        while len(out) < count:
            when = schedule.next_after(when, base)
            out.append(when)
        return out
    when = after
    while len(out) < count:
        nxt = schedule.next_after(when)
        if nxt is None:
            break
        out.append(nxt)
        when = nxt
    return out
