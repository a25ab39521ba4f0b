// A YAML (or JSON) document as a read-only tree, parsed by libyaml, with
// what CloudFormation templates need of every node: its tag as written (the
// short forms !Ref, !Sub, ...) and its line, for errors and output. libyaml
// gives the events; this only keeps them as nodes in one arena, so a
// template of thousands of resources is read in milliseconds
// (docs/benchmarks.md). The interface follows yaml-cpp's Node where it
// overlaps, which the CloudFormation reader was first written against.
#ifndef BUCKETWATCH_CHECK_YAML_TREE_H_
#define BUCKETWATCH_CHECK_YAML_TREE_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"

namespace bucketwatch::check {

enum class YamlType : uint8_t { kUndefined, kNull, kScalar, kSequence, kMap };

struct YamlData {
  YamlType type = YamlType::kUndefined;
  int line = 0;     // 1-based
  std::string tag;  // as yaml-cpp reports it: "!Ref", or "?" untagged plain / "!" untagged quoted
  std::string scalar;
  std::vector<const YamlData*> items;  // a sequence's items; a mapping's keys and values, alternating
};

struct YamlItem;

// A handle on a node of a YamlDocument (which must outlive it); a default
// one is "undefined", as a missing key.
class YamlNode {
 public:
  YamlNode() = default;
  explicit YamlNode(const YamlData* data) : data_(data) {}

  explicit operator bool() const { return data_ != nullptr; }
  YamlType Type() const { return data_ ? data_->type : YamlType::kUndefined; }
  bool IsMap() const { return Type() == YamlType::kMap; }
  bool IsSequence() const { return Type() == YamlType::kSequence; }
  bool IsScalar() const { return Type() == YamlType::kScalar; }
  const std::string& Tag() const;
  const std::string& Scalar() const;  // empty unless a scalar
  int Line() const { return data_ ? data_->line : 0; }
  // Items of a sequence, entries of a mapping.
  size_t size() const;
  // The sequence's item `i`; undefined past the end or on anything else.
  YamlNode operator[](size_t i) const;
  void reset(YamlNode other) { data_ = other.data_; }

  // Iterating a sequence gives its items; a mapping, entries with `first`
  // (the key) and `second` (the value); anything else, nothing.
  class Iterator {
   public:
    Iterator(const YamlData* data, size_t i) : data_(data), i_(i) {}
    YamlItem operator*() const;
    Iterator& operator++() {
      i_ += data_->type == YamlType::kMap ? 2 : 1;
      return *this;
    }
    bool operator!=(const Iterator& other) const { return i_ != other.i_; }
    bool operator==(const Iterator& other) const { return i_ == other.i_; }

   private:
    const YamlData* data_;
    size_t i_;
  };
  Iterator begin() const;
  Iterator end() const;

 private:
  const YamlData* data_ = nullptr;
};

struct YamlItem : YamlNode {
  YamlNode first, second;
};

class YamlDocument {
 public:
  // The first document of `text`; an error names the line and what libyaml
  // found wrong ("not valid YAML or JSON: ...").
  static Result<std::unique_ptr<YamlDocument>> Parse(std::string_view text);

  YamlNode root() const { return YamlNode(root_); }

 private:
  YamlData& NewNode();

  // Nodes in chunks (stable addresses as the tree grows, one allocation per
  // kChunk nodes rather than std::deque's few per block).
  static constexpr size_t kChunk = 1024;
  std::vector<std::vector<YamlData>> chunks_;  // each reserved to kChunk, never grown past it
  const YamlData* root_ = nullptr;
};

}  // namespace bucketwatch::check

#endif  // BUCKETWATCH_CHECK_YAML_TREE_H_
