// The YAML tree the CloudFormation reader walks (check/yaml_tree.h): tags
// as written, lines, nulls, anchors, JSON, and errors that name the line.
#include "check/yaml_tree.h"

#include <gtest/gtest.h>

#include <string>

namespace bucketwatch::check {
namespace {

std::unique_ptr<YamlDocument> Parse(const std::string& text) {
  auto doc = YamlDocument::Parse(text);
  EXPECT_TRUE(doc.ok()) << doc.status().ToString();
  return doc.ok() ? std::move(doc).value() : nullptr;
}

TEST(YamlTree, ShortFormTagsAndLines) {
  auto doc = Parse(
      "Resources:\n  B:\n    Type: AWS::S3::Bucket\n    Properties:\n      BucketName: !Sub '${A}-x'\n"
      "      Other: !Ref A\n      Plain: text\n      Quoted: \"text\"\n");
  ASSERT_TRUE(doc);
  YamlNode root = doc->root();
  ASSERT_TRUE(root.IsMap());
  EXPECT_EQ(root.size(), 1u);
  YamlNode resources = (*root.begin()).second;
  YamlNode b = (*resources.begin()).second;
  EXPECT_EQ((*resources.begin()).first.Scalar(), "B");
  EXPECT_EQ((*resources.begin()).first.Line(), 2);
  YamlNode props;
  for (const auto& kv : b) {
    if (kv.first.Scalar() == "Properties") props = kv.second;
  }
  ASSERT_TRUE(props.IsMap());
  std::vector<std::string> tags, values;
  std::vector<int> lines;
  for (const auto& kv : props) {
    tags.push_back(kv.second.Tag());
    values.push_back(kv.second.Scalar());
    lines.push_back(kv.second.Line());
  }
  EXPECT_EQ(tags, (std::vector<std::string>{"!Sub", "!Ref", "?", "!"}));
  EXPECT_EQ(values, (std::vector<std::string>{"${A}-x", "A", "text", "text"}));
  EXPECT_EQ(lines, (std::vector<int>{5, 6, 7, 8}));
}

TEST(YamlTree, NullsSequencesAndAliases) {
  auto doc = Parse("a:\nb: ~\nc: 'null'\nd: &x [1, two]\ne: *x\n");
  ASSERT_TRUE(doc);
  std::vector<YamlType> types;
  for (const auto& kv : doc->root()) types.push_back(kv.second.Type());
  EXPECT_EQ(types, (std::vector<YamlType>{YamlType::kNull, YamlType::kNull, YamlType::kScalar, YamlType::kSequence,
                                          YamlType::kSequence}));
  YamlNode e;
  for (const auto& kv : doc->root()) e = kv.second;
  ASSERT_EQ(e.size(), 2u);
  EXPECT_EQ(e[1].Scalar(), "two");
  EXPECT_FALSE(e[2]);  // past the end: undefined, as a missing key
  std::vector<std::string> items;
  for (const auto& item : e) items.push_back(item.Scalar());
  EXPECT_EQ(items, (std::vector<std::string>{"1", "two"}));
}

TEST(YamlTree, CompactJson) {
  auto doc = Parse("{\"Resources\":{\"B\":{\"Type\":\"AWS::S3::Bucket\"}}}");
  ASSERT_TRUE(doc);
  YamlNode b = (*(*doc->root().begin()).second.begin()).second;
  EXPECT_EQ((*b.begin()).second.Scalar(), "AWS::S3::Bucket");
  EXPECT_EQ((*b.begin()).second.Tag(), "!");
}

TEST(YamlTree, OnlyTheFirstDocument) {
  auto doc = Parse("a: 1\n---\nb: 2\n");
  ASSERT_TRUE(doc);
  EXPECT_EQ(doc->root().size(), 1u);
  EXPECT_EQ((*doc->root().begin()).first.Scalar(), "a");
}

TEST(YamlTree, ErrorsNameTheLine) {
  auto bad = YamlDocument::Parse("a: 1\nb: [1, 2\nc: 3\n");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().ToString().find("not valid YAML or JSON"), std::string::npos) << bad.status().ToString();
  EXPECT_NE(bad.status().ToString().find("line "), std::string::npos) << bad.status().ToString();
  auto alias = YamlDocument::Parse("a: *nowhere\n");
  ASSERT_FALSE(alias.ok());
  EXPECT_NE(alias.status().ToString().find("line 1"), std::string::npos) << alias.status().ToString();
  EXPECT_NE(alias.status().ToString().find("*nowhere"), std::string::npos) << alias.status().ToString();
  std::string deep(2000, '[');
  auto nested = YamlDocument::Parse(deep);
  ASSERT_FALSE(nested.ok());
  EXPECT_NE(nested.status().ToString().find("nested deeper than"), std::string::npos) << nested.status().ToString();
}

}  // namespace
}  // namespace bucketwatch::check
