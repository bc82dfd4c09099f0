"""StateReason and StateReasonData as CloudWatch writes them (aws-facts 2.1, 2.3).

The wordings follow alarm notifications and API answers quoted in public repositories
and issues, e.g.:

* ``Threshold Crossed: 1 datapoint [3.0 (26/10/24 18:59:00)] was greater than or equal to
  the threshold (1.0).`` (one evaluation period);
* ``Threshold Crossed: 3 out of the last 3 datapoints [8.89 (14/07/21 23:18:00), ...] were
  greater than or equal to the threshold (7.0) (minimum 3 datapoints for OK -> ALARM
  transition).``; ``3 out of the last 5 datapoints [...] were not greater than the
  threshold (0.0) (minimum 3 datapoints for ALARM -> OK transition).`` - the datapoints
  listed are those on the side of the new state, newest first, and an M-of-N alarm needs
  N - M + 1 of them to go back to OK;
* ``... and 19 missing datapoints were treated as [NonBreaching] (minimum 1 datapoint for
  OK -> ALARM transition).``; ``no datapoints were received for 2 periods and 2 missing
  datapoints were treated as [Breaching].``; ``Insufficient Data: 1 datapoint was
  unknown.``; ``Unchecked: Initial alarm creation``;
* composite alarms: ``arn:...:alarm:child transitioned to ALARM at Sunday 30 October,
  2022 20:47:35 UTC`` with ``{"triggeringAlarms": [...]}``.

Numbers print as Java's ``Double.toString`` does (``85.0``, ``1.0E7``) and datapoint times
as ``dd/mm/yy HH:MM:SS`` (UTC).
"""
from __future__ import annotations

import json
from datetime import datetime
from decimal import Decimal

INITIAL = "Unchecked: Initial alarm creation"
OPERATOR_WORDS = {
    "GreaterThanOrEqualToThreshold": "greater than or equal to",
    "GreaterThanThreshold": "greater than",
    "LessThanThreshold": "less than",
    "LessThanOrEqualToThreshold": "less than or equal to",
}


def java_double(value: float) -> str:
    """``value`` as Java's ``Double.toString`` prints it (how AWS prints numbers)."""
    if value != value:
        return "NaN"
    if value in (float("inf"), float("-inf")):
        return "Infinity" if value > 0 else "-Infinity"
    if value == 0:
        return "-0.0" if str(value).startswith("-") else "0.0"
    if 1e-3 <= abs(value) < 1e7:
        text = repr(float(value))
        return text if "." in text or "e" in text else text + ".0"
    sign, digits, exponent = Decimal(repr(float(value))).normalize().as_tuple()
    mantissa = "".join(map(str, digits))
    power = exponent + len(mantissa) - 1
    head, tail = mantissa[0], mantissa[1:] or "0"
    return f"{'-' if sign else ''}{head}.{tail}E{power}"


def datapoint_time(t: datetime) -> str:
    """``26/10/24 18:59:00``: how a StateReason shows a datapoint's period start."""
    return t.strftime("%d/%m/%y %H:%M:%S")


def iso_ms(t: datetime) -> str:
    """``2024-10-26T18:59:00.000+0000``: timestamps in reason data, notifications, events."""
    return t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond // 1000:03d}+0000"


def long_time(t: datetime) -> str:
    """``Sunday 30 October, 2022 20:47:35 UTC`` (composite alarm reasons)."""
    return t.strftime("%A %d %B, %Y %H:%M:%S UTC")


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def _listed(points) -> str:
    """``[85.0 (05/01/26 00:12:00), ...]``, newest first."""
    shown = sorted(points, key=lambda p: p[0], reverse=True)
    return "[" + ", ".join(f"{java_double(v)} ({datapoint_time(t)})" for t, v in shown) + "]"


