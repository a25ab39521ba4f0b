#!/usr/bin/python3
"""The independent S3 client of the integration tests: sets buckets up with
Debian's python3-boto3, so that what bucketwatch reads back was written by
someone else's code. Talks to RGW_ENDPOINT with the keys in the environment
(AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY), path-style.

  s3_admin.py create BUCKET
  s3_admin.py policy BUCKET POLICY_JSON
  s3_admin.py acl BUCKET CANNED_ACL
  s3_admin.py grant BUCKET CANONICAL_ID PERMISSION   (the owner keeps FULL_CONTROL)
  s3_admin.py delete BUCKET
  s3_admin.py pab BUCKET BlockPublicAcls,IgnorePublicAcls,...   (the flags to turn on)
  s3_admin.py put BUCKET KEY TEXT
  s3_admin.py anon METHOD BUCKET [KEY]      -> prints the HTTP status of an unsigned request
  s3_admin.py as-other METHOD BUCKET [KEY]  -> the same, signed as RGW_OTHER_* user
"""
import os
import sys
import urllib.error
import urllib.request

import boto3
from botocore.config import Config


def client(access=None, secret=None):
    return boto3.client(
        "s3", endpoint_url=os.environ["RGW_ENDPOINT"], region_name="us-east-1",
        aws_access_key_id=access or os.environ["AWS_ACCESS_KEY_ID"],
        aws_secret_access_key=secret or os.environ["AWS_SECRET_ACCESS_KEY"],
        config=Config(s3={"addressing_style": "path"}, retries={"total_max_attempts": 1}))


def main(argv):
    cmd, bucket = argv[1], argv[2]
    s3 = client()
    if cmd == "create":
        s3.create_bucket(Bucket=bucket)
    elif cmd == "policy":
        s3.put_bucket_policy(Bucket=bucket, Policy=argv[3])
    elif cmd == "acl":
        s3.put_bucket_acl(Bucket=bucket, ACL=argv[3])
    elif cmd == "grant":
        owner = s3.get_bucket_acl(Bucket=bucket)["Owner"]
        grants = [{"Grantee": {"Type": "CanonicalUser", "ID": owner["ID"]}, "Permission": "FULL_CONTROL"},
                  {"Grantee": {"Type": "CanonicalUser", "ID": argv[3]}, "Permission": argv[4]}]
        s3.put_bucket_acl(Bucket=bucket, AccessControlPolicy={"Grants": grants, "Owner": owner})
    elif cmd == "delete":
        s3.delete_bucket(Bucket=bucket)
    elif cmd == "pab":
        flags = {f: False for f in ("BlockPublicAcls", "IgnorePublicAcls", "BlockPublicPolicy",
                                    "RestrictPublicBuckets")}
        for f in filter(None, argv[3].split(",")):
            flags[f] = True
        s3.put_public_access_block(Bucket=bucket, PublicAccessBlockConfiguration=flags)
    elif cmd == "put":
        s3.put_object(Bucket=bucket, Key=argv[3], Body=argv[4].encode())
    elif cmd == "anon":
        method, key = bucket, (argv[4] if len(argv) > 4 else "")
        url = os.environ["RGW_ENDPOINT"] + "/" + argv[3] + ("/" + key if key else "")
        data = b"written by anyone" if method == "PUT" else None
        try:
            with urllib.request.urlopen(urllib.request.Request(url, method=method, data=data)) as r:
                print(r.status)
        except urllib.error.HTTPError as e:
            print(e.code)
    elif cmd == "as-other":
        method, name, key = bucket, argv[3], (argv[4] if len(argv) > 4 else "")
        other = client(os.environ["RGW_OTHER_ACCESS_KEY"], os.environ["RGW_OTHER_SECRET_KEY"])
        try:
            if method == "LIST":
                other.list_objects_v2(Bucket=name)
            elif method == "GET":
                other.get_object(Bucket=name, Key=key)
            print(200)
        except other.exceptions.ClientError as e:
            print(e.response["ResponseMetadata"]["HTTPStatusCode"])
    else:
        sys.exit("unknown command " + cmd)


if __name__ == "__main__":
    main(sys.argv)
