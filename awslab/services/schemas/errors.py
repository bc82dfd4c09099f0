"""EventBridge Schemas error codes (REST-JSON)."""
from awslab.errors import error_class

BadRequestException = error_class("BadRequestException", 400)
NotFoundException = error_class("NotFoundException", 404)
ConflictException = error_class("ConflictException", 409)
