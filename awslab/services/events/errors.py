"""EventBridge error codes (JSON protocol) with EventBridge's wording."""
from __future__ import annotations

from awslab.errors import error_class

InvalidEventPatternException = error_class("InvalidEventPatternException", 400)
ResourceNotFoundException = error_class("ResourceNotFoundException", 400)
ResourceAlreadyExistsException = error_class("ResourceAlreadyExistsException", 400)
LimitExceededException = error_class("LimitExceededException", 400)
ValidationException = error_class("ValidationException", 400)
InvalidStateException = error_class("InvalidStateException", 400)
IllegalStatusException = error_class("IllegalStatusException", 400)
ManagedRuleException = error_class("ManagedRuleException", 400)
PolicyLengthExceededException = error_class("PolicyLengthExceededException", 400)
ConcurrentModificationException = error_class("ConcurrentModificationException", 400)
OperationDisabledException = error_class("OperationDisabledException", 400)


def invalid_pattern(reason: str) -> InvalidEventPatternException:
    """``Event pattern is not valid. Reason: <reason>`` (Ruler's reason, as AWS words it)."""
    return InvalidEventPatternException(f"Event pattern is not valid. Reason: {reason}")


def not_found(kind: str, name: str) -> ResourceNotFoundException:
    """``<Kind> <name> does not exist.`` (``Rule r does not exist on EventBus default.``
    is built by the caller)."""
    return ResourceNotFoundException(f"{kind} {name} does not exist.")
