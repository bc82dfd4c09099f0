"""Seeded synthetic log lines: what PetShop's services write, minute by minute.

Pure, like :mod:`awslab.workloads`: the same ``(seed, key, minute)`` gives the same lines
on every machine, whatever window is asked for, because each minute draws from its own
generator. Each function returns ``[(timestamp_ms, line), ...]`` in time order for
``minutes`` minutes from ``start`` (an aware datetime):

* :func:`lambda_lines` -- a Lambda function's ``START``/``END``/``REPORT`` lines around the
  handler's own ``[INFO]``/``[ERROR]`` lines (``Init Duration`` on cold starts);
* :func:`ecs_lines` -- a container's JSON lines; :func:`nginx_lines` -- nginx access logs
  (Elastic Beanstalk); :func:`app_lines` -- the PetShop app's space-delimited file on EC2;
  :func:`syslog_lines` and :func:`secure_lines` -- ``/var/log/messages`` and
  ``/var/log/secure``;
* :func:`flow_lines` -- VPC Flow Logs, default (version 2) format;
* :func:`apigw_lines` -- API Gateway JSON access logs;
* :func:`route53_lines` -- Route 53 public DNS query logs.

Every service sees the same seeded incident: for ``INCIDENT_MINUTES`` minutes each
evening (starting at a seeded minute between 18:00 and 23:00 UTC, see
:func:`incident_window`) the payment dependency fails and 5xx responses, ERROR lines
and long latencies rise; on ordinary minutes a few requests in a thousand fail.

Introduced in ``03_cloudwatch_logs.ipynb``.
"""
from __future__ import annotations

import hashlib
import json
import random
from datetime import datetime, timezone
from typing import Callable

UTC = timezone.utc
MINUTE_MS = 60_000
INCIDENT_MINUTES = 20
BASELINE_ERRORS = 0.004          # share of requests failing on an ordinary minute
PATHS = ("/api/pets", "/api/pets/{id}", "/api/orders", "/api/cart", "/health",
         "/api/checkout")
AGENTS = ("Mozilla/5.0 (Windows NT 10.0; Win64; x64)", "Mozilla/5.0 (Macintosh)",
          "curl/8.5.0", "PetShopMobile/3.2 (iOS 17)")


def _rng(seed: int, key: str, minute: int) -> random.Random:
    digest = hashlib.sha256(f"{seed}/{key}/{minute}".encode()).digest()
    return random.Random(int.from_bytes(digest[:8], "big"))


def _minute(t: datetime) -> int:
    return int(t.timestamp()) // 60


def incident_window(seed: int, day: int) -> tuple[int, int]:
    """The incident's ``(first, end)`` epoch minutes on UTC day ``day`` (epoch days)."""
    start = _rng(seed, "incident", day).randrange(18 * 60, 23 * 60)    # evening peak
    first = day * 1440 + start
    return first, first + INCIDENT_MINUTES


