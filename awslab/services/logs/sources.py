"""Seeded log sources: AWS services writing PetShop's logs into their conventional groups.

Each source writes, through the same ingestion path as PutLogEvents
(``lab.send("logs", "put", ...)``), the lines :mod:`awslab.log_lines` generates for the
hours before ``lab.now``; with ``live=True`` it keeps writing each new minute as the lab's
clock advances. :data:`SOURCES` lists every source with its conventional group name (the
"source picker" of NB03); :func:`seed_petshop` starts them all.

| source | log group | stream |
|---|---|---|
| Lambda | ``/aws/lambda/<function>`` | ``YYYY/MM/DD/[$LATEST]<hex>`` per environment |
| ECS (awslogs driver) | ``/ecs/<service>`` | ``ecs/<container>/<task id>`` |
| Elastic Beanstalk | ``/aws/elasticbeanstalk/<env>/var/log/nginx/access.log`` | instance ID |
| VPC Flow Logs | chosen by you (here ``/vpc/petshop/flow-logs``) | ``<eni>-all`` |
| API Gateway access logs | chosen by you (here ``/aws/apigateway/petshop-api``) | ``<api id>/<stage>``-style |
| Route 53 query logs | ``/aws/route53/<domain>`` (us-east-1 only) | ``<zone id>/<edge>`` |
| CloudTrail (a trail, NB08) | ``aws-cloudtrail-logs-<account>-<suffix>`` | ``<account>_CloudTrail_<region>`` |

Introduced in ``03_cloudwatch_logs.ipynb``.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Callable

from awslab import log_lines
from awslab.services.logs.state import EVENT_OVERHEAD

ACCOUNT, REGION = "123456789012", "us-east-1"
MAX_EVENTS, MAX_BYTES, MAX_SPAN = 10_000, 1_048_576, 24 * 3600 * 1000


@dataclass(frozen=True)
class Source:
    """One seeded source: who writes, where, and its lines for a window."""

    name: str                       # "Lambda", "ECS", ...
    service: str                    # the AWS service that delivers
    group: str
    stream: str
    lines: Callable[[int, datetime, int], list]     # (seed, start, minutes) -> lines
    how: str                        # how the service is set up to deliver


def _hex(seed: int, key: str, n: int = 32) -> str:
    return hashlib.sha256(f"{seed}/{key}".encode()).hexdigest()[:n]


def sources(seed: int, account: str = ACCOUNT, region: str = REGION) -> list[Source]:
    """PetShop's log sources for a lab seed (names and IDs derive from the seed)."""
    eni = f"eni-0{_hex(seed, 'eni', 16)}"
    api = _hex(seed, "api", 10)
    zone = "Z" + _hex(seed, "zone", 20).upper()
    task = _hex(seed, "task")
    instance = f"i-0{_hex(seed, 'eb-instance', 16)}"
    lam = f"{{date}}/[$LATEST]{_hex(seed, 'lambda-env')}"
    return [
        Source("Lambda", "lambda", "/aws/lambda/petshop-checkout", lam,
               lambda s, t, m: log_lines.lambda_lines(s, "petshop-checkout", t, m),
               "automatic: the execution role needs logs:CreateLogGroup, "
               "logs:CreateLogStream, logs:PutLogEvents"),
        Source("ECS", "ecs", "/ecs/petshop-api", f"ecs/petshop-api/{task}",
               lambda s, t, m: log_lines.ecs_lines(s, "petshop-api", t, m),
               "the awslogs log driver in the task definition"),
        Source("Elastic Beanstalk", "elasticbeanstalk",
               "/aws/elasticbeanstalk/petshop-env/var/log/nginx/access.log", instance,
               lambda s, t, m: log_lines.nginx_lines(s, instance, t, m),
               "environment setting: instance log streaming to CloudWatch Logs"),
        Source("VPC Flow Logs", "ec2", "/vpc/petshop/flow-logs", f"{eni}-all",
               lambda s, t, m: log_lines.flow_lines(s, account, eni, t, m),
               "a flow log with an IAM role the vpc-flow-logs service assumes"),
        Source("API Gateway", "apigateway", "/aws/apigateway/petshop-api",
               f"{api}/prod", lambda s, t, m: log_lines.apigw_lines(s, api, t, m),
               "stage setting: access logging with a JSON format"),
        Source("Route 53", "route53", "/aws/route53/petshop.example.com",
               f"{zone}/IAD89-C1",
               lambda s, t, m: log_lines.route53_lines(s, zone, "petshop.example.com", t,
                                                       m),
               "query logging config with a log group resource policy (us-east-1)"),
    ]


def batches(lines: list[tuple[int, str]]):
    """Split time-ordered lines into PutLogEvents-sized batches (count, bytes, 24 h)."""
    batch, size = [], 0
    for t, message in lines:
        cost = len(message.encode()) + EVENT_OVERHEAD
        if batch and (len(batch) >= MAX_EVENTS or size + cost > MAX_BYTES or
                      t - batch[0]["timestamp"] > MAX_SPAN):
            yield batch
            batch, size = [], 0
        batch.append({"timestamp": t, "message": message})
        size += cost
    if batch:
        yield batch


def write(lab, source: Source, start: datetime, minutes: int, account: str = ACCOUNT,
          region: str = REGION) -> int:
    """Write one source's lines for ``minutes`` from ``start``; returns events sent."""
    lines = source.lines(lab.seed, start, minutes)
    by_stream: dict[str, list] = {}
    for t, message in lines:
        day = datetime.fromtimestamp(t / 1000, timezone.utc).strftime("%Y/%m/%d")
        by_stream.setdefault(source.stream.replace("{date}", day), []).append((t, message))
    for stream, part in by_stream.items():
        for batch in batches(part):
            lab.send("logs", "put", account, region, {
                "logGroupName": source.group, "logStreamName": stream, "events": batch})
    return len(lines)


def seed_petshop(lab, hours: float = 6, live: bool = False, account: str = ACCOUNT,
                 region: str = REGION, only: tuple[str, ...] | None = None) -> dict:
    """Write PetShop's logs from every seeded source for the ``hours`` before now.

    Parameters
    ----------
    lab : Lab
    hours : float
        History to write (at most 14 days, PutLogEvents' limit).
    live : bool
        Keep writing each new minute while the lab's clock advances.
    only : tuple of str, optional
        Source names to start (default: all of :func:`sources`).

    Returns
    -------
    dict
        ``{source name: log group}``.

    Introduced in ``03_cloudwatch_logs.ipynb``.
    """
    chosen = [s for s in sources(lab.seed, account, region) if not only or s.name in only]
    minutes = int(hours * 60)
    start = lab.now.replace(second=0, microsecond=0) - timedelta(minutes=minutes)
    for source in chosen:
        write(lab, source, start, minutes, account, region)
    if live:
        def tick(t: datetime) -> None:
            for source in chosen:
                write(lab, source, t - timedelta(minutes=1), 1, account, region)
        lab.clock.every(timedelta(minutes=1), tick,
                        first=start + timedelta(minutes=minutes + 1),
                        name="seeded log sources")
    return {s.name: s.group for s in chosen}
