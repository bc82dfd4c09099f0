"""AWS Organizations errors (codes and messages as the API answers them)."""
from awslab.errors import AwsError, error_class

AccessDeniedException = error_class(
    "AccessDeniedException", 400, "You don't have permissions to access this resource.")
AWSOrganizationsNotInUseException = error_class(
    "AWSOrganizationsNotInUseException", 400,
    "Your account is not a member of an organization.")
AccountNotFoundException = error_class(
    "AccountNotFoundException", 400,
    "You specified an account that doesn't exist.")
AlreadyInOrganizationException = error_class(
    "AlreadyInOrganizationException", 400,
    "The provided account is already a member of an organization.")
ChildNotFoundException = error_class(
    "ChildNotFoundException", 400, "We can't find an organizational unit (OU) or account "
    "with the ChildId that you specified.")
CreateAccountStatusNotFoundException = error_class(
    "CreateAccountStatusNotFoundException", 400,
    "We can't find a create account request with the CreateAccountRequestId that you "
    "specified.")
DestinationParentNotFoundException = error_class(
    "DestinationParentNotFoundException", 400,
    "We can't find the destination container (a root or OU) with the ParentId that you "
    "specified.")
DuplicateAccountException = error_class(
    "DuplicateAccountException", 400, "That account is already present in the specified "
    "destination.")
DuplicateHandshakeException = error_class(
    "DuplicateHandshakeException", 400, "A handshake with the same action and target "
    "already exists.")
DuplicateOrganizationalUnitException = error_class(
    "DuplicateOrganizationalUnitException", 400,
    "An OU with the same name already exists.")
DuplicatePolicyAttachmentException = error_class(
    "DuplicatePolicyAttachmentException", 400,
    "The selected policy is already attached to the specified target.")
DuplicatePolicyException = error_class(
    "DuplicatePolicyException", 400, "A policy with the same name already exists.")
HandshakeAlreadyInStateException = error_class(
    "HandshakeAlreadyInStateException", 400,
    "The specified handshake is already in the requested state.")
HandshakeNotFoundException = error_class(
    "HandshakeNotFoundException", 400,
    "We can't find a handshake with the HandshakeId that you specified.")
InvalidHandshakeTransitionException = error_class(
    "InvalidHandshakeTransitionException", 400,
    "You can't perform the operation on the handshake in its current state.")
MalformedPolicyDocumentException = error_class(
    "MalformedPolicyDocumentException", 400,
    "The provided policy document does not meet the requirements of the specified policy "
    "type.")
MasterCannotLeaveOrganizationException = error_class(
    "MasterCannotLeaveOrganizationException", 400,
    "You can't remove a management account from an organization. If you want the "
    "management account to become a member account in another organization, you must "
    "first delete the current organization.")
OrganizationNotEmptyException = error_class(
    "OrganizationNotEmptyException", 400, "The organization isn't empty. To delete an "
    "organization, you must first remove all accounts except the management account.")
OrganizationalUnitNotEmptyException = error_class(
    "OrganizationalUnitNotEmptyException", 400, "The specified OU is not empty. Move all "
    "accounts to another root or to other OUs, remove all child OUs, and try the "
    "operation again.")
OrganizationalUnitNotFoundException = error_class(
    "OrganizationalUnitNotFoundException", 400,
    "We can't find an OU with the OrganizationalUnitId that you specified.")
ParentNotFoundException = error_class(
    "ParentNotFoundException", 400,
    "We can't find a root or OU with the ParentId that you specified.")
PolicyInUseException = error_class(
    "PolicyInUseException", 400, "The policy is attached to one or more entities. You "
    "must detach it from all roots, OUs, and accounts before performing this operation.")
PolicyNotAttachedException = error_class(
    "PolicyNotAttachedException", 400,
    "The policy isn't attached to the specified target in the specified root.")
PolicyNotFoundException = error_class(
    "PolicyNotFoundException", 400,
    "We can't find a policy with the PolicyId that you specified.")
PolicyTypeAlreadyEnabledException = error_class(
    "PolicyTypeAlreadyEnabledException", 400,
    "The specified policy type is already enabled in the specified root.")
