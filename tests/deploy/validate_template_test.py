#!/usr/bin/env python3
"""deploy/validate-template finds what it promises to find.

Each test breaks a copy of deploy/template.yaml in one way and expects the
validator to name the problem; the real template must pass. The rules
checked are CloudFormation's (Template anatomy, Resource Specification),
IAM's (policy grammar) and EventBridge's (docs/sources.md, "EventBridge event patterns").
"""
import copy
import importlib.machinery
import importlib.util
import os
import sys
import tempfile
import unittest

import yaml

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
loader = importlib.machinery.SourceFileLoader("validate_template", os.path.join(ROOT, "deploy", "validate-template"))
spec = importlib.util.spec_from_loader("validate_template", loader)
vt = importlib.util.module_from_spec(spec)
loader.exec_module(vt)

TEMPLATE = os.path.join(ROOT, "deploy", "template.yaml")
MEMBER = os.path.join(ROOT, "deploy", "member.yaml")


class Dumper(yaml.SafeDumper):
    pass


def _represent_dict(dumper, data):
    return dumper.represent_dict(data.items())


Dumper.add_representer(dict, _represent_dict)


class ValidateTemplateTest(unittest.TestCase):
    def setUp(self):
        self.tpl = vt.load_template(TEMPLATE)
        self.member = vt.load_template(MEMBER)

    def errors(self, tpl, **kw):
        with tempfile.NamedTemporaryFile("w", suffix=".yaml", delete=False) as f:
            # The long (JSON) form is valid CloudFormation YAML too.
            yaml.dump(tpl, f, Dumper=Dumper, sort_keys=False)
            path = f.name
        try:
            return vt.validate(path, os.path.join(ROOT, "tests/data/cfnspec/specification-subset.json"),
                               os.path.join(ROOT, "tests/data/events"),
                               os.path.join(ROOT, "tests/data/eventpatterns/conformance_cases.json"), lint=False,
                               **kw)
        finally:
            os.unlink(path)

    def assertFinds(self, tpl, text, **kw):
        errors = self.errors(tpl, **kw)
        self.assertTrue(any(text in e for e in errors), f"expected a finding with {text!r}, got {errors}")

    def test_the_template_passes(self):
        self.assertEqual(self.errors(self.tpl), [])

    def test_the_member_template_passes(self):
        self.assertEqual(self.errors(self.member), [])

    def test_unknown_property(self):
        t = copy.deepcopy(self.tpl)
        t["Resources"]["Function"]["Properties"]["MemorySizeMB"] = 128
        self.assertFinds(t, "has no property 'MemorySizeMB'")

    def test_missing_required_property(self):
        t = copy.deepcopy(self.tpl)
        del t["Resources"]["Function"]["Properties"]["Role"]
        self.assertFinds(t, "required property 'Role' is missing")

    def test_wrong_primitive_type(self):
        t = copy.deepcopy(self.tpl)
        t["Resources"]["FailureQueue"]["Properties"]["SqsManagedSseEnabled"] = "yes"
        self.assertFinds(t, "expected Boolean")

    def test_nested_property_type(self):
        t = copy.deepcopy(self.tpl)
        t["Resources"]["FunctionEventInvokeConfig"]["Properties"]["DestinationConfig"]["OnFailure"]["Target"] = "x"
        self.assertFinds(t, "has no property 'Target'")

    def test_unknown_resource_type(self):
        t = copy.deepcopy(self.tpl)
        t["Resources"]["FailureQueue"]["Type"] = "AWS::SQS::Queues"
        self.assertFinds(t, "resource type 'AWS::SQS::Queues' is not in the specification")

    def test_ref_to_nothing(self):
        t = copy.deepcopy(self.tpl)
        t["Resources"]["Function"]["Properties"]["Code"]["S3Key"] = {"Ref": "CodeKey"}
        self.assertFinds(t, "Ref to unknown name 'CodeKey'")

    def test_getatt_unknown_attribute(self):
        t = copy.deepcopy(self.tpl)
        t["Resources"]["FunctionRole"]["Properties"]["Policies"][3]["PolicyDocument"]["Statement"][0]["Resource"] = {
            "Fn::GetAtt": ["FailureQueue", "QueueArn"]}
        self.assertFinds(t, "has no attribute 'QueueArn'")

    def test_sub_of_undefined_name(self):
        t = copy.deepcopy(self.tpl)
        t["Resources"]["LogGroup"]["Properties"]["LogGroupName"] = {"Fn::Sub": "/aws/lambda/${Name}"}
        self.assertFinds(t, "${Name} names nothing defined")

    def test_undefined_condition(self):
        t = copy.deepcopy(self.tpl)
        t["Resources"]["GuardDutyRule"]["Condition"] = "GuardDuty"
        self.assertFinds(t, "condition 'GuardDuty' is not defined")

    def test_parameter_default_outside_allowed_values(self):
        t = copy.deepcopy(self.tpl)
        t["Parameters"]["Language"]["Default"] = "fr"
        self.assertFinds(t, "Default 'fr' is not among AllowedValues")

    def test_malformed_and_misspelt_iam_actions(self):
        t = copy.deepcopy(self.tpl)
        stmt = t["Resources"]["FunctionRole"]["Properties"]["Policies"][1]["PolicyDocument"]["Statement"][1]
        stmt["Action"] = ["s3:GetBucketPolicies", "s3 GetBucketAcl"]
        errors = self.errors(t)
        self.assertTrue(any("s3:GetBucketPolicies is not an action of s3" in e for e in errors), errors)
        self.assertTrue(any("malformed action 's3 GetBucketAcl'" in e for e in errors), errors)

    def test_wildcard_action_is_not_least_privilege(self):
        t = copy.deepcopy(self.tpl)
        t["Resources"]["FunctionRole"]["Properties"]["Policies"][1]["PolicyDocument"]["Statement"][0]["Action"] = "s3:*"
        self.assertFinds(t, "a wildcard action is not least privilege")

    def test_webhook_url_in_the_environment(self):
        t = copy.deepcopy(self.tpl)
        t["Resources"]["Function"]["Properties"]["Environment"]["Variables"]["BUCKETWATCH_SLACK_WEBHOOK_URL"] = \
            "https://hooks.slack.com/services/T000/B000/XXXX"
        self.assertFinds(t, "BUCKETWATCH_SLACK_WEBHOOK_URL is")

    def test_pattern_that_misses_the_events(self):
        t = copy.deepcopy(self.tpl)
        t["Resources"]["GuardDutyRule"]["Properties"]["EventPattern"]["detail"]["type"] = [{"prefix": "Policy:S3:"}]
        self.assertFinds(t, "reaches no rule, expected ['GuardDutyRule']")

    def test_pattern_that_lets_failed_calls_through(self):
        t = copy.deepcopy(self.tpl)
        del t["Resources"]["CloudTrailRule"]["Properties"]["EventPattern"]["detail"]["errorCode"]
        self.assertFinds(t, "(the call failed (errorCode)): must reach no rule")

    def test_malformed_pattern(self):
        t = copy.deepcopy(self.tpl)
        t["Resources"]["GuardDutyRule"]["Properties"]["EventPattern"]["source"] = "aws.guardduty"
        self.assertFinds(t, "a leaf must be a list")
        t["Resources"]["GuardDutyRule"]["Properties"]["EventPattern"]["source"] = [{"contains": "guardduty"}]
        self.assertFinds(t, "unknown operator")

    # --- the state table, the schedule, organization mode ---------------------

    def policy(self, t, name):
        return next(p for p in t["Resources"]["FunctionRole"]["Properties"]["Policies"]
                    if isinstance(p, dict) and p.get("PolicyName") == name)

    def test_state_key_schema_must_be_the_codes(self):
        t = copy.deepcopy(self.tpl)
        t["Resources"]["StateTable"]["Properties"]["KeySchema"][0]["AttributeName"] = "id"
        self.assertFinds(t, "but src/aws/state_table.h has [{'AttributeName': 'pk', 'KeyType': 'HASH'}]")
        t = copy.deepcopy(self.tpl)
        t["Resources"]["StateTable"]["Properties"]["AttributeDefinitions"][0]["AttributeType"] = "N"
        self.assertFinds(t, "AttributeDefinitions: is [{'AttributeName': 'pk', 'AttributeType': 'N'}]")

    def test_a_changed_constant_in_the_code_is_noticed(self):
        with tempfile.NamedTemporaryFile("w", suffix=".h", delete=False) as f:
            with open(vt.STATE_HEADER, encoding="utf-8") as real:
                f.write(real.read().replace('kStatePartitionKey = "pk"', 'kStatePartitionKey = "bucket"'))
            header = f.name
        try:
            self.assertFinds(self.tpl, "'AttributeName': 'bucket'", state_header=header)
        finally:
            os.unlink(header)

    def test_state_table_ttl_recovery_and_encryption(self):
        t = copy.deepcopy(self.tpl)
        t["Resources"]["StateTable"]["Properties"]["TimeToLiveSpecification"]["AttributeName"] = "ttl"
        self.assertFinds(t, "must enable TTL on 'expires_at'")
        t = copy.deepcopy(self.tpl)
        del t["Resources"]["StateTable"]["Properties"]["PointInTimeRecoverySpecification"]
        t["Resources"]["StateTable"]["Properties"]["SSESpecification"]["SSEEnabled"] = False
        errors = self.errors(t)
        self.assertTrue(any("point-in-time recovery must be on" in e for e in errors), errors)
        self.assertTrue(any("SSEEnabled must be true" in e for e in errors), errors)
        t = copy.deepcopy(self.tpl)
        t["Resources"]["StateTable"]["Properties"]["BillingMode"] = "PROVISIONED"
        self.assertFinds(t, "must be PAY_PER_REQUEST")

    def test_the_function_is_told_the_table(self):
        t = copy.deepcopy(self.tpl)
        del t["Resources"]["Function"]["Properties"]["Environment"]["Variables"]["BUCKETWATCH_STATE_TABLE"]
        self.assertFinds(t, "BUCKETWATCH_STATE_TABLE must be !Ref StateTable")

    def test_dynamodb_grants_are_the_state_tables_only(self):
        t = copy.deepcopy(self.tpl)
        self.policy(t, "state-table")["PolicyDocument"]["Statement"][0]["Resource"] = "*"
        self.assertFinds(t, "dynamodb: actions must be on the state table only")
        t = copy.deepcopy(self.tpl)
        self.policy(t, "state-table")["PolicyDocument"]["Statement"][0]["Action"].append("dynamodb:DescribeTable")
        self.assertFinds(t, "grants ['dynamodb:DescribeTable']; the state needs only")
        t = copy.deepcopy(self.tpl)
        self.policy(t, "state-table")["PolicyDocument"]["Statement"][0]["Action"][0] = "dynamodb:GetItems"
        self.assertFinds(t, "dynamodb:GetItems is not an action of dynamodb")

    def test_the_schedule(self):
        t = copy.deepcopy(self.tpl)
        t["Parameters"]["ReconcileSchedule"]["Default"] = "rate(1 hours)"
        self.assertFinds(t, "'rate(1 hours)': rate takes a positive value")
        t = copy.deepcopy(self.tpl)
        t["Resources"]["ReconcileRule"]["Properties"]["Targets"][0]["Input"] = '{"bucketwatch": "scan"}'
        self.assertFinds(t, 'Input must be {"bucketwatch": "reconcile"}')
        t = copy.deepcopy(self.tpl)
        del t["Resources"]["ReconcilePermission"]
        self.assertFinds(t, "no AWS::Lambda::Permission lets this rule invoke the function")
        t = copy.deepcopy(self.tpl)
        del t["Resources"]["ReconcileRule"]["Condition"]
        self.assertFinds(t, "ReconcileSchedule empty: a schedule rule is still created")

    def test_assume_role_only_in_organization_mode(self):
        t = copy.deepcopy(self.tpl)
        policies = t["Resources"]["FunctionRole"]["Properties"]["Policies"]
        org = next(p for p in policies if isinstance(p, dict) and "Fn::If" in p)
        policies.append(org["Fn::If"][1])  # granted whatever OrganizationId says
        self.assertFinds(t, "sts:AssumeRole is granted without OrganizationId")
        t = copy.deepcopy(self.tpl)
        org = next(p for p in t["Resources"]["FunctionRole"]["Properties"]["Policies"] if isinstance(p, dict) and "Fn::If" in p)
        org["Fn::If"][1]["PolicyDocument"]["Statement"][0]["Resource"] = "*"
        self.assertFinds(t, "sts:AssumeRole must be granted on arn:aws:iam::*:role/bucketwatch-read alone")

    def test_the_bus_policy_admits_the_organization_only(self):
        t = copy.deepcopy(self.tpl)
        cond = t["Resources"]["OrganizationBusPolicy"]["Properties"]["Statement"]["Condition"]
        cond["StringEquals"] = {"aws:PrincipalAccount": {"Ref": "OrganizationId"}}
        self.assertFinds(t, "OrganizationBusPolicy: must allow events:PutEvents to Principal *")

    # --- deploy/member.yaml ---------------------------------------------------

    def test_member_patterns_are_the_central_ones(self):
        t = copy.deepcopy(self.member)
        t["Resources"]["ForwardGuardDutyRule"]["Properties"]["EventPattern"]["detail"]["type"] = [{"prefix": "Policy:"}]
        self.assertFinds(t, "differs from GuardDutyRule's in deploy/template.yaml")
        t = copy.deepcopy(self.member)
        t["Resources"]["ForwardCloudTrailRule"]["Properties"]["EventPattern"]["source"] = ["aws.s3control"]
        self.assertFinds(t, "is forwarded by no rule, expected ['ForwardCloudTrailRule']")

    def test_member_read_role_is_read_only_and_trusts_the_central_role(self):
        t = copy.deepcopy(self.member)
        t["Resources"]["ReadRole"]["Properties"]["Policies"][0]["PolicyDocument"]["Statement"][1]["Action"].append(
            "s3:GetObject")
        self.assertFinds(t, "grants ['s3:GetObject'] beyond the read-only actions")
        t = copy.deepcopy(self.member)
        del t["Resources"]["ReadRole"]["Properties"]["AssumeRolePolicyDocument"]["Statement"][0]["Condition"]
        self.assertFinds(t, "[ExternalId='org-7f3c'].AssumeRolePolicyDocument: requires the external id None")
        t = copy.deepcopy(self.member)
        t["Resources"]["ReadRole"]["Properties"]["AssumeRolePolicyDocument"]["Statement"][0]["Principal"] = {"AWS": "*"}
        self.assertFinds(t, "must trust the central role alone")

    def test_member_roles_are_made_once(self):
        t = copy.deepcopy(self.member)
        del t["Resources"]["ReadRole"]["Condition"]
        self.assertFinds(t, "roles ['ReadRole'] are created outside RoleRegion")

    def test_member_forwarding_needs_the_role(self):
        t = copy.deepcopy(self.member)
        del t["Resources"]["ForwardGuardDutyRule"]["Properties"]["Targets"][0]["RoleArn"]
        self.assertFinds(t, "must be the central bus alone, with the role arn:aws:iam::111122223333:role/bucketwatch-forward")
        t = copy.deepcopy(self.member)
        t["Parameters"]["ReadRoleName"]["Default"] = "bucketwatch-reader"
        self.assertFinds(t, "its default differs from MemberRoleName's")

    def test_matcher_follows_eventbridge(self):
        # docs/sources.md, "EventBridge event patterns":
        # null is not absent; exists:false on a missing object; arrays match any element.
        self.assertTrue(vt.event_matches({"a": [{"exists": False}]}, {}))
        self.assertFalse(vt.event_matches({"a": [{"exists": False}]}, {"a": None}))
        self.assertTrue(vt.event_matches({"a": {"b": [{"exists": False}]}}, {}))
        self.assertTrue(vt.event_matches({"a": ["x"]}, {"a": ["y", "x"]}))
        self.assertFalse(vt.event_matches({"a": ["5"]}, {"a": 5}))
        self.assertTrue(vt.event_matches({"a": [{"wildcard": "*s3-bucket*"}]}, {"a": "securityhub-s3-bucket-x"}))
        self.assertFalse(vt.event_matches({"a": [{"prefix": "Policy:S3/"}]}, {"a": "policy:s3/x"}))


if __name__ == "__main__":
    unittest.main(verbosity=2)
