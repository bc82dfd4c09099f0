"""The rule engine: which rules a change or a schedule triggers, how managed and custom
rules evaluate, and what a compliance change sets off (aws-facts 7.2).

* Change-triggered rules evaluate each new configuration item in their scope (resource
  types, one resource ID, or a tag); a deleted resource becomes ``NOT_APPLICABLE``.
* Periodic rules run every ``MaximumExecutionFrequency`` on the lab's clock (default
  ``TwentyFour_Hours``), and once when they are created or started by hand.
* A custom rule's Lambda stand-in gets AWS's event (``invokingEvent``, ``ruleParameters``,
  ``resultToken``...) and must call ``PutEvaluations`` with the ``resultToken``: a handler
  that never does leaves the rule without results.
* Config only records: it never refuses or undoes a change. A result that changes a
  resource's compliance is sent to the delivery channel's SNS topic
  (``ComplianceChangeNotification``) and to EventBridge ("Config Rules Compliance
  Change"); a new ``NON_COMPLIANT`` result starts automatic remediation.
"""
from __future__ import annotations

import json
import random
from datetime import timedelta

from awslab.errors import AwsError
from awslab.ids import IdFactory
from awslab.services.config import items as ci_json
from awslab.services.config.managed import MANAGED, NOT_APPLICABLE

FREQUENCIES = {"One_Hour": 1, "Three_Hours": 3, "Six_Hours": 6, "Twelve_Hours": 12,
               "TwentyFour_Hours": 24}


def ids(lab, state) -> IdFactory:
    """Config's own seeded ID stream for one account and region (tokens, message IDs)."""
    if getattr(state, "id_stream", None) is None:
        state.id_stream = IdFactory(random.Random(
            f"{lab.seed}/config/{state.account_id}/{state.region}"))
    return state.id_stream


# -- scope -------------------------------------------------------------------------------
def rule_types(rule) -> tuple[str, ...]:
    types = tuple(rule.scope.get("ComplianceResourceTypes") or ())
    if not types and rule.owner == "AWS":
        types = MANAGED[rule.identifier].resource_types
    return types


def in_scope(rule, snap) -> bool:
    types = rule_types(rule)
    if types and snap.resource_type not in types:
        return False
    rid = rule.scope.get("ComplianceResourceId")
    if rid and rid != snap.resource_id:
        return False
    key = rule.scope.get("TagKey")
    if key:
        tags = dict(snap.tags)
        value = rule.scope.get("TagValue")
        return key in tags and (value is None or tags[key] == value)
    return True


# -- triggers ------------------------------------------------------------------------------
def on_item(lab, state, item, previous) -> None:
    """A new configuration item: queue its notifications and rule evaluations.

    As on AWS, they happen shortly after the change, not inside the call that made it:
    the queue is worked off when the lab's clock next moves (at the same timestamp) or
    before any Config API call or Python helper reads results (:func:`flush`). This
    keeps the recorder's cost per boto3 call small.
    """
    state.pending.append((item, previous))
    if state.flush_job is None:
        state.flush_job = lab.clock.at(lab.now, lambda _t: flush(lab, state),
                                       name=f"config evaluations {state.account_id}")


def flush(lab, state) -> None:
    """Send and evaluate every queued configuration item, oldest first."""
    if state.flush_job is not None:
        state.flush_job.cancel()
        state.flush_job = None
    while state.pending:
        item, previous = state.pending.popleft()
        _process(lab, state, item, previous)


def flush_all(lab) -> None:
    """:func:`flush` every Config state of the lab that has queued work."""
    for _key, state in lab.states("config"):
        if state.pending:
            flush(lab, state)


def _process(lab, state, item, previous) -> None:
    notify_change(lab, state, item, previous)
    for rule in list(state.rules.values()):
        if rule.state == "ACTIVE" and rule.change_triggered and in_scope(rule, item.snapshot):
            evaluate_item(lab, state, rule, item)


def evaluate_item(lab, state, rule, item) -> None:
    now = lab.now
    if rule.owner == "AWS":
        if item.status == "ResourceDeleted":
            compliance, note = NOT_APPLICABLE, None
        else:
            compliance, note = MANAGED[rule.identifier].check(lab, item.snapshot,
                                                              rule.parameters)
        put_result(lab, state, rule, *item.key, compliance, note, item.capture_time, now)
        _succeeded(rule, now)
    else:
        invoking = {"configurationItem": ci_json.json_item(item),
                    "configurationItemDiff": None, "notificationCreationTime": ci_json.iso(now),
                    "messageType": "ConfigurationItemChangeNotification",
                    "recordVersion": "1.3"}
        invoke(lab, state, rule, invoking, item.status == "ResourceDeleted")


