"""SQS's error codes (JSON protocol) with its wording."""
from awslab.errors import error_class

QueueDoesNotExist = error_class("QueueDoesNotExist", 400, "The specified queue does not exist.")
QueueNameExists = error_class("QueueNameExists", 400)
InvalidParameterValue = error_class("InvalidParameterValue", 400)
InvalidAttributeName = error_class("InvalidAttributeName", 400)
InvalidAttributeValue = error_class("InvalidAttributeValue", 400)
ReceiptHandleIsInvalid = error_class("ReceiptHandleIsInvalid", 400)
TooManyEntriesInBatchRequest = error_class("TooManyEntriesInBatchRequest", 400)
EmptyBatchRequest = error_class("EmptyBatchRequest", 400)
BatchEntryIdsNotDistinct = error_class("BatchEntryIdsNotDistinct", 400)
PurgeQueueInProgress = error_class("PurgeQueueInProgress", 400)
InvalidMessageContents = error_class("InvalidMessageContents", 400)
