#!/usr/bin/env python3
"""Golden wire vectors for DynamoDB from botocore: the exact signed request
botocore builds for each DynamoDB call bucketwatch makes, and botocore's
parse of the answers beside this script. Nothing leaves the machine: a
'before-send' hook answers every request with a canned body.

Run:  python3 tests/data/api/dynamodb/capture_botocore_wire.py [--out DIR]
      (default DIR: tests/data/api/botocore_wire; needs botocore >= 1.29.150,
      the first with ReturnValuesOnConditionCheckFailure)
Fixed inputs, the same as the other captures in botocore_wire/: access key
AKIDEXAMPLE, secret wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY, session token
"session-token-example", time 2026-01-02T03:04:05Z, region ap-northeast-1.
The per-call headers amz-sdk-invocation-id / amz-sdk-request and User-Agent
(never signed) are printed as placeholders. Prints 'N passed, N failed'.
"""
import argparse
import datetime as _dt
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
FIXED = _dt.datetime(2026, 1, 2, 3, 4, 5)
TABLE = "bucketwatch-state"
KEY = {"pk": {"S": "123456789012/example-bucket-1"}}


class _FrozenDatetime(_dt.datetime):
    @classmethod
    def utcnow(cls):
        return FIXED

    @classmethod
    def now(cls, tz=None):
        return FIXED.replace(tzinfo=_dt.timezone.utc) if tz else FIXED


