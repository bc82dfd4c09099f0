"""Systems Manager operations for Automation: documents and automation executions.

AWS-managed runbooks (``AWS-...``, ``AWSConfigRemediation-...``) are always there; custom
documents come from CreateDocument (``DocumentType`` ``Automation``, JSON content).
Other document types (Command, Session...) and the rest of Systems Manager are not
simulated.
"""
from __future__ import annotations

import hashlib
import json

from awslab.bridge.pagination import paginate
from awslab.bridge.registry import Operations
from awslab.services.ssm import automation, errors
from awslab.services.ssm.documents import MANAGED, Document, parse

OPERATIONS = Operations("ssm", validation_code="ValidationException")
DOC_CREATED = "2018-11-16T00:00:00+00:00"


def find_document(lab, account: str, region: str, name: str) -> Document | None:
    """A managed or custom Automation document by name."""
    if name in MANAGED:
        from awslab.clock import to_utc
        content = MANAGED[name]
        return Document(name, content, json.dumps(content, indent=2), "Amazon",
                        to_utc(DOC_CREATED))
    return lab.state("ssm", account, region).documents.get(name)


def _document(call, name: str) -> Document:
    doc = find_document(call.lab, call.account_id, call.region, name)
    if doc is None:
        raise errors.InvalidDocument(f"Document with name {name} does not exist.")
    return doc


def _description(doc: Document) -> dict:
    params = [{"Name": k, "Type": v.get("type", "String"),
               "Description": v.get("description", ""),
               **({"DefaultValue": str(v["default"])} if "default" in v else {})}
              for k, v in doc.parameters.items()]
    return {"Name": doc.name, "Owner": doc.owner, "CreatedDate": doc.created,
            "Status": "Active", "DocumentVersion": doc.version, "LatestVersion": doc.version,
            "DefaultVersion": doc.version, "DocumentType": "Automation",
            "SchemaVersion": "0.3", "DocumentFormat": "JSON", "HashType": "Sha256",
            "Hash": hashlib.sha256(doc.text.encode()).hexdigest(),
            "Description": doc.content.get("description", ""), "Parameters": params,
            "PlatformTypes": ["Windows", "Linux", "MacOS"],
            "Tags": [{"Key": k, "Value": v} for k, v in doc.tags.items()]}


@OPERATIONS("CreateDocument")
def create_document(call, p):
    state = call.state()
    name = p["Name"]
    if p.get("DocumentType", "Command") != "Automation":
        raise errors.InvalidDocumentContent(
            "awslab simulates Automation documents only (DocumentType='Automation').")
    if name.startswith(("AWS-", "AWSConfigRemediation-", "Amazon")):
        raise errors.InvalidDocument(f"Document name {name} uses a reserved prefix.")
    if name in state.documents:
        raise errors.DocumentAlreadyExists("Document with same name already exists")
    doc = Document(name, parse(p["Content"]), p["Content"], call.account_id, call.now,
                   tags={t["Key"]: t["Value"] for t in p.get("Tags") or []})
    state.documents[name] = doc
    return {"DocumentDescription": _description(doc)}


@OPERATIONS("DescribeDocument")
def describe_document(call, p):
    return {"Document": _description(_document(call, p["Name"]))}


@OPERATIONS("GetDocument")
def get_document(call, p):
    doc = _document(call, p["Name"])
    return {"Name": doc.name, "CreatedDate": doc.created, "DocumentVersion": doc.version,
            "Status": "Active", "Content": doc.text, "DocumentType": "Automation",
            "DocumentFormat": "JSON"}


@OPERATIONS("ListDocuments")
def list_documents(call, p):
    owners = {v for f in p.get("Filters") or [] if f["Key"] == "Owner"
              for v in f.get("Values") or []}
    docs = [find_document(call.lab, call.account_id, call.region, n) for n in MANAGED]
    docs += list(call.state().documents.values())
    if owners & {"Self"}:
        docs = [d for d in docs if d.owner == call.account_id]
    elif owners & {"Amazon"}:
        docs = [d for d in docs if d.owner == "Amazon"]
    rows = [{"Name": d.name, "Owner": d.owner, "CreatedDate": d.created,
             "DocumentVersion": d.version, "DocumentType": "Automation",
             "SchemaVersion": "0.3", "DocumentFormat": "JSON"} for d in docs]
    page, token = paginate(rows, p.get("NextToken"), p.get("MaxResults") or 50, "docs",
                           errors.InvalidNextToken)
    return {"DocumentIdentifiers": page, "NextToken": token}


