"""IAM policy decisions per second: awslab's engine beside principalmapper's local evaluation.

The case is the engine's own benchmark case (``tests/services/iam/policy/
policy_bench_case.py``): a 10-statement identity policy with wildcards, a NotAction and an
IpAddress condition, a permissions boundary, two SCP levels and a bucket policy, with eight
requests. The same policy documents are handed to principalmapper 1.1.5 (a bench-only
dependency, the ``bench`` extra) as a ``Node`` with its attached policy and boundary, the
SCP levels as a list of groups, and the bucket policy as ``resource_policy`` with its owner,
and :func:`check_agreement` asserts that both reach the same decision on every request
before anything is timed.

principalmapper answers a bool (authorized or not), so the two are compared on allowed vs
denied; awslab's three-valued EvalDecision is also checked against the case's known
answers. Every batch builds a fresh ``Request`` per decision, as enforcement does (the
request caches its condition context), and principalmapper is called as its API is meant
to be called (it copies the condition keys and infers the global ones on every call).

principalmapper 1.1.5, its latest release, still imports ``Mapping`` and ``MutableMapping``
from ``collections``, which Python 3.10 removed (its upstream issues #106, #130, #140):
:func:`pmapper` puts the ``collections.abc`` classes back under those names before
importing it, and changes nothing else.

Not a test: it prints measurements. ``python bench/iam.py`` runs it alone.
"""
from __future__ import annotations

import collections
import collections.abc
import importlib.util
import statistics
import time
from pathlib import Path

CASE_FILE = (Path(__file__).resolve().parents[1] / "tests" / "services" / "iam" / "policy"
             / "policy_bench_case.py")


def load_case():
    """``(policy_set, [(request, expected EvalDecision), ...])`` from the shared case."""
    spec = importlib.util.spec_from_file_location("policy_bench_case", CASE_FILE)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.build()


def pmapper():
    """principalmapper's ``(Node, Policy, local_check_authorization_full)``, importable on
    Python 3.10+ (see the module docstring)."""
    for name in ("Mapping", "MutableMapping"):
        if not hasattr(collections, name):
            setattr(collections, name, getattr(collections.abc, name))
    from principalmapper.common import Node, Policy
    from principalmapper.querying.query_interface import local_check_authorization_full
    return Node, Policy, local_check_authorization_full