def cases():
    item = {"pk": KEY["pk"], "version": {"N": "4"}, "standing": {"S": "public"}, "public_read": {"BOOL": True},
            "digest": {"B": b"\xde\xad\xbe\xef"}, "note": {"NULL": True},
            "findings": {"L": [{"M": {"sid": {"S": "PublicRead"}, "index": {"N": "0"}}}]},
            "expires_at": {"N": "1798761600"}}
    cond = {"ConditionExpression": "#v = :expected", "ExpressionAttributeNames": {"#v": "version"},
            "ExpressionAttributeValues": {":expected": {"N": "3"}}}
    return [
        # name, operation, params, status, answer file, expected error code
        ("dynamodb-GetItem", "get_item", {"TableName": TABLE, "Key": KEY, "ConsistentRead": True},
         200, "GetItem.response.json", None),
        ("dynamodb-PutItem-conditional", "put_item",
         {"TableName": TABLE, "Item": item, **cond, "ReturnValuesOnConditionCheckFailure": "ALL_OLD"},
         200, None, None),
        ("dynamodb-PutItem-lost-race", "put_item",
         {"TableName": TABLE, "Item": {"pk": KEY["pk"], "version": {"N": "1"}},
          "ConditionExpression": "attribute_not_exists(#pk)", "ExpressionAttributeNames": {"#pk": "pk"},
          "ReturnValuesOnConditionCheckFailure": "ALL_OLD"},
         400, "ConditionalCheckFailedException.400.json", "ConditionalCheckFailedException"),
        ("dynamodb-UpdateItem", "update_item",
         {"TableName": TABLE, "Key": KEY, "UpdateExpression": "SET #v = :next, #s0 = :s0 REMOVE #r0",
          "ConditionExpression": "#v = :expected",
          "ExpressionAttributeNames": {"#v": "version", "#s0": "standing", "#r0": "pending"},
          "ExpressionAttributeValues": {":expected": {"N": "3"}, ":next": {"N": "4"}, ":s0": {"S": "public"}},
          "ReturnValues": "ALL_NEW"},
         200, "UpdateItem.response.json", None),
        ("dynamodb-DeleteItem", "delete_item", {"TableName": TABLE, "Key": KEY, **cond}, 200, None, None),
        ("dynamodb-CreateTable", "create_table",
         {"TableName": TABLE, "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"}],
          "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}], "BillingMode": "PAY_PER_REQUEST"},
         200, "CreateTable.response.json", None),
        ("dynamodb-DescribeTable-missing", "describe_table", {"TableName": TABLE},
         400, "ResourceNotFoundException.400.json", "ResourceNotFoundException"),
        ("dynamodb-PutItem-throttled", "put_item", {"TableName": TABLE, "Item": {"pk": KEY["pk"]}},
         400, "ProvisionedThroughputExceededException.400.json", "ProvisionedThroughputExceededException"),
        ("dynamodb-UpdateTimeToLive", "update_time_to_live",
         {"TableName": TABLE, "TimeToLiveSpecification": {"AttributeName": "expires_at", "Enabled": True}},
         200, None, None),
    ]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", default=os.path.join(HERE, "..", "botocore_wire"))
    args = ap.parse_args()
    sys.dont_write_bytecode = True
    import botocore
    import botocore.auth
    import botocore.session
    from botocore.awsrequest import AWSResponse
    from botocore.config import Config
    from botocore.exceptions import ClientError

    botocore.auth.datetime.datetime = _FrozenDatetime  # the signer's clock
    signer = "botocore.auth (pure Python)"
    if getattr(botocore.auth, "HAS_CRT", False):
        import botocore.crt.auth as crt_auth
        crt_auth.datetime.datetime = _FrozenDatetime
        signer = "botocore.crt.auth (awscrt / aws-c-auth)"

    class Raw:
        def __init__(self, data):
            self._data = data

        def stream(self, *a, **k):
            yield self._data

    for k in ("AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_DYNAMODB", "AWS_PROFILE"):
        os.environ.pop(k, None)
    os.environ["AWS_CONFIG_FILE"] = "/dev/null"
    os.environ["AWS_SHARED_CREDENTIALS_FILE"] = "/dev/null"
    session = botocore.session.get_session()
    passed = failed = 0
    for name, op, params, status, answer, want_err in cases():
        client = session.create_client(
            "dynamodb", region_name="ap-northeast-1", aws_access_key_id="AKIDEXAMPLE",
            aws_secret_access_key="wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
            aws_session_token="session-token-example", config=Config(retries={"total_max_attempts": 1}))
        captured = {}

        def send(request, **kw):
            captured["req"] = request
            data = open(os.path.join(HERE, answer), "rb").read() if answer else b"{}"
            return AWSResponse(request.url, status, {"x-amzn-RequestId": "EXAMPLE",
                                                     "Content-Type": "application/x-amz-json-1.0"}, Raw(data))

        client.meta.events.register("before-send", send)
        err = None
        try:
            parsed = getattr(client, op)(**params)
        except ClientError as e:
            parsed, err = e.response, e.response.get("Error", {}).get("Code")
        parsed.pop("ResponseMetadata", None)
        req = captured["req"]
        ok = err == want_err
        passed += ok
        failed += not ok
        lines = [f"# {name}: botocore {botocore.__version__}, dynamodb.{op}, region ap-northeast-1, signer {signer}",
                 f"# expected error: {want_err}; got: {err}; {'OK' if ok else 'MISMATCH'}",
                 f"{req.method} {req.url}"]
        if not any(k.lower() == "host" for k in req.headers):
            # Newer botocore signs Host without keeping it among the headers.
            lines.append("host: " + req.url.split("://", 1)[1].split("/", 1)[0])
        for k, v in req.headers.items():
            v = v.decode() if isinstance(v, bytes) else v
            if k.lower() in ("amz-sdk-invocation-id", "amz-sdk-request"):
                v = "<per-call value, added after signing, not signed>"
            if k.lower() == "user-agent":
                v = "<botocore user agent, never signed>"
            lines.append(f"{k}: {v}")
        b = req.body
        b = b.read() if hasattr(b, "read") else b
        if b:
            lines += ["", b.decode() if isinstance(b, bytes) else str(b)]
        lines += ["", "# parsed response:", json.dumps(parsed, default=str, indent=1, ensure_ascii=False)]
        with open(os.path.join(args.out, name + ".txt"), "w") as f:
            f.write("\n".join(lines) + "\n")
        if not ok:
            print(f"FAIL {name}: expected {want_err}, got {err}")
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
