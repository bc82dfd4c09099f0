"""One representative successful call per SQS operation: ``fn(lab) -> response``."""


def _queue(lab):
    sqs = lab.client("sqs")
    return sqs, sqs.create_queue(QueueName="orders")["QueueUrl"]


def _received(lab):
    sqs, url = _queue(lab)
    sqs.send_message(QueueUrl=url, MessageBody="order 1")
    handle = sqs.receive_message(QueueUrl=url)["Messages"][0]["ReceiptHandle"]
    return sqs, url, handle


EXAMPLES = {"sqs": {
    "CreateQueue": lambda lab: lab.client("sqs").create_queue(
        QueueName="orders", Attributes={"VisibilityTimeout": "60"}, tags={"team": "web"}),
    "GetQueueUrl": lambda lab: (lambda s, u: s.get_queue_url(QueueName="orders"))(
        *_queue(lab)),
    "ListQueues": lambda lab: _queue(lab)[0].list_queues(QueueNamePrefix="ord"),
    "DeleteQueue": lambda lab: (lambda s, u: s.delete_queue(QueueUrl=u))(*_queue(lab)),
    "GetQueueAttributes": lambda lab: (lambda s, u: s.get_queue_attributes(
        QueueUrl=u, AttributeNames=["All"]))(*_queue(lab)),
    "SetQueueAttributes": lambda lab: (lambda s, u: s.set_queue_attributes(
        QueueUrl=u, Attributes={"DelaySeconds": "5"}))(*_queue(lab)),
    "PurgeQueue": lambda lab: (lambda s, u: s.purge_queue(QueueUrl=u))(*_queue(lab)),
    "TagQueue": lambda lab: (lambda s, u: s.tag_queue(QueueUrl=u, Tags={"a": "b"}))(
        *_queue(lab)),
    "ListQueueTags": lambda lab: (lambda s, u: s.list_queue_tags(QueueUrl=u))(*_queue(lab)),
    "SendMessage": lambda lab: (lambda s, u: s.send_message(
        QueueUrl=u, MessageBody="hi", MessageAttributes={
            "kind": {"DataType": "String", "StringValue": "order"}}))(*_queue(lab)),
    "SendMessageBatch": lambda lab: (lambda s, u: s.send_message_batch(QueueUrl=u, Entries=[
        {"Id": "1", "MessageBody": "a"}, {"Id": "2", "MessageBody": "b"}]))(*_queue(lab)),
    "ReceiveMessage": lambda lab: _received(lab) and _queue(lab)[0].receive_message(
        QueueUrl=_queue(lab)[1], MessageSystemAttributeNames=["All"]),
    "DeleteMessage": lambda lab: (lambda s, u, h: s.delete_message(
        QueueUrl=u, ReceiptHandle=h))(*_received(lab)),
    "DeleteMessageBatch": lambda lab: (lambda s, u, h: s.delete_message_batch(
        QueueUrl=u, Entries=[{"Id": "1", "ReceiptHandle": h}]))(*_received(lab)),
    "ChangeMessageVisibility": lambda lab: (lambda s, u, h: s.change_message_visibility(
        QueueUrl=u, ReceiptHandle=h, VisibilityTimeout=0))(*_received(lab)),
}}