def evaluate_rule(lab, state, rule) -> None:
    """Evaluate a rule now over everything in its scope (creation, manual start, schedule)."""
    now = lab.now
    if rule.owner == "AWS":
        for key, snap in list(state.latest.items()):
            if in_scope(rule, snap):
                compliance, note = MANAGED[rule.identifier].check(lab, snap, rule.parameters)
                put_result(lab, state, rule, *key, compliance, note, now, now)
        _succeeded(rule, now)
        return
    if rule.frequency is not None:
        invoke(lab, state, rule, {"awsAccountId": state.account_id,
                                  "notificationCreationTime": ci_json.iso(now),
                                  "messageType": "ScheduledNotification",
                                  "recordVersion": "1.0"}, False)
    if rule.change_triggered:
        for key, snap in list(state.latest.items()):
            if in_scope(rule, snap):
                evaluate_item(lab, state, rule, state.items[key][-1])


def schedule(lab, state, rule) -> None:
    """Put a periodic rule on the clock (every MaximumExecutionFrequency)."""
    if rule.periodic_job is not None:
        rule.periodic_job.cancel()
        rule.periodic_job = None
    if rule.frequency is None:
        return

    def run(_t, lab=lab, state=state, rule=rule):
        if state.rules.get(rule.name) is rule and rule.state == "ACTIVE":
            evaluate_rule(lab, state, rule)
    rule.periodic_job = lab.clock.every(timedelta(hours=FREQUENCIES[rule.frequency]), run,
                                        name=f"config rule {rule.name}")


# -- custom rules ----------------------------------------------------------------------------
def invoke(lab, state, rule, invoking: dict, left_scope: bool) -> None:
    """Invoke a custom rule's function with AWS's rule event."""
    now = lab.now
    token = ids(lab, state).secret(64)
    state.tokens[token] = (rule.name, now)
    event = {"invokingEvent": json.dumps(invoking), "ruleParameters":
             rule.parameters_text or "{}", "resultToken": token,
             "eventLeftScope": left_scope,
             "executionRoleArn": f"arn:aws:iam::{state.account_id}:role/aws-service-role/"
                                 "config.amazonaws.com/AWSServiceRoleForConfig",
             "configRuleArn": rule.arn, "configRuleName": rule.name,
             "configRuleId": rule.rule_id, "accountId": state.account_id,
             "version": "1.0", "evaluationMode": "DETECTIVE"}
    rule.status["FirstEvaluationStarted"] = True
    lambda_ = lab.service("lambda")
    try:
        result = lambda_.invoke(lab, rule.identifier, event, service="config.amazonaws.com",
                                source_arn=rule.arn, source_account=state.account_id)
    except AwsError as err:
        _failed(rule, now, err.code, err.message)
        return
    if result.error:
        _failed(rule, now, "FunctionError", str(result.error)[:1000])
    else:
        rule.status["LastSuccessfulInvocationTime"] = now


def _succeeded(rule, now) -> None:
    rule.status.update({"LastSuccessfulInvocationTime": now,
                        "LastSuccessfulEvaluationTime": now, "FirstEvaluationStarted": True})


def _failed(rule, now, code: str, message: str) -> None:
    rule.status.update({"LastFailedInvocationTime": now, "LastErrorCode": code,
                        "LastErrorMessage": message, "FirstEvaluationStarted": True})


# -- results ------------------------------------------------------------------------------
def put_result(lab, state, rule, rtype, rid, compliance, annotation, ordering, invoked,
               token=None) -> None:
    """Keep one evaluation result; notify and remediate when the compliance changed."""
    from awslab.services.config import remediation
    from awslab.services.config.state import Result
    now = lab.now
    old = rule.results.get((rtype, rid))
    new = Result(compliance, annotation, ordering, now, invoked, token)
    rule.results[(rtype, rid)] = new
    rule.evaluations += 1
    rule.history.append((now, rtype, rid, compliance))
    if old is None or old.compliance != compliance:
        notify_compliance(lab, state, rule, rtype, rid, old, new)
    if compliance == "NON_COMPLIANT":
        remediation.on_non_compliant(lab, state, rule, rtype, rid)


