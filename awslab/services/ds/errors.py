"""Directory Service error codes."""
from __future__ import annotations

from awslab.errors import error_class

ClientException = error_class("ClientException", 400)
InvalidParameterException = error_class("InvalidParameterException", 400)
EntityDoesNotExistException = error_class("EntityDoesNotExistException", 400)
EntityAlreadyExistsException = error_class("EntityAlreadyExistsException", 400)
DirectoryLimitExceededException = error_class("DirectoryLimitExceededException", 400)
UnsupportedOperationException = error_class("UnsupportedOperationException", 400)
InvalidNextTokenException = error_class("InvalidNextTokenException", 400)