@OPERATIONS("DeleteDocument")
def delete_document(call, p):
    state = call.state()
    if p["Name"] in MANAGED:
        raise errors.InvalidDocumentOperation("You cannot delete an AWS-owned document.")
    if p["Name"] not in state.documents:
        raise errors.InvalidDocument(f"Document with name {p['Name']} does not exist.")
    del state.documents[p["Name"]]
    return {}


def start(lab, account: str, region: str, name: str, params: dict, executed_by: str):
    """Start (and run) an automation; the Python entry Config remediation uses."""
    state = lab.state("ssm", account, region)
    doc = find_document(lab, account, region, name)
    if doc is None:
        raise errors.AutomationDefinitionNotFoundException(
            f"Document {name} does not exist.")
    unknown = [k for k in params if k not in doc.parameters]
    missing = [k for k, v in doc.parameters.items()
               if "default" not in v and k not in params]
    if unknown or missing:
        raise errors.InvalidAutomationExecutionParametersException(
            f"Parameters {sorted(unknown)} are not defined in the document"
            if unknown else f"The following parameters were not provided: {missing}")
    execution = automation.run(lab, account, region, doc, params,
                               lab.id_stream(f"ssm/{account}/{region}").uuid(),
                               executed_by)
    state.executions[execution.execution_id] = execution
    return execution


@OPERATIONS("StartAutomationExecution")
def start_automation_execution(call, p):
    params = {k: list(v) for k, v in (p.get("Parameters") or {}).items()}
    execution = start(call.lab, call.account_id, call.region, p["DocumentName"], params,
                      call.caller.arn)
    return {"AutomationExecutionId": execution.execution_id}


def _steps(execution) -> list[dict]:
    out = []
    for s in execution.steps:
        step = {"StepName": s.name, "Action": s.action, "ExecutionStartTime": s.start,
                "ExecutionEndTime": s.end, "StepStatus": s.status,
                "Inputs": {k: json.dumps(v) for k, v in s.inputs.items()},
                "OnFailure": "Abort", "MaxAttempts": 1}
        if s.failure:
            step["FailureMessage"] = s.failure
        out.append(step)
    return out


@OPERATIONS("GetAutomationExecution")
def get_automation_execution(call, p):
    execution = call.state().executions.get(p["AutomationExecutionId"])
    if execution is None:
        raise errors.AutomationExecutionNotFoundException(
            f"Automation execution {p['AutomationExecutionId']} does not exist.")
    out = {"AutomationExecutionId": execution.execution_id,
           "DocumentName": execution.document, "DocumentVersion": execution.version,
           "ExecutionStartTime": execution.start, "ExecutionEndTime": execution.end,
           "AutomationExecutionStatus": execution.status, "StepExecutions": _steps(execution),
           "StepExecutionsTruncated": False, "Mode": "Auto",
           "ExecutedBy": execution.executed_by,
           "Parameters": {k: v if isinstance(v, list) else [str(v)]
                          for k, v in execution.parameters.items() if v is not None}}
    if execution.failure:
        out["FailureMessage"] = execution.failure
    return {"AutomationExecution": out}


@OPERATIONS("DescribeAutomationExecutions")
def describe_automation_executions(call, p):
    rows = [{"AutomationExecutionId": e.execution_id, "DocumentName": e.document,
             "DocumentVersion": e.version, "AutomationExecutionStatus": e.status,
             "ExecutionStartTime": e.start, "ExecutionEndTime": e.end,
             "ExecutedBy": e.executed_by, "Mode": "Auto", "AutomationType": "Local",
             **({"FailureMessage": e.failure} if e.failure else {})}
            for e in call.state().executions.values()]
    page, token = paginate(rows, p.get("NextToken"), p.get("MaxResults") or 50, "execs",
                           errors.InvalidNextToken)
    return {"AutomationExecutionMetadataList": page, "NextToken": token}
