// The JSON Terraform writes, read into one list of managed resources
// whatever its shape: a plan (`terraform show -json PLAN`, format_version
// 0.x or 1.x), a state as `terraform show -json` prints it, or a raw
// .tfstate (version 4). Values that a plan does not know until apply
// (after_unknown) are unknown, never absent. Pure: parsed JSON in.
#ifndef BUCKETWATCH_CHECK_TF_DOCUMENT_H_
#define BUCKETWATCH_CHECK_TF_DOCUMENT_H_

#include <functional>
#include <initializer_list>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "base/json.h"
#include "base/status.h"

namespace bucketwatch::check {

struct TfResource {
  // What the input does to the resource: a plan creates (or replaces),
  // updates, deletes or keeps it; a state only has existing ones.
  enum class Change : uint8_t { kCreate, kUpdate, kDelete, kExisting };

  std::string address;  // "module.a[0].aws_s3_bucket.b[\"k\"]"
  std::string module;   // "module.a[0]"; empty in the root module
  std::string type;     // "aws_s3_bucket"
  std::string name;     // "b"
  std::string index;    // "[\"k\"]", "[0]" or empty
  Change change = Change::kExisting;
  std::optional<json::Element> values;   // planned (after; before for a deletion) or recorded attributes
  std::optional<json::Element> unknown;  // after_unknown: which planned values are not known until apply
  std::optional<json::Element> config;   // the configuration's expressions for the resource (plans)
  std::vector<std::string> for_each;     // what the configuration's for_each refers to (plans)
  std::string pointer;                   // where its values are, as a JSON pointer ("/resource_changes/3/change/after")
};

// A module call as the configuration gives it (plans only): what each of
// its arguments refers to, in the calling module, and what each output of
// the module refers to, inside it.
struct TfModuleCall {
  std::map<std::string, std::vector<std::string>, std::less<>> inputs;
  std::map<std::string, std::vector<std::string>, std::less<>> outputs;
};

struct TfDocument {
  bool plan = false;  // a plan, as opposed to a state
  std::vector<TfResource> resources;
  std::map<std::string, TfModuleCall, std::less<>> calls;  // by module path without keys ("module.a.module.b")
  std::set<std::string, std::less<>> module_instances;     // "module.a[0]", "module.a[0].module.b", ...
};

// The resources of a plan or state; an error for a shape or format version
// it does not read (with what was expected). `root` must outlive the result.
Result<TfDocument> ReadTfDocument(json::Element root);

// A planned or recorded value: not set (absent or null), not known until
// apply, or known.
struct TfValue {
  enum class Kind : uint8_t { kAbsent, kUnknown, kKnown };
  Kind kind = Kind::kAbsent;
  std::optional<json::Element> element;  // when kKnown

  bool known() const { return kind == Kind::kKnown; }
  bool unknown() const { return kind == Kind::kUnknown; }
  // The known string, or nullopt.
  std::optional<std::string_view> String() const;
};

// The value at `path` among the resource's values ("rule", "0",
// "object_ownership": a number steps into an array), unknown when
// after_unknown marks it or any level above it.
TfValue Attribute(const TfResource& resource, std::initializer_list<std::string_view> path);

// Whether the configuration sets the argument (so an unknown value is the
// author's, not a computed attribute the provider fills in).
bool Configured(const TfResource& resource, std::string_view key);

// The configuration's references for an argument ("aws_s3_bucket.b.id"),
// in the order Terraform lists them; empty when none are known.
std::vector<std::string> References(const TfResource& resource, std::string_view key);

// A reference and the module instance it is read in (empty: the root).
struct TfReference {
  std::string module;
  std::string ref;  // "aws_s3_bucket.b.id"
};

// The references of `resource`'s argument `key`, with module inputs
// (`var.x`: the argument of the module call, read in the calling module)
// and module outputs (`module.m.o`: the output's expression, read in that
// module) followed to what they refer to, in the order found; `each.value`
// and `each.key` stand for what the resource's for_each refers to (the
// instance of the same key is the caller's to pick).
std::vector<TfReference> FollowReferences(const TfDocument& doc, const TfResource& resource, std::string_view key);

}  // namespace bucketwatch::check

#endif  // BUCKETWATCH_CHECK_TF_DOCUMENT_H_
