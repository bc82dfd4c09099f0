"""AWS RAM errors (the codes of RAM's model, with AWS's wording where known)."""
from awslab.errors import error_class

InvalidParameterException = error_class("InvalidParameterException")
MalformedArnException = error_class(
    "MalformedArnException", 400, "The format of an Amazon Resource Name (ARN) is not valid.")
UnknownResourceException = error_class("UnknownResourceException")
OperationNotPermittedException = error_class("OperationNotPermittedException")
InvalidStateTransitionException = error_class("InvalidStateTransitionException")
InvalidNextTokenException = error_class(
    "InvalidNextTokenException", 400, "The specified value for NextToken is not valid.")
ResourceShareInvitationArnNotFoundException = error_class(
    "ResourceShareInvitationArnNotFoundException", 400,
    "The specified Amazon Resource Name (ARN) for an invitation was not found.")
ResourceShareInvitationAlreadyAcceptedException = error_class(
    "ResourceShareInvitationAlreadyAcceptedException", 400,
    "The specified invitation was already accepted.")
ResourceShareInvitationAlreadyRejectedException = error_class(
    "ResourceShareInvitationAlreadyRejectedException", 400,
    "The specified invitation was already rejected.")
ResourceShareInvitationExpiredException = error_class(
    "ResourceShareInvitationExpiredException", 400, "The specified invitation is expired.")
ResourceShareLimitExceededException = error_class("ResourceShareLimitExceededException")
