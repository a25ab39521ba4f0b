#!/usr/bin/env python3
"""deploy/validate-template finds what it promises to find.

Each test breaks a copy of deploy/template.yaml in one way and expects the
validator to name the problem; the real template must pass. The rules
checked are CloudFormation's (Template anatomy, Resource Specification),
IAM's (policy grammar) and EventBridge's (spec/protocols.md §6.1).
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


class Dumper(yaml.SafeDumper):
    pass


def _represent_dict(dumper, data):
    return dumper.represent_dict(data.items())


Dumper.add_representer(dict, _represent_dict)


class ValidateTemplateTest(unittest.TestCase):
    def setUp(self):
        self.tpl = vt.load_template(TEMPLATE)

    def errors(self, tpl):
        with tempfile.NamedTemporaryFile("w", suffix=".yaml", delete=False) as f:
            # The long (JSON) form is valid CloudFormation YAML too.
            yaml.dump(tpl, f, Dumper=Dumper, sort_keys=False)
            path = f.name
        try:
            return vt.validate(path, os.path.join(ROOT, "tests/data/cfnspec/specification-subset.json"),
                               os.path.join(ROOT, "tests/data/events"),
                               os.path.join(ROOT, "tests/data/eventpatterns/conformance_cases.json"), lint=False)
        finally:
            os.unlink(path)

    def assertFinds(self, tpl, text):
        errors = self.errors(tpl)
        self.assertTrue(any(text in e for e in errors), f"expected a finding with {text!r}, got {errors}")

    def test_the_template_passes(self):
        self.assertEqual(self.errors(self.tpl), [])

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

    def test_matcher_follows_eventbridge(self):
        # spec/protocols.md §6.1: null is not absent; exists:false on a missing object; arrays match any element.
        self.assertTrue(vt.event_matches({"a": [{"exists": False}]}, {}))
        self.assertFalse(vt.event_matches({"a": [{"exists": False}]}, {"a": None}))
        self.assertTrue(vt.event_matches({"a": {"b": [{"exists": False}]}}, {}))
        self.assertTrue(vt.event_matches({"a": ["x"]}, {"a": ["y", "x"]}))
        self.assertFalse(vt.event_matches({"a": ["5"]}, {"a": 5}))
        self.assertTrue(vt.event_matches({"a": [{"wildcard": "*s3-bucket*"}]}, {"a": "securityhub-s3-bucket-x"}))
        self.assertFalse(vt.event_matches({"a": [{"prefix": "Policy:S3/"}]}, {"a": "policy:s3/x"}))


if __name__ == "__main__":
    unittest.main(verbosity=2)
