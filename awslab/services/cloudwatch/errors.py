"""CloudWatch error codes (Query-protocol codes, as botocore's model names them)."""
from awslab.errors import error_class

InvalidParameterValue = error_class("InvalidParameterValue", 400)
InvalidParameterCombination = error_class("InvalidParameterCombination", 400)
MissingParameter = error_class("MissingParameter", 400)
InvalidNextToken = error_class("InvalidNextToken", 400)
ValidationError = error_class("ValidationError", 400)


def describe_violations(violations) -> str:
    """CloudWatch words model-constraint errors per parameter, one line each."""
    lines = []
    for v in violations:
        if v.kind == "length" and isinstance(v.value, list):
            lines.append(f"The collection {v.query_path()} must not have a size greater "
                         f"than {v.limit}.")
        else:
            lines.append(f"The value {v.value} for parameter {v.query_path()} is invalid.")
    return "\n".join(lines)
