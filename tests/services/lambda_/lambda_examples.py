"""One representative successful call per Lambda operation: ``fn(lab) -> response``."""
import json

from awslab.services.lambda_ import register


def handler(event, context):
    return {"echo": event}


def _function(lab):
    register(lab, "echo", handler)
    return lab.client("lambda")


def _permitted(lab):
    lam = _function(lab)
    lam.add_permission(FunctionName="echo", StatementId="events",
                       Action="lambda:InvokeFunction", Principal="events.amazonaws.com")
    return lam


EXAMPLES = {"lambda": {
    "GetFunction": lambda lab: _function(lab).get_function(FunctionName="echo"),
    "ListFunctions": lambda lab: _function(lab).list_functions(),
    "DeleteFunction": lambda lab: _function(lab).delete_function(FunctionName="echo"),
    "Invoke": lambda lab: _function(lab).invoke(FunctionName="echo",
                                                Payload=json.dumps({"a": 1})),
    "AddPermission": lambda lab: _function(lab).add_permission(
        FunctionName="echo", StatementId="events", Action="lambda:InvokeFunction",
        Principal="events.amazonaws.com",
        SourceArn="arn:aws:events:us-east-1:123456789012:rule/nightly"),
    "RemovePermission": lambda lab: _permitted(lab).remove_permission(
        FunctionName="echo", StatementId="events"),
    "GetPolicy": lambda lab: _permitted(lab).get_policy(FunctionName="echo"),
}}
