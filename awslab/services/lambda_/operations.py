"""The Lambda operation registry."""
from awslab.bridge.registry import Operations

OPERATIONS = Operations("lambda", validation_code="InvalidParameterValueException")
