"""One package per AWS service: the only place AWS behaviour lives.

Each package exposes ``OPERATIONS`` (its registry), ``State`` (its state for one account
and region; ``GLOBAL = True`` for account-wide services) and optionally ``receive`` (work
handed over by another service through the lab).
"""

# botocore service name -> package answering it
PACKAGES = {
    "cloudwatch": "awslab.services.cloudwatch",
    "config": "awslab.services.config",
    "ssm": "awslab.services.ssm",
    "elbv2": "awslab.services.elbv2",
    "acm": "awslab.services.acm",
    "ec2": "awslab.services.ec2",
    "events": "awslab.services.events",
    "schemas": "awslab.services.schemas",
    "iam": "awslab.services.iam",
    "lambda": "awslab.services.lambda_",
    "s3": "awslab.services.s3",
    "logs": "awslab.services.logs",
    "sns": "awslab.services.sns",
    "sqs": "awslab.services.sqs",
    "autoscaling": "awslab.services.autoscaling",
    "sts": "awslab.services.sts",
    "cloudtrail": "awslab.services.cloudtrail",
    "kinesis": "awslab.services.kinesis",
    "firehose": "awslab.services.firehose",
    "organizations": "awslab.services.organizations",
    "ram": "awslab.services.ram",
    "route53resolver": "awslab.services.route53resolver",
    "license-manager": "awslab.services.license_manager",
    "cognito-identity": "awslab.services.cognito_identity",
    "identitystore": "awslab.services.identitystore",
    "sso-admin": "awslab.services.sso_admin",
    "sso": "awslab.services.sso",
    "ds": "awslab.services.ds",
}
