// Resolving CloudFormation intrinsic functions to the values a deployment
// would see, as far as they can be known before it (docs/check.md).
//
// Values are JSON. A value that cannot be known before deployment and could
// be anything (Fn::ImportValue, a dynamic reference, a parameter without a
// default) becomes a string holding an "unknown" mark that says why; marks
// survive concatenation (Fn::Sub, Fn::Join), so whoever uses the value can
// tell that a part of it is unknown. Values that are unknown but known to be
// one specific name (a resource's physical id, AWS::AccountId) become
// stand-in names instead, as they cannot widen who is let in.
#ifndef BUCKETWATCH_CHECK_CFN_VALUES_H_
#define BUCKETWATCH_CHECK_CFN_VALUES_H_

#include <nlohmann/json.hpp>

#include <initializer_list>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "base/status.h"
#include "check/yaml_tree.h"

namespace bucketwatch::check {

using Value = nlohmann::ordered_json;

// The mark of an unknown value inside a string: kUnknownOpen reason kUnknownClose.
inline constexpr char kUnknownOpen = '\x01';
inline constexpr char kUnknownClose = '\x02';
std::string UnknownValue(std::string_view reason);
// The reason of the first unknown mark inside `v` (searched deeply); empty: none.
std::string FindUnknown(const Value& v);
// `text` with every unknown mark replaced by `with`.
std::string ReplaceUnknown(std::string_view text, std::string_view with);

// `v` as one line of JSON text, the same bytes as v.dump(), written with the
// streaming writer, which costs less than nlohmann's dump() for what every
// resolved policy goes through before the policy parser reads it again
// (docs/benchmarks.md, `bucketwatch check`).
std::string JsonText(const Value& v);

// The node at keys... inside `node`, or an undefined node (false in a
// condition) when any of them is missing or a level is not a mapping.
YamlNode Child(const YamlNode& node, std::initializer_list<std::string_view> keys);

// 1-based line of a node.
int LineOf(const YamlNode& node);

struct TemplateContext {
  std::unique_ptr<YamlDocument> document;
  YamlNode root;                                   // the whole template (of document)
  std::map<std::string, std::string> parameters;   // --parameter KEY=VALUE
  std::string account_id;                          // --account-id; empty: unknown
  std::map<std::string, bool> assumed_conditions;  // values chosen for conditions that are not known
  // Resources by logical id: looked up for every Ref and GetAtt, and a
  // mapping is searched key by key. Filled by IndexResources().
  std::map<std::string, YamlNode, std::less<>> resources;

  void IndexResources();
  // The resource, or an undefined node.
  YamlNode Resource(std::string_view logical_id) const;
};

class Resolver {
 public:
  explicit Resolver(const TemplateContext& context);

  // The value of `node` with intrinsics resolved; nullopt for AWS::NoValue.
  // Errors (unknown tags and functions, circular Refs, bad arguments) name
  // the line.
  Result<std::optional<Value>> Resolve(const YamlNode& node);

  // A condition's value: true, false or nullopt when it depends on a value
  // not known before deployment.
  Result<std::optional<bool>> Condition(const std::string& name, int line);

  // The name a bucket resource would have: its BucketName when known, else
  // its logical id (CloudFormation generates one from the stack name).
  Result<std::string> BucketNameOf(const std::string& logical_id, int line);

  // The logical id of the bucket resource `node` refers to with Ref, or empty.
  std::string RefTarget(const YamlNode& node) const;

 private:
  Result<Value> Intrinsic(const std::string& fn, const YamlNode& arg, int line);
  Result<Value> Ref(const std::string& name, int line);
  Result<Value> GetAtt(const std::string& resource, const std::string& attribute, int line);
  Result<Value> Sub(const YamlNode& arg, int line);
  Result<Value> Join(const YamlNode& arg, int line);
  Result<Value> Select(const YamlNode& arg, int line);
  Result<Value> Split(const YamlNode& arg, int line);
  Result<Value> If(const YamlNode& arg, int line);
  Result<Value> FindInMap(const YamlNode& arg, int line);
  Result<Value> Required(const YamlNode& node);  // Resolve, with NoValue an error
  Result<std::optional<bool>> ConditionExpr(const YamlNode& node);
  Result<std::optional<bool>> ConditionFunction(const std::string& fn, const YamlNode& arg, int line);

  const TemplateContext& context_;
  std::vector<std::string> resolving_;  // Ref chain, to catch circles
  std::map<std::string, std::optional<bool>> conditions_;
  // Names resolved without error: a policy names its bucket three times
  // or more (Ref, GetAtt Arn, Sub ${X.Arn}).
  std::unordered_map<std::string, std::string> bucket_names_;
};

}  // namespace bucketwatch::check

#endif  // BUCKETWATCH_CHECK_CFN_VALUES_H_