PolicyTypeNotAvailableForOrganizationException = error_class(
    "PolicyTypeNotAvailableForOrganizationException", 400,
    "You can't use a policy type that isn't available in an organization that has only "
    "consolidated billing features enabled.")
PolicyTypeNotEnabledException = error_class(
    "PolicyTypeNotEnabledException", 400,
    "The specified policy type isn't currently enabled in this root. You can't attach "
    "policies of the specified type to entities in a root until you enable that type in "
    "the root.")
RootNotFoundException = error_class(
    "RootNotFoundException", 400,
    "We can't find a root with the RootId that you specified.")
SourceParentNotFoundException = error_class(
    "SourceParentNotFoundException", 400, "We can't find a source root or OU with the "
    "ParentId that you specified.")
TargetNotFoundException = error_class(
    "TargetNotFoundException", 400,
    "We can't find a root, OU, account, or policy with the TargetId that you specified.")


class ConstraintViolationException(AwsError):
    """A limit or rule of Organizations was hit; ``Reason`` says which (aws-facts 10.3)."""

    code = "ConstraintViolationException"

    def __init__(self, reason: str, message: str):
        super().__init__(message, Reason=reason)


class InvalidInputException(AwsError):
    """A parameter is malformed; ``Reason`` says how."""

    code = "InvalidInputException"

    def __init__(self, reason: str, message: str):
        super().__init__(message, Reason=reason)


class HandshakeConstraintViolationException(AwsError):
    """An invitation breaks a rule (the account is already in an organization...)."""

    code = "HandshakeConstraintViolationException"

    def __init__(self, reason: str, message: str):
        super().__init__(message, Reason=reason)


#: AWS's messages for the ConstraintViolationException reasons the lab raises.
CONSTRAINTS = {
    "ACCOUNT_NUMBER_LIMIT_EXCEEDED": "You have reached the limit on the number of accounts "
    "in an organization.",
    "OU_NUMBER_LIMIT_EXCEEDED": "You have reached the limit on the number of OUs that you "
    "can have in an organization.",
    "OU_DEPTH_LIMIT_EXCEEDED": "You attempted to create an OU tree that is too many levels "
    "deep.",
    "POLICY_NUMBER_LIMIT_EXCEEDED": "You have reached the limit on the number of policies "
    "of this type that you can have in an organization.",
    "POLICY_CONTENT_LIMIT_EXCEEDED": "You attempted to create a policy that is larger than "
    "the maximum size.",
    "MAX_POLICY_TYPE_ATTACHMENT_LIMIT_EXCEEDED": "You attempted to exceed the number of "
    "policies of a certain type that can be attached to an entity at one time.",
    "MIN_POLICY_TYPE_ATTACHMENT_LIMIT_EXCEEDED": "You attempted to detach a policy from an "
    "entity that would cause the entity to have fewer than the minimum number of policies "
    "of a certain type required.",
    "ACCOUNT_CANNOT_LEAVE_ORGANIZATION": "You attempted to remove the management account "
    "from the organization. You can't remove the management account. Instead, after you "
    "remove all member accounts, delete the organization itself.",
    "ACCOUNT_CANNOT_LEAVE_WITHOUT_PHONE_VERIFICATION": "You attempted to remove an account "
    "from the organization that doesn't yet have enough information to exist as a "
    "standalone account. This account requires you to first complete phone verification.",
    "ACCOUNT_CANNOT_LEAVE_WITHOUT_EULA": "You attempted to remove an account from the "
    "organization that doesn't yet have enough information to exist as a standalone "
    "account. This account requires you to first agree to the AWS Customer Agreement.",
    "WAIT_PERIOD_ACTIVE": "After you create an Amazon Web Services account, you must wait "
    "until at least seven days after the account was created.",
    "ORGANIZATION_NOT_IN_ALL_FEATURES_MODE": "You attempted to perform an operation that "
    "requires the organization to be configured to support all features.",
    "HANDSHAKE_RATE_LIMIT_EXCEEDED": "You attempted to exceed the number of handshakes "
    "that you can send in one day.",
}


def constraint(reason: str) -> ConstraintViolationException:
    """The ConstraintViolationException for ``reason`` with AWS's message."""
    return ConstraintViolationException(reason, CONSTRAINTS[reason])
