"""CloudWatch dashboard bodies: parse, validate and model them (pure).

Reproduces how PutDashboard checks a ``DashboardBody`` ("Dashboard Body Structure and
Syntax", docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/
CloudWatch-Dashboard-Body-Structure.html): a JSON object with a ``widgets`` array (0-500),
each widget with ``type``, ``x`` 0-23, ``y`` >= 0, ``width`` 1-24 and ``height`` 1-1000
(both default 6) and type-specific ``properties``. Every problem becomes one
``{"DataPath", "Message"}`` entry worded as CloudWatch words them (JSON-schema style
"Should ..." messages, seen in real PutDashboard errors); errors fail the call with
``InvalidParameterInput``, warnings (the dashboard is stored but may not render as meant)
come back in ``DashboardValidationMessages``.

Known gaps: variables, log/explorer/custom widget properties and annotation contents are
only type-checked; the wording of the invalid-JSON, time-range and period messages is
awslab's own (not seen from AWS). Introduced in ``02_custom_metrics_and_dashboards.ipynb``.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from typing import Any, Mapping

from awslab.errors import AwsError
from awslab.services.cloudwatch.errors import InvalidParameterValue

WIDGET_TYPES = ("metric", "text", "log", "alarm", "explorer", "custom")
VIEWS = ("timeSeries", "singleValue", "bar", "pie", "gauge")
REQUIRED_PROPERTY = {"text": "markdown", "alarm": "alarms", "log": "query",
                     "custom": "endpoint"}
HIGH_RES_PERIODS = (1, 5, 10, 20, 30)
MAX_RANGE = timedelta(days=455)
METRICS_SHAPE = ('Field "metrics" has to be an array of array of strings, with an optional '
                 'metricRenderer object as last element')
NO_SOURCE = ("The metric widget should have specified a region and a data source or an "
             "alarm annotation")
_NAME = re.compile(r"[A-Za-z0-9_-]+")
_PREFIX = re.compile(r"[A-Za-z0-9._-]*")
_DURATION = re.compile(r"-P(?=\d|T\d)(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?"
                       r"(?:T(?=\d)(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?")
_TZ = re.compile(r"[+-](?:0\d|1[0-4])[0-5]\d")
_PATTERNS = {"accountId": r"^[0-9]{12}$", "timezone": r"^[+-][0-9]{4}$",
             "color": r"^#([0-9a-fA-F]{6})$", "id": r"^[a-z][a-zA-Z0-9_]*$"}
_STAT = re.compile(r"SampleCount|Average|Sum|Minimum|Maximum|IQM|(?:p|tm|wm|tc|ts)\d{1,2}"
                   r"(?:\.\d+)?|(?:TM|WM|TC|TS|PR)\([^)]*\)")


class InvalidParameterInput(AwsError):
    """PutDashboard's error for a body with errors (botocore names the shape
    DashboardInvalidInputError)."""

    code, status = "InvalidParameterInput", 400

    def __init__(self, issues):
        self.issues = tuple(issues)
        listing = json.dumps([{"dataPath": i.data_path, "message": i.message}
                              for i in self.issues], indent=2)
        super().__init__(f"The dashboard body is invalid, there are {len(self.issues)} "
                         f"validation errors:\n{listing}",
                         dashboardValidationMessages=[i.wire() for i in self.issues])


class ResourceNotFound(AwsError):
    """The named dashboard does not exist (botocore: DashboardNotFoundError)."""

    code, status = "ResourceNotFound", 404


@dataclass(frozen=True)
class Issue:
    """One validation message: where in the body (a JSON pointer) and what is wrong."""

    data_path: str
    message: str

    def wire(self) -> dict:
        return {"DataPath": self.data_path, "Message": self.message}


@dataclass(frozen=True)
class Options:
    """The rendering options object that may end a row of the ``metrics`` array."""

    region: str | None = None
    account_id: str | None = None
    stat: str | None = None
    period: int | None = None
    label: str | None = None
    y_axis: str = "left"
    id: str | None = None
    color: str | None = None
    visible: bool = True


@dataclass(frozen=True)
class MetricRow:
    """One metric of a metric widget, with the ``"."``/``"..."`` shorthand expanded."""

    namespace: str
    metric_name: str
    dimensions: tuple[tuple[str, str], ...] = ()
    options: Options = Options()

    @property
    def dims(self) -> dict[str, str]:
        return dict(self.dimensions)


@dataclass(frozen=True)
class ExpressionRow:
    """A metric-math or search expression row: ``[{"expression": ..., "id": ...}]``."""

    expression: str
    options: Options = Options()


@dataclass(frozen=True)
class Widget:
    """One widget, typed; ``properties`` keeps the raw JSON object."""

    type: str
    x: int | None
    y: int | None
    width: int = 6
    height: int = 6
    properties: dict = field(default_factory=dict)
    metrics: tuple = ()
    title: str | None = None
    region: str | None = None
    account_id: str | None = None
    view: str = "timeSeries"
    period: int | None = None
    stat: str | None = None


@dataclass(frozen=True)
class DashboardBody:
    """A validated body: widgets, time range, period override, time zone and warnings."""

    widgets: tuple[Widget, ...]
    start: str | None = None
    end: str | None = None
    period_override: str = "auto"
    timezone: str | None = None
    warnings: tuple[Issue, ...] = ()

    @property
    def metric_count(self) -> int:
        """How many metrics the dashboard references (the free tier allows 50)."""
        return sum(len(w.metrics) for w in self.widgets)


class _Check:
    """Collects errors and warnings while walking a body."""

    def __init__(self):
        self.errors: list[Issue] = []
        self.warnings: list[Issue] = []

    def err(self, path: str, message: str) -> None:
        self.errors.append(Issue(path, message))

    def warn(self, path: str, message: str) -> None:
        self.warnings.append(Issue(path, message))

    def required(self, obj: Mapping, keys, path: str) -> None:
        for key in keys:
            if key not in obj:
                self.err(path, f"Should have required property '{key}'")

    def get(self, obj: Mapping, key: str, path: str, kind: str, *, lo=None, hi=None,
            enum=(), default=None):
        """``obj[key]`` if it has the JSON type ``kind`` (and bounds/enum/pattern)."""
        if key not in obj:
            return default
        value, where = obj[key], f"{path}/{key}"
        if not _is(value, kind):
            return self.err(where, f"Should be {kind}") or default
        if kind == "integer":
            value = int(value)
        if lo is not None and value < lo:
            return self.err(where, f"Should be >= {lo}") or default
        if hi is not None and value > hi:
            return self.err(where, f"Should be <= {hi}") or default
        if enum and value not in enum:
            self.err(where, "Should be equal to one of the allowed values")
            return default
        pattern = _PATTERNS.get(key)
        if pattern and kind == "string" and not re.fullmatch(pattern.strip("^$"), value):
            return self.err(where, f'Should match pattern "{pattern}"') or default
        return value


def _is(value: Any, kind: str) -> bool:
    number = isinstance(value, (int, float)) and not isinstance(value, bool)
    whole = number and (isinstance(value, int) or value.is_integer())
    return {"integer": whole, "number": number,
            "string": isinstance(value, str), "boolean": isinstance(value, bool),
            "array": isinstance(value, list), "object": isinstance(value, dict)}[kind]


def check_dashboard_name(name: str, field_name: str = "DashboardName") -> None:
    """Raise ``InvalidParameterValue`` unless ``name`` is 1-255 of ``A-Za-z0-9-_``."""
    pattern = _PREFIX if field_name == "DashboardNamePrefix" else _NAME
    allowed = ("alphanumerics, dash (-), period (.) and underscore (_)"
               if pattern is _PREFIX else "alphanumerics, dash (-) and underscore (_)")
    if not pattern.fullmatch(name):
        raise InvalidParameterValue(f"The value {name} for field {field_name} contains "
                                    f"invalid characters. It can only contain {allowed}.")
    if len(name) > 255:
        raise InvalidParameterValue(f"The value for field {field_name} must be at most 255 "
                                    "characters long.")


def _reject(constant: str):
    raise ValueError(f"{constant} is not a JSON value")


def _load(body) -> Any:
    if isinstance(body, Mapping):
        return dict(body)
    try:
        return json.loads(body, parse_constant=_reject)
    except RecursionError:
        raise InvalidParameterInput([Issue("", "Invalid JSON: nested too deeply")]) \
            from None
    except ValueError as exc:
        detail = (f"{exc.msg} at line {exc.lineno} column {exc.colno}"
                  if isinstance(exc, json.JSONDecodeError) else str(exc))
        raise InvalidParameterInput([Issue("", f"Invalid JSON: {detail}")]) from None


def parse_body(body: str | Mapping) -> DashboardBody:
    """Validate a dashboard body and return it as typed objects.

    Introduced in ``02_custom_metrics_and_dashboards.ipynb``.

    Parameters
    ----------
    body : str or dict
        The ``DashboardBody`` JSON text (or the object it encodes).

    Returns
    -------
    DashboardBody
        Widgets (metric rows expanded), time range, period override, time zone, and the
        warnings PutDashboard returns in ``DashboardValidationMessages``.

    Raises
    ------
    InvalidParameterInput
        With one ``{"DataPath", "Message"}`` per problem, as PutDashboard answers.
    """
    doc, check = _load(body), _Check()
    if not isinstance(doc, dict):
        raise InvalidParameterInput([Issue("", "Should be object")])
    check.required(doc, ("widgets",), "")
    raw_widgets = check.get(doc, "widgets", "", "array", default=[])
    if len(raw_widgets) > 500:
        check.err("/widgets", "Should NOT have more than 500 items")
    start = check.get(doc, "start", "", "string")
    end = check.get(doc, "end", "", "string")
    if start is not None and not (_DURATION.fullmatch(start) or _instant(start)):
        check.err("/start", "Should be a relative time such as -PT3H or an ISO 8601 time")
    if end is not None and not _instant(end):
        check.err("/end", "Should be an ISO 8601 time such as 2026-01-05T12:00:00.000Z")
    if end is not None and start is None:
        check.warn("/end", "end is ignored unless start is also specified")
    elif start and end and _instant(start) and _instant(end) and \
            _instant(end) <= _instant(start):
        check.warn("/end", "end should be later than start")
    override = check.get(doc, "periodOverride", "", "string", enum=("auto", "inherit"),
                         default="auto")
    tz = check.get(doc, "timezone", "", "string")
    if tz is not None:
        check.warn("/timezone", "timezone is a property of each metric widget; at the top "
                   "level it is not part of AWS's dashboard body")
    widgets = tuple(w for i, raw in enumerate(raw_widgets)
                    if (w := _widget(check, raw, f"/widgets/{i}")) is not None)
    if check.errors:
        raise InvalidParameterInput(check.errors)
    return DashboardBody(widgets, start, end, override, tz, tuple(check.warnings))


def _instant(text: str) -> datetime | None:
    try:
        t = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    return t if t.tzinfo else t.replace(tzinfo=timezone.utc)


def _widget(check: _Check, raw, path: str) -> Widget | None:
    if not isinstance(raw, dict):
        return check.err(path, "Should be object")
    check.required(raw, ("type", "properties"), path)
    kind = check.get(raw, "type", path, "string", enum=WIDGET_TYPES)
    x = check.get(raw, "x", path, "integer", lo=0, hi=23)
    y = check.get(raw, "y", path, "integer", lo=0)
    width = check.get(raw, "width", path, "integer", lo=1, hi=24, default=6)
    height = check.get(raw, "height", path, "integer", lo=1, hi=1000, default=6)
    props = check.get(raw, "properties", path, "object")
    if props is None or kind is None:
        return Widget(kind, x, y, width, height)
    path += "/properties"
    if kind in REQUIRED_PROPERTY:
        check.required(props, (REQUIRED_PROPERTY[kind],), path)
    if kind == "text":
        check.get(props, "markdown", path, "string")
        check.get(props, "background", path, "string", enum=("transparent", "solid"))
    elif kind == "alarm" and not check.get(props, "alarms", path, "array", default=[0]):
        check.err(f"{path}/alarms", "Should NOT have less than 1 items")
    elif kind in ("log", "custom"):
        check.get(props, REQUIRED_PROPERTY[kind], path, "string")
    common = {"title": check.get(props, "title", path, "string"),
              "region": check.get(props, "region", path, "string"),
              "account_id": check.get(props, "accountId", path, "string")}
    if kind != "metric":
        return Widget(kind, x, y, width, height, props, **common)
    rows = _rows(check, check.get(props, "metrics", path, "array", default=[]),
                 f"{path}/metrics")
    if "metrics" not in props and "annotations" not in props:
        check.err(path, "Should have required property 'metrics'")
        check.err(path, NO_SOURCE)
        check.err(path, "Should have required property 'annotations'")
    elif common["region"] is None and not (rows and all(r.options.region for r in rows)):
        check.err(path, NO_SOURCE)
    check.get(props, "annotations", path, "object")
    for key in ("stacked", "liveData", "setPeriodToTimeRange", "sparkline"):
        check.get(props, key, path, "boolean")
    _y_axis(check, props, path)
    check.get(props, "timezone", path, "string")
    period, stat = _period_stat(check, props, path)
    return Widget(kind, x, y, width, height, props, tuple(rows), **common,
                  view=check.get(props, "view", path, "string", enum=VIEWS,
                                 default="timeSeries"), period=period, stat=stat)


def _y_axis(check: _Check, props: Mapping, path: str) -> None:
    axes = check.get(props, "yAxis", path, "object", default={})
    for side in ("left", "right"):
        where = f"{path}/yAxis"
        axis = check.get(axes, side, where, "object", default={})
        for key, kind in (("min", "number"), ("max", "number"), ("label", "string"),
                          ("showUnits", "boolean")):
            check.get(axis, key, f"{where}/{side}", kind)


def _period_stat(check: _Check, obj: Mapping, path: str) -> tuple[int | None, str | None]:
    period = check.get(obj, "period", path, "integer", lo=1)
    if period is not None and period not in HIGH_RES_PERIODS and period % 60:
        check.warn(f"{path}/period", "The period should be 1, 5, 10, 20, 30 or a multiple "
                                     "of 60 seconds")
    stat = check.get(obj, "stat", path, "string")
    if stat is not None and not _STAT.fullmatch(stat):
        check.warn(f"{path}/stat", f"{stat} is not a statistic CloudWatch knows")
    return period, stat


def _options(check: _Check, raw: Mapping, path: str) -> Options:
    period, stat = _period_stat(check, raw, path)
    return Options(region=check.get(raw, "region", path, "string"),
                   account_id=check.get(raw, "accountId", path, "string"),
                   stat=stat, period=period, label=check.get(raw, "label", path, "string"),
                   y_axis=check.get(raw, "yAxis", path, "string", enum=("left", "right"),
                                    default="left"),
                   id=check.get(raw, "id", path, "string"),
                   color=check.get(raw, "color", path, "string"),
                   visible=check.get(raw, "visible", path, "boolean", default=True))


def _rows(check: _Check, raw_rows: list, path: str) -> list:
    rows, previous = [], None
    for j, row in enumerate(raw_rows):
        where = f"{path}/{j}"
        if not isinstance(row, list):
            check.err(where, "Should be array")
            check.err(where, METRICS_SHAPE)
            continue
        has_opts = bool(row) and isinstance(row[-1], dict)
        names = row[:-1] if has_opts else row
        if any(not isinstance(v, str) for v in names) or not row:
            check.err(where, METRICS_SHAPE)
            continue
        raw_opts = row[-1] if has_opts else {}
        opts = _options(check, raw_opts, f"{where}/{len(names)}")
        if not names:
            check.required(raw_opts, ("expression",), f"{where}/0")
            expr = check.get(raw_opts, "expression", f"{where}/0", "string")
            if expr is not None:
                rows.append(ExpressionRow(expr, opts))
            continue
        values = _expand(names, previous)
        if values is None:
            check.warn(where, 'The "." or "..." shorthand has no previous metric to copy')
        elif len(values) < 2 or len(values) % 2:
            check.warn(where, "A metric needs a namespace, a metric name and dimension "
                              "name/value pairs")
        else:
            previous = values
            rows.append(MetricRow(values[0], values[1],
                                  tuple(zip(values[2::2], values[3::2])), opts))
    return rows


def _expand(names: list[str], previous: list[str] | None) -> list[str] | None:
    """Apply ``"..."`` (copy the previous row up to what follows) and ``"."`` (copy the
    value at this position)."""
    if names and names[0] == "...":
        keep = len(previous or ()) - (len(names) - 1)
        if previous is None or keep < 0:
            return None
        names = previous[:keep] + names[1:]
    out = []
    for k, value in enumerate(names):
        if value == ".":
            if previous is None or k >= len(previous):
                return None
            value = previous[k]
        out.append(value)
    return out


def parse_metrics(rows: list, path: str = "/metrics") -> list:
    """Parse a metric widget's ``metrics`` array into :class:`MetricRow` and
    :class:`ExpressionRow` objects, expanding the ``"."`` and ``"..."`` shorthand.

    Introduced in ``02_custom_metrics_and_dashboards.ipynb``.

    Raises
    ------
    InvalidParameterInput
        When the array breaks the format PutDashboard accepts.
    """
    check = _Check()
    if not isinstance(rows, list):
        raise InvalidParameterInput([Issue(path, "Should be array")])
    parsed = _rows(check, rows, path)
    if check.errors:
        raise InvalidParameterInput(check.errors)
    return parsed


def time_range(body: DashboardBody, now: datetime) -> tuple[datetime, datetime]:
    """The UTC window a body shows at ``now``: three hours when it names none, and never
    more than the 15 months (455 days) CloudWatch keeps metrics."""
    start, end = body.start, body.end if body.start else None
    m = _DURATION.fullmatch(start or "-PT3H")
    if m:
        y, mo, w, d, h, mi, sec = (min(int(g or 0), 10**6) for g in m.groups())
        span = timedelta(days=365 * y + 30 * mo + 7 * w + d, hours=h, minutes=mi,
                         seconds=sec)
        first, end = now - min(span, MAX_RANGE), now
    else:
        first, end = sorted((_instant(start), _instant(end) if end else now))
    return max(first, end - MAX_RANGE), end


def tz_offset(text: str | None) -> timezone:
    """``"+0130"`` as a :class:`datetime.timezone` (UTC when absent or not an offset)."""
    if not text or not _TZ.fullmatch(text):
        return timezone.utc
    sign = -1 if text[0] == "-" else 1
    return timezone(sign * timedelta(hours=int(text[1:3]), minutes=int(text[3:])))


def dashboard_arn(account_id: str, name: str) -> str:
    return f"arn:aws:cloudwatch::{account_id}:dashboard/{name}"
