"""S3's error codes (REST-XML) and its wording for them."""
from __future__ import annotations

from awslab.errors import error_class

NoSuchBucket = error_class("NoSuchBucket", 404, "The specified bucket does not exist")
NoSuchKey = error_class("NoSuchKey", 404, "The specified key does not exist.")
BucketAlreadyExists = error_class(
    "BucketAlreadyExists", 409, "The requested bucket name is not available. The bucket "
    "namespace is shared by all users of the system. Please select a different name and "
    "try again.")
BucketAlreadyOwnedByYou = error_class(
    "BucketAlreadyOwnedByYou", 409, "Your previous request to create the named bucket "
    "succeeded and you already own it.")
BucketNotEmpty = error_class("BucketNotEmpty", 409,
                             "The bucket you tried to delete is not empty")
InvalidBucketName = error_class("InvalidBucketName", 400, "The specified bucket is not valid.")
IllegalLocationConstraintException = error_class("IllegalLocationConstraintException", 400)
InvalidLocationConstraint = error_class(
    "InvalidLocationConstraint", 400, "The specified location-constraint is not valid")
NoSuchBucketPolicy = error_class("NoSuchBucketPolicy", 404, "The bucket policy does not exist")
MalformedPolicy = error_class("MalformedPolicy", 400)
NoSuchPublicAccessBlockConfiguration = error_class(
    "NoSuchPublicAccessBlockConfiguration", 404,
    "The public access block configuration was not found")
NoSuchTagSet = error_class("NoSuchTagSet", 404, "The TagSet does not exist")
ServerSideEncryptionConfigurationNotFoundError = error_class(
    "ServerSideEncryptionConfigurationNotFoundError", 404,
    "The server side encryption configuration was not found")
AccessControlListNotSupported = error_class("AccessControlListNotSupported", 400,
                                            "The bucket does not allow ACLs")
AccessDenied = error_class("AccessDenied", 403, "Access Denied")
InvalidArgument = error_class("InvalidArgument", 400)
InvalidRequest = error_class("InvalidRequest", 400)
MalformedXML = error_class(
    "MalformedXML", 400, "The XML you provided was not well-formed or did not validate "
    "against our published schema")


def not_found():
    """What HEAD requests get: no body, so the code is the HTTP status itself."""
    from awslab.errors import AwsError
    return AwsError("Not Found", code="404", status=404)