def in_incident(seed: int, minute: int) -> bool:
    first, end = incident_window(seed, minute // 1440)
    return first <= minute < end


def requests(seed: int, key: str, minute: int, rate: float = 6.0) -> list[dict]:
    """The requests one server handles in one minute (offset ms, path, status, ...)."""
    rng = _rng(seed, key, minute)
    hour = (minute // 60) % 24
    busy = 0.4 + 0.6 * (1 if 9 <= hour < 21 else 0.3)
    bad = in_incident(seed, minute)
    out = []
    for _ in range(int(rng.expovariate(1 / (rate * busy))) + 1):
        path = rng.choice(PATHS).replace("{id}", str(rng.randrange(1, 500)))
        fail = (bad and (path.startswith("/api/checkout") or rng.random() < 0.3)) or \
            rng.random() < BASELINE_ERRORS
        status = rng.choice((500, 502, 503)) if fail else (
            404 if rng.random() < 0.03 else 200)
        out.append({"offset": rng.randrange(MINUTE_MS), "path": path, "status": status,
                    "method": "POST" if path in ("/api/orders", "/api/checkout",
                                                 "/api/cart") else "GET",
                    "latency": int(rng.expovariate(1 / 80)) + (2500 if fail else 5),
                    "bytes": rng.randrange(120, 9000),
                    "ip": f"198.51.100.{rng.randrange(1, 250)}",
                    "agent": rng.choice(AGENTS),
                    "id": "%08x-%04x-%04x-%04x-%012x" % tuple(
                        rng.getrandbits(b) for b in (32, 16, 16, 16, 48))})
    out.sort(key=lambda r: r["offset"])
    return out


def _window(start: datetime, minutes: int, each: Callable[[int, int], list]) -> list:
    first = _minute(start)
    out = []
    for m in range(first, first + minutes):
        out += each(m, m * MINUTE_MS)
    return out


def _iso(ms: int) -> str:
    t = datetime.fromtimestamp(ms / 1000, UTC)
    return t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{ms % 1000:03d}Z"


def _clf(ms: int) -> str:
    return datetime.fromtimestamp(ms / 1000, UTC).strftime("%d/%b/%Y:%H:%M:%S +0000")


def lambda_lines(seed: int, function: str, start: datetime, minutes: int,
                 memory_mb: int = 256) -> list[tuple[int, str]]:
    """One function's lines (all its execution environments, interleaved)."""
    def each(m, base):
        out = []
        rng = _rng(seed, f"lambda/{function}/meta", m)
        for r in requests(seed, f"lambda/{function}", m, rate=3.0):
            t = base + r["offset"]
            rid = r["id"]
            cold = rng.random() < 0.04
            out.append((t, f"START RequestId: {rid} Version: $LATEST\n"))
            if r["status"] >= 500:
                out.append((t + 2, f"[ERROR]\t{_iso(t + 2)}\t{rid}\tPaymentGatewayError: "
                                   "upstream timed out after 2500 ms\n"))
            else:
                out.append((t + 2, f"[INFO]\t{_iso(t + 2)}\t{rid}\tprocessed "
                                   f"{r['method']} {r['path']}\n"))
            end = t + r["latency"]
            out.append((end, f"END RequestId: {rid}\n"))
            used = rng.randrange(memory_mb // 4, memory_mb * 3 // 4)
            report = (f"REPORT RequestId: {rid}\tDuration: {r['latency'] + 0.37:.2f} ms\t"
                      f"Billed Duration: {r['latency'] + 1} ms\tMemory Size: {memory_mb} MB"
                      f"\tMax Memory Used: {used} MB\t")
            if cold:
                report += f"Init Duration: {rng.uniform(150, 450):.2f} ms\t"
            out.append((end, report + "\n"))
        return out
    return sorted(_window(start, minutes, each), key=lambda x: x[0])


def ecs_lines(seed: int, service: str, start: datetime, minutes: int
              ) -> list[tuple[int, str]]:
    """A container's structured (JSON) lines."""
    def each(m, base):
        return [(base + r["offset"], json.dumps({
            "time": _iso(base + r["offset"]),
            "level": "ERROR" if r["status"] >= 500 else "INFO",
            "service": service, "msg": "payment gateway timeout" if r["status"] >= 500
            else "request served", "method": r["method"], "path": r["path"],
            "status": r["status"], "duration_ms": r["latency"]}))
            for r in requests(seed, f"ecs/{service}", m)]
    return _window(start, minutes, each)


def nginx_lines(seed: int, host: str, start: datetime, minutes: int
                ) -> list[tuple[int, str]]:
    """nginx ``access.log`` lines (combined format plus X-Forwarded-For)."""
    def each(m, base):
        return [(base + r["offset"], f'10.0.1.{10 + r["offset"] % 40} - - '
                 f'[{_clf(base + r["offset"])}] "{r["method"]} {r["path"]} HTTP/1.1" '
                 f'{r["status"]} {r["bytes"]} "-" "{r["agent"]}" "{r["ip"]}"')
                for r in requests(seed, f"nginx/{host}", m)]
    return _window(start, minutes, each)


def app_lines(seed: int, host: str, start: datetime, minutes: int
              ) -> list[tuple[int, str]]:
    """The PetShop app's own file: ``ts level ip method path status bytes latency_ms``."""
    def each(m, base):
        return [(base + r["offset"], f'{_iso(base + r["offset"])} '
                 f'{"ERROR" if r["status"] >= 500 else "WARN" if r["status"] == 404 else "INFO"}'
                 f' {r["ip"]} {r["method"]} {r["path"]} {r["status"]} {r["bytes"]} '
                 f'{r["latency"]}') for r in requests(seed, f"app/{host}", m)]
    return _window(start, minutes, each)


def _hostname(host: str) -> str:
    """How a host names itself in syslog: ``db01`` on premises, ``ip-10-0-1-N`` on EC2."""
    if host.startswith("onprem/"):
        return host.split("/", 1)[1].split(".")[0]
    return f"ip-10-0-1-{2 + int(hashlib.sha256(host.encode()).hexdigest()[:4], 16) % 250}"


def syslog_lines(seed: int, host: str, start: datetime, minutes: int
                 ) -> list[tuple[int, str]]:
    """``/var/log/messages``: a few system lines a minute."""
    name = _hostname(host)

    def each(m, base):
        rng = _rng(seed, f"syslog/{host}", m)
        out = []
        for _ in range(rng.randrange(0, 3)):
            t = base + rng.randrange(MINUTE_MS)
            stamp = datetime.fromtimestamp(t / 1000, UTC).strftime("%b %e %H:%M:%S")
            out.append((t, rng.choice((
                f"{stamp} {name} systemd[1]: Started Session {rng.randrange(1, 900)} of "
                "user ec2-user.",
                f"{stamp} {name} chronyd[612]: Selected source 169.254.169.123",
                f"{stamp} {name} dhclient[1502]: XMT: Solicit on eth0, interval 117250ms.",
                f"{stamp} {name} amazon-ssm-agent[1090]: INFO [HealthCheck] HealthCheck "
                "reporting agent health."))))
        return sorted(out)
    return _window(start, minutes, each)


def secure_lines(seed: int, host: str, start: datetime, minutes: int
                 ) -> list[tuple[int, str]]:
    """``/var/log/secure``: sshd failures from scanners."""
    name = _hostname(host)

    def each(m, base):
        rng = _rng(seed, f"secure/{host}", m)
        out = []
        for _ in range(rng.randrange(0, 4)):
            t = base + rng.randrange(MINUTE_MS)
            stamp = datetime.fromtimestamp(t / 1000, UTC).strftime("%b %e %H:%M:%S")
            ip = f"203.0.113.{rng.randrange(1, 250)}"
            user = rng.choice(("root", "admin", "ubuntu", "test", "oracle"))
            out.append((t, f"{stamp} {name} sshd[{rng.randrange(2000, 9000)}]: Failed "
                           f"password for invalid user {user} from {ip} port "
                           f"{rng.randrange(30000, 65000)} ssh2"))
        return sorted(out)
    return _window(start, minutes, each)


def flow_lines(seed: int, account: str, eni: str, start: datetime, minutes: int
               ) -> list[tuple[int, str]]:
    """VPC Flow Logs records (version 2, default format), one aggregation per minute."""
    def each(m, base):
        rng = _rng(seed, f"flow/{eni}", m)
        out = []
        for _ in range(rng.randrange(3, 9)):
            inbound = rng.random() < 0.6
            port = rng.choice((443, 443, 443, 80, 22, 3389, 5432))
            src = f"198.51.100.{rng.randrange(1, 250)}" if inbound else "10.0.1.25"
            dst = "10.0.1.25" if inbound else f"10.0.2.{rng.randrange(2, 60)}"
            reject = port in (22, 3389) and inbound
            packets = rng.randrange(1, 40)
            out.append((base + 59_000, (
                f"2 {account} {eni} {src} {dst} "
                f"{rng.randrange(32768, 65535) if inbound else port} "
                f"{port if inbound else rng.randrange(32768, 65535)} 6 {packets} "
                f"{packets * rng.randrange(40, 1500)} {base // 1000} {base // 1000 + 59} "
                f"{'REJECT' if reject else 'ACCEPT'} OK")))
        return out
    return _window(start, minutes, each)


def apigw_lines(seed: int, api_id: str, start: datetime, minutes: int
                ) -> list[tuple[int, str]]:
    """API Gateway access logs in a JSON format (``$context`` variables)."""
    def each(m, base):
        return [(base + r["offset"], json.dumps({
            "requestId": r["id"], "ip": r["ip"], "requestTime": _clf(base + r["offset"]),
            "httpMethod": r["method"], "resourcePath": r["path"], "status": r["status"],
            "protocol": "HTTP/1.1", "responseLength": r["bytes"],
            "integrationLatency": max(1, r["latency"] - 4), "latency": r["latency"],
            "apiId": api_id})) for r in requests(seed, f"apigw/{api_id}", m)]
    return _window(start, minutes, each)


def route53_lines(seed: int, zone_id: str, domain: str, start: datetime, minutes: int,
                  edge: str = "IAD89-C1") -> list[tuple[int, str]]:
    """Route 53 public DNS query logs (format version 1.0)."""
    def each(m, base):
        rng = _rng(seed, f"route53/{zone_id}/{edge}", m)
        out = []
        for _ in range(rng.randrange(2, 10)):
            t = base + rng.randrange(MINUTE_MS)
            name = rng.choice((domain, f"www.{domain}", f"api.{domain}",
                               f"missing.{domain}"))
            rtype = rng.choice(("A", "A", "AAAA", "CNAME", "TXT"))
            code = "NXDOMAIN" if name.startswith("missing") else "NOERROR"
            out.append((t, f"1.0 {_iso(t)} {zone_id} {name} {rtype} {code} "
                           f"{rng.choice(('UDP', 'UDP', 'TCP'))} {edge} "
                           f"198.51.100.{rng.randrange(1, 250)} -"))
        return sorted(out)
    return _window(start, minutes, each)


#: Files an instance writes, by path (what the CloudWatch agents can ship).
FILES: dict[str, Callable] = {
    "/var/log/app.log": app_lines,
    "/var/log/petshop/app.log": app_lines,
    "/var/log/messages": syslog_lines,
    "/var/log/secure": secure_lines,
    "/var/log/nginx/access.log": nginx_lines,
}


def file_lines(seed: int, host: str, path: str, start: datetime, minutes: int
               ) -> list[tuple[int, str]] | None:
    """The lines a host writes to ``path`` (``None``: the lab's hosts have no such file).
    A ``*`` glob picks the first known file it matches."""
    import fnmatch
    found = next((fn for known, fn in FILES.items() if fnmatch.fnmatchcase(known, path)),
                 None)
    return None if found is None else found(seed, host, start, minutes)
