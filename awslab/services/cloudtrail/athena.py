"""SQL over delivered CloudTrail logs, in the role Athena plays (DuckDB, in memory).

:func:`query` reads every ``.json.gz`` log file a trail delivered to a (simulated) S3
bucket, unpacks ``{"Records": [...]}``, and answers SQL against a table named
``cloudtrail_logs`` with the columns of the Athena table in AWS's documentation
(lower-case names; ``useridentity`` and ``resources`` as structs, ``requestparameters``
and ``responseelements`` as JSON text, ``eventtime`` as ISO text: ``CAST(eventtime AS
TIMESTAMP)`` makes it a time). Returns a pandas DataFrame.
"""
from __future__ import annotations

import gzip
import json

_V = "VARCHAR"
_ISSUER = {"type": _V, "principalId": _V, "arn": _V, "accountId": _V, "userName": _V}
#: The shape each record is read into (one JSON parse per record).
STRUCTURE = json.dumps({
    "eventVersion": _V,
    "userIdentity": {"type": _V, "principalId": _V, "arn": _V, "accountId": _V,
                     "invokedBy": _V, "accessKeyId": _V, "userName": _V,
                     "sessionContext": {"attributes": {"mfaAuthenticated": _V,
                                                       "creationDate": _V},
                                        "sessionIssuer": _ISSUER}},
    **{k: _V for k in ("eventTime", "eventSource", "eventName", "awsRegion",
                       "sourceIPAddress", "userAgent", "errorCode", "errorMessage",
                       "requestID", "eventID", "eventType", "apiVersion", "readOnly",
                       "recipientAccountId", "sharedEventID", "vpcEndpointId",
                       "eventCategory", "managementEvent")},
    **{k: "JSON" for k in ("requestParameters", "responseElements", "additionalEventData",
                           "serviceEventDetails")},
    "resources": [{"ARN": _V, "accountId": _V, "type": _V}]})
_U = "j.userIdentity"
_S = f"{_U}.sessionContext"
#: Athena's column names (lower case) for the record's fields.
COLUMNS = f"""
    j.eventVersion AS eventversion,
    struct_pack(type := {_U}.type, principalid := {_U}.principalId, arn := {_U}.arn,
                accountid := {_U}.accountId, invokedby := {_U}.invokedBy,
                accesskeyid := {_U}.accessKeyId, username := {_U}.userName,
                sessioncontext := struct_pack(
                    attributes := struct_pack(
                        mfaauthenticated := {_S}.attributes.mfaAuthenticated,
                        creationdate := {_S}.attributes.creationDate),
                    sessionissuer := struct_pack(
                        type := {_S}.sessionIssuer.type,
                        principalid := {_S}.sessionIssuer.principalId,
                        arn := {_S}.sessionIssuer.arn,
                        accountid := {_S}.sessionIssuer.accountId,
                        username := {_S}.sessionIssuer.userName))) AS useridentity,
    j.eventTime AS eventtime, j.eventSource AS eventsource, j.eventName AS eventname,
    j.awsRegion AS awsregion, j.sourceIPAddress AS sourceipaddress,
    j.userAgent AS useragent, j.errorCode AS errorcode, j.errorMessage AS errormessage,
    CAST(j.requestParameters AS VARCHAR) AS requestparameters,
    CAST(j.responseElements AS VARCHAR) AS responseelements,
    CAST(j.additionalEventData AS VARCHAR) AS additionaleventdata,
    j.requestID AS requestid, j.eventID AS eventid,
    list_transform(j.resources, r -> struct_pack(arn := r.ARN, accountid := r.accountId,
                                                 type := r.type)) AS resources,
    j.eventType AS eventtype, j.apiVersion AS apiversion, j.readOnly AS readonly,
    j.recipientAccountId AS recipientaccountid,
    CAST(j.serviceEventDetails AS VARCHAR) AS serviceeventdetails,
    j.sharedEventID AS sharedeventid, j.vpcEndpointId AS vpcendpointid,
    j.eventCategory AS eventcategory, j.managementEvent AS managementevent
"""


def log_records(lab, bucket: str, prefix: str = "") -> list[dict]:
    """Every record in the CloudTrail log files of ``bucket`` (under ``prefix``), in
    file order (Insights files, under ``CloudTrail-Insight/``, are left out)."""
    s3 = lab.service("s3")
    out = []
    for key in s3.keys(lab, bucket, prefix):
        if key.endswith(".json.gz") and "/CloudTrail/" in key:
            out.extend(json.loads(gzip.decompress(s3.read(lab, bucket, key)))["Records"])
    return out


def query(lab, sql: str, *, bucket: str, prefix: str = ""):
    """Run ``sql`` against ``cloudtrail_logs`` built from the bucket's log files."""
    import duckdb
    import pandas as pd
    raw = pd.DataFrame({"raw": [json.dumps(r, separators=(",", ":"))
                                for r in log_records(lab, bucket, prefix)]},
                       dtype=object)
    # one thread: rows that an ORDER BY leaves tied come out in the same order every run
    con = duckdb.connect(":memory:", config={"threads": 1})
    try:
        con.register("raw_text", raw)
        con.execute("CREATE TABLE cloudtrail_logs AS SELECT " + COLUMNS +
                    " FROM (SELECT json_transform(raw, ?) AS j FROM raw_text)",
                    [STRUCTURE])
        return con.execute(sql).df()
    finally:
        con.close()
