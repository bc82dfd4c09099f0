"""Simulated SaaS partners and the AWS services of the lab that emit events.

Partner side (what Zendesk, Datadog or Auth0 do with their own API): :func:`offer_source`
creates a partner event source in a customer's account (PENDING until the customer
creates a partner event bus with its name); :func:`partner_event` sends one of their
events, delivered only while the source is ACTIVE and its bus exists.
:func:`seed_partners` offers the three partners' sources with seeded IDs, and
:func:`codebuild_build_failed` emits the seeded CodeBuild build failure onto the default bus.
"""
from __future__ import annotations

import random

from awslab.ids import IdFactory
from awslab.services.events import routing
from awslab.services.events.state import EventSource

PARTNERS = {
    "zendesk.com": ("default", "Support Ticket: Ticket Created",
                    {"ticket_event": {"type": "Ticket Created", "ticket": {
                        "id": 35436, "priority": "high", "status": "new",
                        "subject": "Order not delivered"}}}),
    "datadog.com": ("monitors", "Datadog Alert Notification",
                    {"alert_type": "error", "title": "[Triggered] p99 latency on petshop",
                     "priority": "normal", "tags": ["env:prod", "service:petshop"]}),
    "auth0.com": ("auth0.logs", "Auth0 log",
                  {"data": {"type": "f", "description": "Wrong email or password.",
                            "client_name": "PetShop", "ip": "203.0.113.7"}}),
}


def _rng(lab, *parts) -> random.Random:
    return random.Random("/".join([str(lab.seed), "events", *map(str, parts)]))


def offer_source(lab, partner: str, name: str, account_id: str = "123456789012",
                 region: str = "us-east-1") -> EventSource:
    """Partner side: offer ``aws.partner/<partner>/<name>`` to an AWS account."""
    state = lab.state("events", account_id, region)
    full = f"aws.partner/{partner}/{name}"
    source = state.sources.get(full)
    if source is None or source.state == "DELETED":
        source = EventSource(full, f"arn:aws:events:{region}::event-source/{full}",
                             partner, lab.now, None)
        state.sources[full] = source
    return source


def seed_partners(lab, account_id: str = "123456789012",
                  region: str = "us-east-1") -> list[EventSource]:
    """Zendesk, Datadog and Auth0 each offer one source (seeded tenant IDs)."""
    rng = _rng(lab, "partners", account_id, region)
    return [offer_source(lab, partner, f"{rng.randrange(10**7, 10**8)}/{suffix}",
                         account_id, region)
            for partner, (suffix, _, _) in PARTNERS.items()]


def partner_event(lab, source_name: str, detail_type: str | None = None,
                  detail: dict | None = None, account_id: str = "123456789012",
                  region: str = "us-east-1") -> dict | None:
    """Partner side: send an event from ``source_name``; returns it, or None when the
    source is not ACTIVE or has no bus (AWS drops it)."""
    state = lab.state("events", account_id, region)
    source = state.sources.get(source_name)
    bus = routing.buses(lab, state).get(source_name)
    if source is None or source.state != "ACTIVE" or bus is None:
        return None
    partner = source_name.split("/")[1]
    _, default_type, default_detail = PARTNERS.get(partner, ("", "Partner Event", {}))
    event = routing.stamp(lab, state, {"source": source_name,
                                       "detail-type": detail_type or default_type,
                                       "detail": default_detail if detail is None else detail})
    routing.route(lab, state, bus, event)
    return event


def codebuild_build_failed(lab, project: str = "petshop-build",
                           account_id: str = "123456789012",
                           region: str = "us-east-1") -> dict:
    """The "CodeBuild Build State Change" event of a failed build, on the default bus."""
    rng = _rng(lab, "codebuild", account_id, region, project)
    build = f"{project}:{IdFactory(rng).uuid()}"
    arn = f"arn:aws:codebuild:{region}:{account_id}:build/{build}"
    return lab.send("events", "event", account_id, region, {
        "source": "aws.codebuild", "detail-type": "CodeBuild Build State Change",
        "resources": [arn],
        "detail": {"build-status": "FAILED", "project-name": project, "build-id": arn,
                   "current-phase": "COMPLETED", "current-phase-context": "[: ]",
                   "version": "1", "additional-information": {
                       "build-complete": True, "initiator": "developer",
                       "build-number": rng.randrange(2, 90),
                       "phases": [{"phase-type": "BUILD", "phase-status": "FAILED",
                                   "phase-context": ["COMMAND_EXECUTION_ERROR: Error while "
                                                     "executing command: pytest. Reason: "
                                                     "exit status 1"]}]}}})
