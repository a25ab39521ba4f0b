// What one policy statement says about one bucket, read once for the
// evaluator: which of the bucket and its objects its Resource element
// reaches, who its Principal element names, and whether its conditions
// confine it to fixed values. Internal to the evaluator (exposure/evaluator.cc,
// exposure/deny.cc).
#ifndef BUCKETWATCH_EXPOSURE_STATEMENT_VIEWS_H_
#define BUCKETWATCH_EXPOSURE_STATEMENT_VIEWS_H_

#include <algorithm>
#include <array>
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "exposure/policy.h"
#include "exposure/s3_actions.h"
#include "exposure/verdict.h"

namespace bucketwatch::exposure {

// The bucket's ARN and the prefix every object ARN starts with.
struct BucketArns {
  std::string bucket;         // arn:aws:s3:::name
  std::string object_prefix;  // arn:aws:s3:::name/
};

// The kinds of access the actions give.
AccessMask AccessOf(const ActionSet& actions);

// A vector of string_views with room for four inline: most statements name
// one or two resources, and the evaluator should not allocate for them.
class SmallViews {
 public:
  void push_back(std::string_view v) {
    if (size_ < kInline) {
      inline_[size_++] = v;
      return;
    }
    if (size_ == kInline) heap_.assign(inline_.begin(), inline_.end());
    heap_.push_back(v);
    ++size_;
  }
  std::string_view* begin() { return size_ <= kInline ? inline_.data() : heap_.data(); }
  std::string_view* end() { return begin() + size_; }
  const std::string_view* begin() const { return size_ <= kInline ? inline_.data() : heap_.data(); }
  const std::string_view* end() const { return begin() + size_; }
  bool empty() const { return size_ == 0; }
  void resize_down(size_t n) {
    size_ = n;
    if (size_ <= kInline && !heap_.empty()) {
      std::copy(heap_.begin(), heap_.begin() + static_cast<std::ptrdiff_t>(n), inline_.begin());
      heap_.clear();
    }
  }

 private:
  static constexpr size_t kInline = 4;
  std::array<std::string_view, kInline> inline_{};
  std::vector<std::string_view> heap_;
  size_t size_ = 0;
};

// A statement's Resource or NotResource element, judged against one bucket.
// Key patterns are the parts of the resource patterns that remain after the
// object prefix; they are views into the statement's strings (or into
// `owned`, for patterns rewritten for policy variables).
class ResourceView {
 public:
  // `wide`: read a policy variable as '*' (it could be anything); otherwise
  // as a character no key contains (it is certainly not everything). The
  // cautious reading depends on whether the element grants or takes away.
  ResourceView(const Statement& st, const BucketArns& arns, bool policy_variables, bool wide);
  ResourceView(const ResourceView&) = delete;
  ResourceView& operator=(const ResourceView&) = delete;
  ResourceView(ResourceView&&) = default;

  bool bucket() const { return bucket_; }
  bool objects() const { return objects_; }
  bool all_objects() const { return all_objects_; }
  bool not_resource() const { return not_resource_; }

  // True only when every object this (Deny) view covers includes every object
  // `allow` grants on. Cautious: false when it cannot be shown.
  bool CoversObjectsOf(const ResourceView& allow) const;

  // True only when this (Deny) view covers every object whose key matches
  // the pattern `allow_key`.
  bool CoversKey(std::string_view allow_key) const;

  // The object key patterns of a Resource (not NotResource) element.
  const SmallViews& keys() const { return keys_; }

 private:
  bool not_resource_;
  bool bucket_ = false;
  bool objects_ = false;
  bool all_objects_ = false;
  std::vector<std::string> owned_;
  // Usually one or two key patterns: keep them inline.
  SmallViews keys_;
};

// The actions a statement's Action or NotAction element names.
ActionSet EffectiveActions(const Statement& st);

// Those of `actions` that apply to what `res` reaches.
ActionSet ActionsOn(const ActionSet& actions, const ResourceView& res);

// A principal as written in the policy ("AWS" ones without their type).
std::string PrincipalText(const Principal& p);

struct PrincipalView {
  bool unbounded = false;
  Who who = Who::kAnonymous;
  std::string text;  // the unbounded principal, as written
  std::vector<const Principal*> bounded;
};

PrincipalView ViewPrincipals(const Statement& st);

struct ConditionView {
  bool fixed = false;  // one condition confines the statement to fixed values
  bool authenticated_only = false;
  bool aws_service_only = false;
  std::vector<int> not_restricting;
  std::vector<std::string> accounts;  // named by principal-account keys
  std::string uncertain;
  std::string fixed_by;  // description of the confining condition
};

ConditionView ViewAllowConditions(const Statement& st, bool policy_variables);

}  // namespace bucketwatch::exposure

#endif  // BUCKETWATCH_EXPOSURE_STATEMENT_VIEWS_H_
