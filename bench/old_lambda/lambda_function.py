# A stand-in for the Python Lambda that bucketwatch replaces, written for the
# cold-start benchmark from the old function's described behaviour (its form
# body: docs/sources.md, "Slack incoming webhooks"): it is not the original code and copies none of it.
#
# What it does, as the old function did:
#  - reads detail.resourceId and detail.newEvaluationResult.annotation of a
#    "Config Rules Compliance Change" event (KeyError when there is no
#    annotation: the old function crashed there too);
#  - builds {"text": "公開設定が適切か確認してください。\n・バケット名: <bucket>\n・注釈: <annotation>",
#    "channel": $CHANNEL, "username": "$ENVでS3が全体公開されました", "icon_emoji": ":aws_s3:"};
#  - posts it form-encoded WITHOUT URL-encoding ("payload=" + json.dumps(...)),
#    so an '&' in the annotation splits the form and Slack answers invalid_payload;
#  - with urllib from the standard library (a Lambda Python runtime has no requests).
#
# Run by hand: WEB_HOOK_URL=... CHANNEL=#alerts ENV=prod /usr/bin/python3 lambda_function.py event.json
import json
import os
import sys
import urllib.request


def lambda_handler(event, context):
    detail = event["detail"]
    bucket = detail["resourceId"]
    annotation = detail["newEvaluationResult"]["annotation"]
    message = {
        "text": "公開設定が適切か確認してください。\n・バケット名: " + bucket + "\n・注釈: " + annotation,
        "channel": os.environ["CHANNEL"],
        "username": os.environ["ENV"] + "でS3が全体公開されました",
        "icon_emoji": ":aws_s3:",
    }
    body = ("payload=" + json.dumps(message)).encode("utf-8")
    request = urllib.request.Request(os.environ["WEB_HOOK_URL"], data=body, method="POST")
    with urllib.request.urlopen(request, timeout=10) as response:
        return {"statusCode": response.status, "body": response.read().decode("utf-8")}


if __name__ == "__main__":
    with open(sys.argv[1], encoding="utf-8") as f:
        print(lambda_handler(json.load(f), None))