def _context_value(value):
    """principalmapper reads condition values as strings (``Bool`` lower-cases them)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, tuple)):
        return [_context_value(v) for v in value]
    return str(value)


def pmapper_case(policies, cases):
    """The same case in principalmapper's terms: one call's keyword arguments per request.

    The caller becomes a ``Node`` (an IAM user, or a role with an empty trust policy) whose
    attached policies are the identity policies and whose boundary is the boundary; each
    SCP level becomes one group of ``Policy`` objects. The bucket policy is passed as the
    resource policy of the requests on that bucket (the bucket or its objects), as AWS
    applies it; principalmapper cannot be given it for the others: it reads any resource
    policy it is given as a trust or key policy when the resource is in IAM or KMS, and
    fails on the resource ``"*"``. awslab's ``PolicySet`` carries it for every request
    (its statements name only the bucket, so they decide nothing elsewhere): awslab scans
    it on all eight, which is more work for awslab, not less.
    """
    Node, Policy, _ = pmapper()
    principal = {r.principal for r, _ in cases}
    assert len(principal) == 1, "one caller in the case"
    arn = principal.pop()
    account = arn.split(":")[4]
    is_role = ":role/" in arn
    attached = [Policy(f"arn:aws:iam::{account}:policy/{p.name}", p.name, p.document)
                for p in policies.identity]
    boundary = (Policy(f"arn:aws:iam::{account}:policy/{policies.boundary.name}",
                       policies.boundary.name, policies.boundary.document)
                if policies.boundary is not None else None)
    node = Node(arn, "AIDABENCHEXAMPLE0001", attached, [], {} if is_role else None,
                None, 1, False, False, boundary, False, {})
    scp_groups = None
    if policies.scp_levels is not None:
        scp_groups = [[Policy(f"arn:aws:organizations::{account}:policy/{p.name}", p.name,
                              p.document) for p in level.policies]
                      for level in policies.scp_levels]
    bucket = f"arn:aws:s3:::{policies.resource.name}" if policies.resource else None
    calls = []
    for request, _ in cases:
        on_bucket = bucket is not None and (request.resource == bucket or
                                            request.resource.startswith(bucket + "/"))
        owner = request.resource_account or policies.resource_account or account
        calls.append(dict(principal=node, action_to_check=request.action,
                          resource_to_check=request.resource,
                          condition_keys_to_check={k: _context_value(v)
                                                   for k, v in request.context.items()},
                          resource_policy=policies.resource.document if on_bucket else None,
                          resource_owner=owner if on_bucket else None,
                          service_control_policy_groups=scp_groups, session_policy=None))
    return calls


def _fresh(request):
    from awslab.services.iam.policy import Request
    return Request(request.principal, request.action, request.resource,
                   resource_account=request.resource_account, context=request.context)


def check_agreement(policies, cases, calls) -> list:
    """Assert that awslab (trace on and off) reaches each known decision and that
    principalmapper allows exactly the requests awslab allows; return the rows of the
    comparison ``(action, resource, awslab EvalDecision, principalmapper allowed)``."""
    from awslab.services.iam.policy import evaluate
    local_check_authorization_full = pmapper()[2]
    rows, differ = [], []
    for (request, expected), call in zip(cases, calls):
        traced = evaluate(_fresh(request), policies, trace=True)
        fast = evaluate(_fresh(request), policies, trace=False)
        assert traced.eval_decision == fast.eval_decision == expected, \
            (request.describe(), expected, traced.eval_decision, fast.eval_decision)
        theirs = local_check_authorization_full(**call)
        rows.append((request.action, request.resource, fast.eval_decision, theirs))
        if theirs != fast.allowed:
            differ.append(rows[-1])
    assert not differ, f"awslab and principalmapper disagree on: {differ}"
    return rows


def _batches(runners: dict, repeat: int, target: float) -> dict:
    """Median decisions per second of each runner over ``repeat`` timed batches.

    Each runner is ``(fn(n_rounds), decisions per round)``. Batches are sized to take about
    ``target`` seconds each and the runners take turns batch by batch, so a busy machine
    slows them alike rather than whichever happened to run during a spike.
    """
    rounds = {}
    for name, (fn, per_round) in runners.items():
        fn(1)
        n, took = 1, 0.0
        while took < target / 4:
            n *= 2
            t = time.perf_counter()
            fn(n)
            took = time.perf_counter() - t
        rounds[name] = max(1, round(n * target / took))
    rates = {name: [] for name in runners}
    for _ in range(repeat):
        for name, (fn, per_round) in runners.items():
            n = rounds[name]
            t = time.perf_counter()
            fn(n)
            rates[name].append(n * per_round / (time.perf_counter() - t))
    return {name: statistics.median(r) for name, r in rates.items()}


def measure(repeat: int = 7, target: float = 0.25) -> dict:
    """Decisions per second: ``{"off": ..., "on": ..., "pmapper": ...}`` (medians)."""
    from awslab.services.iam.policy import Request, evaluate
    local_check_authorization_full = pmapper()[2]
    policies, cases = load_case()
    calls = pmapper_case(policies, cases)
    check_agreement(policies, cases, calls)
    args = [(r.principal, r.action, r.resource, r.resource_account, r.context)
            for r, _ in cases]

    def ours(trace):
        def run(n):
            for _ in range(n):
                for principal, action, resource, account, context in args:
                    evaluate(Request(principal, action, resource, resource_account=account,
                                     context=context), policies, trace=trace)
        return run

    def theirs(n):
        for _ in range(n):
            for call in calls:
                local_check_authorization_full(**call)

    return _batches({"off": (ours(False), len(args)), "on": (ours(True), len(args)),
                     "pmapper": (theirs, len(calls))}, repeat, target)


def rows() -> list:
    """Rows for ``bench/run.py``'s table: ``(name, awslab, baseline, unit)`` in microseconds
    per decision (so its ratio column reads as the throughput ratio); the names carry the
    decisions per second."""
    r = measure()
    pm = r["pmapper"]
    return [(f"IAM decision, trace off: {r['off']:,.0f}/s vs principalmapper {pm:,.0f}/s "
             f"(per decision)", 1e6 / r["off"], 1e6 / pm, "us"),
            (f"IAM decision, trace on: {r['on']:,.0f}/s vs principalmapper {pm:,.0f}/s "
             f"(per decision)", 1e6 / r["on"], 1e6 / pm, "us")]


def main() -> None:
    policies, cases = load_case()
    agreement = check_agreement(policies, cases, pmapper_case(policies, cases))
    print(f"{'request (8 of the IAM bench case)':<92} {'awslab':>12} {'pmapper':>8}")
    for action, resource, ours, theirs in agreement:
        print(f"{action + ' on ' + resource:<92} {ours:>12} "
              f"{'allowed' if theirs else 'denied':>8}")
    print(f"\n{'measure':<92} {'awslab':>10} {'pmapper':>10} {'ratio':>7}")
    for name, ours, theirs, unit in rows():
        print(f"{name:<92} {ours:>8.1f}{unit:>2} {theirs:>8.1f}{unit:>2} "
              f"{theirs / ours:>6.1f}x")


if __name__ == "__main__":
    main()
