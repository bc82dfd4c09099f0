"""NB09 (AWS Config): checks read the learner's Config rules, remediation and patterns.

E1 grades a custom rule (a Python function standing in for Lambda) against the hidden
truth of the learner's seeded EBS volumes (gp3 is the standard); E2 plays the "drifter"
on a seeded security group and expects automatic remediation to win, twice; E3 tests the
learner's EventBridge pattern with EventBridge's own TestEventPattern on compliance-change
events. Introduced in ``09_config.ipynb``.
"""
from __future__ import annotations

import json

from awslab.course.exercises import Exercise, fail, ok

TITLE = "AWS Config: recording, rules, remediation and notifications"
VOLUME_TYPES = ("gp2", "gp3", "io1", "st1", "sc1", "standard")
SSH = [{"IpProtocol": "tcp", "FromPort": 22, "ToPort": 22,
        "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}]


# -- E1: a custom rule, "every EBS volume is gp3" ---------------------------------------
def _facts_e1(ctx) -> dict:
    rng = ctx.rng("volumes")
    types = [rng.choice(VOLUME_TYPES) for _ in range(5)]
    types[rng.randrange(5)] = "gp3"
    return {"types": types, "rule_name": "ebs-gp3-standard"}


def _check_e1(ctx, answer):
    cfg, ec2 = ctx.client("config"), ctx.client("ec2")
    name = answer if isinstance(answer, str) and answer else ctx.facts["rule_name"]
    rules = {r["ConfigRuleName"]: r for r in cfg.describe_config_rules()["ConfigRules"]}
    rule = rules.get(name)
    if rule is None:
        return fail(f"there is no Config rule named {name!r} yet")
    if rule["Source"]["Owner"] != "CUSTOM_LAMBDA":
        return fail(f"{name} is owned by {rule['Source']['Owner']}; it must be a custom "
                    "rule (CUSTOM_LAMBDA) backed by your Python function")
    truth = {v["VolumeId"]: "COMPLIANT" if v["VolumeType"] == "gp3" else "NON_COMPLIANT"
             for v in ec2.describe_volumes()["Volumes"]}
    if not truth:
        return fail("there are no EBS volumes; create the exercise's volumes first")
    got = {}
    for page in cfg.get_paginator("get_compliance_details_by_config_rule").paginate(
            ConfigRuleName=name):
        for r in page["EvaluationResults"]:
            q = r["EvaluationResultIdentifier"]["EvaluationResultQualifier"]
            got[q["ResourceId"]] = r["ComplianceType"]
    missing = sorted(v for v in truth if v not in got)
    if missing:
        return fail(f"{len(missing)} volume(s) have no evaluation, e.g. {missing[0]}: does "
                    "your function call put_evaluations with the resultToken?")
    wrong = sorted(v for v in truth if got[v] != truth[v])
    if wrong:
        return fail(f"{wrong[0]} is {got[wrong[0]]} but should be {truth[wrong[0]]}")
    bad = sum(k == "NON_COMPLIANT" for k in truth.values())
    return ok(f"{name} evaluates all {len(truth)} volumes correctly ({bad} not gp3)")


E1 = Exercise(
    id="E1",
    title="A custom rule for EBS volume types",
    task=("Create the volumes with types {types} (the cell above does it), then a custom "
          "Config rule {rule_name!r} whose function marks a volume COMPLIANT when its "
          "volumeType is gp3 (the modern standard; the source notes said gp2) and "
          "NON_COMPLIANT otherwise, triggered by changes of AWS::EC2::Volume. Then call "
          "ex.e1.check()."),
    check=_check_e1,
    hints=("A custom rule's function receives an event whose invokingEvent (a JSON "
           "string) holds the configurationItem; it must answer with put_evaluations.",
           "item = json.loads(event['invokingEvent'])['configurationItem']; the type is "
           "item['configuration']['volumeType']; pass event['resultToken'] to "
           "put_evaluations.",
           "Register the function with lambda_.register, let config.amazonaws.com invoke "
           "it (add_permission), then put_config_rule with Owner CUSTOM_LAMBDA, "
           "SourceIdentifier=<function ARN>, SourceDetails=[{'EventSource': "
           "'aws.config', 'MessageType': 'ConfigurationItemChangeNotification'}] and "
           "Scope={'ComplianceResourceTypes': ['AWS::EC2::Volume']}."),
    solution=("def gp3_only(event, context):\n"
              "    item = json.loads(event['invokingEvent'])['configurationItem']\n"
              "    conf = item['configuration'] or {{}}\n"
              "    kind = 'COMPLIANT' if conf.get('volumeType') == 'gp3' \\\n"
              "        else 'NON_COMPLIANT'\n"
              "    cfg.put_evaluations(ResultToken=event['resultToken'], Evaluations=[{{\n"
              "        'ComplianceResourceType': item['resourceType'],\n"
              "        'ComplianceResourceId': item['resourceId'],\n"
              "        'ComplianceType': kind,\n"
              "        'OrderingTimestamp': item['configurationItemCaptureTime']}}])\n"
              "\n"
              "arn = lambda_.register(lab, 'gp3-only', gp3_only)\n"
              "lab.client('lambda').add_permission(\n"
              "    FunctionName='gp3-only', StatementId='config',\n"
              "    Action='lambda:InvokeFunction', Principal='config.amazonaws.com')\n"
              "cfg.put_config_rule(ConfigRule={{\n"
              "    'ConfigRuleName': '{rule_name}',\n"
              "    'Scope': {{'ComplianceResourceTypes': ['AWS::EC2::Volume']}},\n"
              "    'Source': {{'Owner': 'CUSTOM_LAMBDA', 'SourceIdentifier': arn,\n"
              "               'SourceDetails': [{{\n"
              "                   'EventSource': 'aws.config',\n"
              "                   'MessageType':\n"
              "                       'ConfigurationItemChangeNotification'}}]}}}})\n"
              "ex.e1.check()"),
    usage="ex.e1.check()",
    facts=_facts_e1,
    needs_answer=False,
)


# -- E2: automatic remediation of open SSH, surviving one drift ---------------------------
def _facts_e2(ctx) -> dict:
    return {"group_name": f"nb09-drift-{ctx.rng('group').randrange(100, 999)}"}


def _ssh_rule(cfg):
    for rule in cfg.describe_config_rules()["ConfigRules"]:
        if rule["Source"].get("SourceIdentifier") == "INCOMING_SSH_DISABLED":
            return rule["ConfigRuleName"]
    return None


def _is_open(ec2, gid) -> bool:
    group = ec2.describe_security_groups(GroupIds=[gid])["SecurityGroups"][0]
    return any(p.get("FromPort") == 22 and {"CidrIp": "0.0.0.0/0"} in
               [{"CidrIp": r["CidrIp"]} for r in p["IpRanges"]]
               for p in group["IpPermissions"])


def _check_e2(ctx, answer):
    cfg, ec2 = ctx.client("config"), ctx.client("ec2")
    rule = _ssh_rule(cfg)
    if rule is None:
        return fail("no rule uses the managed rule INCOMING_SSH_DISABLED (restricted-ssh)")
    configs = cfg.describe_remediation_configurations(ConfigRuleNames=[rule])
    if not configs["RemediationConfigurations"]:
        return fail(f"{rule} has no remediation configuration")
    rc = configs["RemediationConfigurations"][0]
    if not rc.get("Automatic"):
        return fail("the remediation is manual; make it automatic")
    if rc.get("MaximumAutomaticAttempts", 5) < 2:
        return fail("allow retries: MaximumAutomaticAttempts of at least 2")
    name = ctx.facts["group_name"]
    found = ec2.describe_security_groups(Filters=[{"Name": "group-name", "Values": [name]}])
    gid = found["SecurityGroups"][0]["GroupId"] if found["SecurityGroups"] else \
        ec2.create_security_group(GroupName=name, Description="the drifter")["GroupId"]
    for attempt in ("first", "second (the drifter re-broke it)"):
        if not _is_open(ec2, gid):
            ec2.authorize_security_group_ingress(GroupId=gid, IpPermissions=SSH)
        ctx.lab.advance(minutes=2)
        if _is_open(ec2, gid):
            return fail(f"after the {attempt} opening, SSH from 0.0.0.0/0 is still open "
                        f"on {gid}: remediation did not fix it")
    return ok(f"{rule} with {rc['TargetId']} closed SSH on {gid} twice, drift included")


E2 = Exercise(
    id="E2",
    title="Auto-remediate open SSH, with retries",
    task=("Make Config close SSH (port 22) opened to 0.0.0.0/0 in any security group by "
          "itself: the managed rule INCOMING_SSH_DISABLED plus an automatic remediation "
          "with retries. The check opens SSH on a group named {group_name}, twice (a "
          "drifter re-breaks it once), and expects it closed each time."),
    check=_check_e2,
    hints=("Remediation is put_remediation_configurations on the rule, with an SSM "
           "Automation document as the target.",
           "AWS-DisablePublicAccessForSecurityGroup takes GroupId; give it the resource "
           "ID with {'ResourceValue': {'Value': 'RESOURCE_ID'}}.",
           "Automatic=True, MaximumAutomaticAttempts=5, RetryAttemptSeconds=60, "
           "TargetType='SSM_DOCUMENT'."),
    solution=("cfg.put_config_rule(ConfigRule={{\n"
              "    'ConfigRuleName': 'restricted-ssh',\n"
              "    'Source': {{'Owner': 'AWS',\n"
              "               'SourceIdentifier': 'INCOMING_SSH_DISABLED'}}}})\n"
              "cfg.put_remediation_configurations(RemediationConfigurations=[{{\n"
              "    'ConfigRuleName': 'restricted-ssh', 'TargetType': 'SSM_DOCUMENT',\n"
              "    'TargetId': 'AWS-DisablePublicAccessForSecurityGroup',\n"
              "    'Parameters': {{'GroupId': {{'ResourceValue': {{\n"
              "        'Value': 'RESOURCE_ID'}}}}}},\n"
              "    'Automatic': True, 'MaximumAutomaticAttempts': 5,\n"
              "    'RetryAttemptSeconds': 60}}])\n"
              "ex.e2.check()"),
    usage="ex.e2.check()",
    facts=_facts_e2,
    needs_answer=False,
)


# -- E3: only NON_COMPLIANT changes of one rule, by EventBridge pattern ---------------------
def _facts_e3(ctx) -> dict:
    return {"rule": "restricted-ssh", "other": "required-tags"}


def _event(ctx, rule: str, kind: str) -> str:
    detail = {"configRuleName": rule, "messageType": "ComplianceChangeNotification",
              "resourceType": "AWS::EC2::SecurityGroup", "resourceId": "sg-0123456789abcdef0",
              "awsRegion": "us-east-1", "awsAccountId": "123456789012",
              "newEvaluationResult": {"complianceType": kind},
              "oldEvaluationResult": {"complianceType": "COMPLIANT" if kind ==
                                      "NON_COMPLIANT" else "NON_COMPLIANT"}}
    return json.dumps({"version": "0", "id": "7bf73129-1428-4cd3-a780-95db273d1602",
                       "detail-type": "Config Rules Compliance Change",
                       "source": "aws.config", "account": "123456789012",
                       "time": "2026-01-05T00:00:00Z", "region": "us-east-1",
                       "resources": [], "detail": detail})


def _check_e3(ctx, answer):
    if isinstance(answer, dict):
        answer = json.dumps(answer)
    if not isinstance(answer, str):
        return fail("pass the event pattern (a dict or its JSON text)")
    events = ctx.client("events")
    f = ctx.facts
    cases = [((f["rule"], "NON_COMPLIANT"), True), ((f["rule"], "COMPLIANT"), False),
             ((f["other"], "NON_COMPLIANT"), False)]
    from botocore.exceptions import ClientError
    for (rule, kind), wanted in cases:
        try:
            got = events.test_event_pattern(EventPattern=answer,
                                            Event=_event(ctx, rule, kind))["Result"]
        except ClientError as err:
            return fail(f"EventBridge refuses the pattern: {err.response['Error']['Code']}"
                        f": {err.response['Error']['Message']}")
        if got != wanted:
            verb = "matches" if got else "does not match"
            return fail(f"the pattern {verb} a {kind} change of {rule}")
    return ok(f"only NON_COMPLIANT changes of {f['rule']} match")


E3 = Exercise(
    id="E3",
    title="Route only non-compliance of one rule",
    task=("Write the EventBridge event pattern that matches only the compliance changes "
          "of rule {rule!r} to NON_COMPLIANT (not back to COMPLIANT, not other rules). "
          "Pass it to ex.e3.check(pattern)."),
    check=_check_e3,
    hints=("Config's events have source aws.config and detail-type 'Config Rules "
           "Compliance Change'.",
           "The rule is detail.configRuleName; the new state is "
           "detail.newEvaluationResult.complianceType.",
           "Values in a pattern are lists: {'detail': {'configRuleName': ['{rule}'], "
           "'newEvaluationResult': {'complianceType': ['NON_COMPLIANT']}}}, plus source "
           "and detail-type."),
    solution=("pattern = {{\n"
              "    'source': ['aws.config'],\n"
              "    'detail-type': ['Config Rules Compliance Change'],\n"
              "    'detail': {{\n"
              "        'configRuleName': ['{rule}'],\n"
              "        'newEvaluationResult': {{\n"
              "            'complianceType': ['NON_COMPLIANT']}}}}}}\n"
              "ex.e3.check(pattern)"),
    usage="ex.e3.check(pattern)",
    facts=_facts_e3,
)

EXERCISES = [E1, E2, E3]