def rule_compliance(rule) -> str:
    """A rule's compliance: NON_COMPLIANT if any resource is, COMPLIANT if some resource
    is and none is not, else INSUFFICIENT_DATA (NOT_APPLICABLE results do not count)."""
    kinds = {r.compliance for r in rule.results.values()}
    if "NON_COMPLIANT" in kinds:
        return "NON_COMPLIANT"
    return "COMPLIANT" if "COMPLIANT" in kinds else "INSUFFICIENT_DATA"


def result_json(rule, rtype, rid, result) -> dict | None:
    if result is None:
        return None
    return {"evaluationResultIdentifier": {
                "evaluationResultQualifier": {"configRuleName": rule.name,
                                              "resourceType": rtype, "resourceId": rid,
                                              "evaluationMode": "DETECTIVE"},
                "orderingTimestamp": ci_json.iso(result.ordering)},
            "complianceType": result.compliance,
            "resultRecordedTime": ci_json.iso(result.recorded),
            "configRuleInvokedTime": ci_json.iso(result.invoked),
            "annotation": result.annotation, "resultToken": None}


# -- notifications ---------------------------------------------------------------------------
def _subject(text: str) -> str:
    return text if len(text) <= 100 else text[:97] + "..."


def notify_change(lab, state, item, previous) -> None:
    """ConfigurationItemChangeNotification to SNS, and the EventBridge event."""
    snap = item.snapshot
    message = {"configurationItemDiff": ci_json.diff(previous, item),
               "configurationItem": ci_json.json_item(item),
               "notificationCreationTime": ci_json.iso(lab.now),
               "messageType": "ConfigurationItemChangeNotification", "recordVersion": "1.3"}
    verb = {"CREATE": "Created", "DELETE": "Deleted"}.get(item.change_type, "Updated")
    _publish(lab, state, message, _subject(
        f"[AWS Config:{state.region}] {snap.resource_type} {snap.resource_id} {verb} in "
        f"Account {state.account_id}"))
    _event(lab, state, "Config Configuration Item Change", message, snap.arn)


def notify_compliance(lab, state, rule, rtype, rid, old, new) -> None:
    """ComplianceChangeNotification to SNS and "Config Rules Compliance Change" to
    EventBridge (the default bus)."""
    message = {"awsAccountId": state.account_id, "configRuleName": rule.name,
               "configRuleARN": rule.arn, "resourceType": rtype, "resourceId": rid,
               "awsRegion": state.region,
               "newEvaluationResult": result_json(rule, rtype, rid, new),
               "oldEvaluationResult": result_json(rule, rtype, rid, old),
               "notificationCreationTime": ci_json.iso(lab.now),
               "messageType": "ComplianceChangeNotification", "recordVersion": "1.0"}
    _publish(lab, state, message, _subject(
        f"[AWS Config:{state.region}] {rtype} {rid} is {new.compliance} with {rule.name} "
        f"in Account {state.account_id}"))
    snap = state.latest.get((rtype, rid))
    _event(lab, state, "Config Rules Compliance Change", message,
           snap.arn if snap is not None and snap.arn else None)


def _publish(lab, state, message: dict, subject: str) -> None:
    channel = state.channel
    if channel is None or not channel.topic_arn:
        return
    parts = channel.topic_arn.split(":")
    status = {"lastStatusChangeTime": lab.now}
    try:
        lab.send("sns", "publish", parts[4], parts[3], {
            "TopicArn": channel.topic_arn, "Subject": subject,
            "Message": json.dumps(message)})
        status.update(lastStatus="SUCCESS")
    except AwsError as err:
        status.update(lastStatus="FAILURE", lastErrorCode=err.code,
                      lastErrorMessage=err.message)
    channel.last_stream.update(status)
    state.notifications.append({"time": lab.now, "subject": subject,
                                "messageType": message["messageType"],
                                "status": status["lastStatus"]})


def _event(lab, state, detail_type: str, detail: dict, arn: str | None) -> None:
    if lab.service("events") is None:
        return
    lab.send("events", "event", state.account_id, state.region, {
        "source": "aws.config", "detail-type": detail_type, "detail": detail,
        "resources": [arn] if arn else []})
