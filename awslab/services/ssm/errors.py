"""Systems Manager error codes used by Automation (JSON protocol)."""
from awslab.errors import error_class

DocumentAlreadyExists = error_class("DocumentAlreadyExists")
InvalidDocument = error_class("InvalidDocument")
InvalidDocumentContent = error_class("InvalidDocumentContent")
InvalidDocumentSchemaVersion = error_class("InvalidDocumentSchemaVersion")
InvalidDocumentOperation = error_class("InvalidDocumentOperation")
InvalidNextToken = error_class("InvalidNextToken")
AutomationDefinitionNotFoundException = error_class("AutomationDefinitionNotFoundException")
InvalidAutomationExecutionParametersException = error_class(
    "InvalidAutomationExecutionParametersException")
AutomationExecutionNotFoundException = error_class("AutomationExecutionNotFoundException")