def threshold_reason(new_state: str, real: list[tuple[datetime, float, bool]],
                     filled: int, fill_breaching: bool | None, operator: str,
                     threshold: float, evaluation_periods: int,
                     datapoints_to_alarm: int) -> str:
    """The StateReason of an evaluation that ended in OK or ALARM.

    ``real`` holds the evaluated real datapoints as ``(period start, value, breaching)``;
    ``filled`` counts missing datapoints the treatment supplied, as breaching or not.
    """
    alarm = new_state == "ALARM"
    side = [(t, v) for t, v, hit in real if hit == alarm]
    words = OPERATOR_WORDS[operator] if alarm else "not " + OPERATOR_WORDS[operator]
    verb = "was" if len(side) == 1 else "were"
    minimum = datapoints_to_alarm if alarm else evaluation_periods - datapoints_to_alarm + 1
    transition = "OK -> ALARM" if alarm else "ALARM -> OK"
    tail = f" (minimum {_plural(minimum, 'datapoint')} for {transition} transition)."
    treated = ""
    if filled:
        as_what = "Breaching" if fill_breaching else "NonBreaching"
        treated = (f" and {_plural(filled, 'missing datapoint')} "
                   f"{'was' if filled == 1 else 'were'} treated as [{as_what}]")
    if filled and not side:
        received = ("no datapoints were" if not real else
                    f"{_plural(len(real), 'datapoint')} {'was' if len(real) == 1 else 'were'}")
        return (f"Threshold Crossed: {received} received for "
                f"{_plural(len(real) + filled, 'period')}{treated}.")
    considered = len(real) + filled
    if evaluation_periods == 1 and not filled:
        return (f"Threshold Crossed: 1 datapoint {_listed(side)} {verb} {words} the "
                f"threshold ({java_double(threshold)}).")
    return (f"Threshold Crossed: {len(side)} out of the last {considered} datapoints "
            f"{_listed(side)} {verb} {words} the threshold ({java_double(threshold)})"
            f"{treated}{tail}")


def insufficient_reason(evaluation_periods: int) -> str:
    """``Insufficient Data: 1 datapoint was unknown.``"""
    n = evaluation_periods
    return f"Insufficient Data: {_plural(n, 'datapoint')} {'was' if n == 1 else 'were'} unknown."


def reason_data(query_date: datetime, statistic: tuple[str, str] | None, period: int,
                threshold: float, range_points: list[tuple[datetime, float | None, float | None]],
                evaluated: list[tuple[datetime, float | None, float | None]]) -> str:
    """StateReasonData: the JSON document CloudWatch stores beside a threshold reason.

    ``statistic`` is ``("statistic", "Average")``, ``("extendedStatistic", "p90")`` or
    None (metric math); points are ``(period start, value or None, sample count or None)``,
    ``range_points`` oldest first and ``evaluated`` the evaluated periods.
    """
    doc: dict = {"version": "1.0", "queryDate": iso_ms(query_date)}
    real_evaluated = [p for p in evaluated if p[1] is not None]
    if real_evaluated:
        doc["startDate"] = iso_ms(min(p[0] for p in evaluated))
    if statistic is not None:
        doc[statistic[0]] = statistic[1]
    doc["period"] = period
    doc["recentDatapoints"] = [v for _, v, _ in range_points if v is not None]
    doc["threshold"] = float(threshold)
    items = []
    for t, v, n in sorted(evaluated, key=lambda p: p[0], reverse=True):
        item: dict = {"timestamp": iso_ms(t)}
        if v is not None:
            if n is not None:
                item["sampleCount"] = float(n)
            item["value"] = v
        items.append(item)
    doc["evaluatedDatapoints"] = items
    return json.dumps(doc, separators=(",", ":"))


def composite_reason(child_arn: str, state: str, when: datetime) -> str:
    """``arn:...:alarm:child transitioned to ALARM at Sunday 30 October, 2022 20:47:35 UTC``"""
    return f"{child_arn} transitioned to {state} at {long_time(when)}"


def composite_reason_data(children: list[tuple[str, str, datetime]]) -> str:
    """``{"triggeringAlarms": [{"arn", "state": {"value", "timestamp"}}, ...]}``"""
    return json.dumps({"triggeringAlarms": [
        {"arn": arn, "state": {"value": value, "timestamp": iso_ms(when)}}
        for arn, value, when in children]}, separators=(",", ":"))
