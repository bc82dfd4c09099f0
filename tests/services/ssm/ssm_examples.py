"""One representative successful call per SSM (Automation) operation."""
import json

DOC = json.dumps({"schemaVersion": "0.3", "parameters": {"Message": {"type": "String"}},
                  "mainSteps": [{"name": "wait", "action": "aws:sleep",
                                 "inputs": {"Duration": "PT1S"}}]})


def _doc(lab):
    ssm = lab.client("ssm")
    ssm.create_document(Name="Custom", DocumentType="Automation", Content=DOC)
    return ssm


def _run(lab):
    ssm = _doc(lab)
    return ssm, ssm.start_automation_execution(
        DocumentName="Custom", Parameters={"Message": ["hi"]})["AutomationExecutionId"]


EXAMPLES = {"ssm": {
    "CreateDocument": lambda lab: lab.client("ssm").create_document(
        Name="Custom", DocumentType="Automation", Content=DOC),
    "DescribeDocument": lambda lab: lab.client("ssm").describe_document(
        Name="AWS-PublishSNSNotification"),
    "GetDocument": lambda lab: _doc(lab).get_document(Name="Custom"),
    "ListDocuments": lambda lab: _doc(lab).list_documents(),
    "DeleteDocument": lambda lab: _doc(lab).delete_document(Name="Custom"),
    "StartAutomationExecution": lambda lab: _doc(lab).start_automation_execution(
        DocumentName="Custom", Parameters={"Message": ["hi"]}),
    "GetAutomationExecution": lambda lab: (lambda s, i: s.get_automation_execution(
        AutomationExecutionId=i))(*_run(lab)),
    "DescribeAutomationExecutions": lambda lab: _run(lab)[0]
    .describe_automation_executions(),
}}
