#include "check/yaml_tree.h"

#include <yaml.h>

#include <algorithm>
#include <map>

namespace bucketwatch::check {
namespace {

const std::string kEmpty;

// Nesting beyond this is refused rather than walked recursively.
constexpr size_t kMaxDepth = 512;

Status Invalid(int line, const std::string& what) {
  return InvalidInput("not valid YAML or JSON: " + what, "line " + std::to_string(line));
}

// A plain scalar that YAML reads as null (the core schema's spellings).
bool PlainNull(std::string_view s) { return s.empty() || s == "~" || s == "null" || s == "Null" || s == "NULL"; }

std::string TagOf(const yaml_char_t* tag, bool plain) {
  if (tag != nullptr) return reinterpret_cast<const char*>(tag);
  return plain ? "?" : "!";
}

class Events {
 public:
  explicit Events(std::string_view text) {
    ok_ = yaml_parser_initialize(&parser_) != 0;
    if (ok_) {
      yaml_parser_set_input_string(&parser_, reinterpret_cast<const unsigned char*>(text.data()), text.size());
    }
  }
  ~Events() {
    if (have_event_) yaml_event_delete(&event_);
    if (ok_) yaml_parser_delete(&parser_);
  }
  Events(const Events&) = delete;
  Events& operator=(const Events&) = delete;

  // The next event, or an error naming where libyaml stopped.
  Result<const yaml_event_t*> Next() {
    if (!ok_) return Internal("libyaml could not be initialised");
    if (have_event_) yaml_event_delete(&event_);
    have_event_ = yaml_parser_parse(&parser_, &event_) != 0;
    if (!have_event_) {
      std::string what = parser_.problem != nullptr ? parser_.problem : "unreadable";
      if (parser_.context != nullptr) what = std::string(parser_.context) + ": " + what;
      return Invalid(static_cast<int>(parser_.problem_mark.line) + 1, what);
    }
    return &event_;
  }

 private:
  yaml_parser_t parser_{};
  yaml_event_t event_{};
  bool ok_ = false;
  bool have_event_ = false;
};

}  // namespace

const std::string& YamlNode::Tag() const { return data_ ? data_->tag : kEmpty; }

const std::string& YamlNode::Scalar() const {
  return data_ && data_->type == YamlType::kScalar ? data_->scalar : kEmpty;
}

size_t YamlNode::size() const {
  if (!data_) return 0;
  if (data_->type == YamlType::kMap) return data_->items.size() / 2;
  return data_->type == YamlType::kSequence ? data_->items.size() : 0;
}

YamlNode YamlNode::operator[](size_t i) const {
  if (!IsSequence() || i >= data_->items.size()) return YamlNode();
  return YamlNode(data_->items[i]);
}

YamlItem YamlNode::Iterator::operator*() const {
  YamlItem item;
  if (data_->type == YamlType::kMap) {
    item.first = YamlNode(data_->items[i_]);
    item.second = YamlNode(data_->items[i_ + 1]);
  } else {
    item.reset(YamlNode(data_->items[i_]));
  }
  return item;
}

YamlNode::Iterator YamlNode::begin() const {
  static const YamlData kNone;
  return Iterator(data_ && (IsMap() || IsSequence()) ? data_ : &kNone, 0);
}

YamlNode::Iterator YamlNode::end() const {
  static const YamlData kNone;
  if (!data_ || !(IsMap() || IsSequence())) return Iterator(&kNone, 0);
  return Iterator(data_, data_->items.size() - (data_->items.size() % 2 == 1 && IsMap() ? 1 : 0));
}

YamlData& YamlDocument::NewNode() {
  if (chunks_.empty() || chunks_.back().size() == kChunk) chunks_.emplace_back().reserve(kChunk);
  return chunks_.back().emplace_back();
}

Result<std::unique_ptr<YamlDocument>> YamlDocument::Parse(std::string_view text) {
  auto doc = std::unique_ptr<YamlDocument>(new YamlDocument());
  Events events(text);
  std::vector<YamlData*> open;  // the collections being filled, innermost last
  std::map<std::string, const YamlData*, std::less<>> anchors;
  int documents = 0;
  auto add = [&](YamlData* node) {
    if (open.empty()) {
      doc->root_ = node;
    } else {
      open.back()->items.push_back(node);
    }
  };
  auto anchor = [&](const yaml_char_t* name, const YamlData* node) {
    if (name != nullptr) anchors[reinterpret_cast<const char*>(name)] = node;
  };
  while (true) {
    BW_ASSIGN_OR_RETURN(const yaml_event_t* e, events.Next());
    int line = static_cast<int>(e->start_mark.line) + 1;
    switch (e->type) {
      case YAML_STREAM_END_EVENT: return doc;
      case YAML_DOCUMENT_START_EVENT:
        if (++documents > 1) return doc;  // the first document is the template
        break;
      case YAML_SCALAR_EVENT: {
        YamlData& n = doc->NewNode();
        n.line = line;
        n.scalar.assign(reinterpret_cast<const char*>(e->data.scalar.value), e->data.scalar.length);
        bool plain = e->data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
        n.tag = TagOf(e->data.scalar.tag, plain);
        n.type = e->data.scalar.tag == nullptr && plain && PlainNull(n.scalar) ? YamlType::kNull : YamlType::kScalar;
        anchor(e->data.scalar.anchor, &n);
        add(&n);
        break;
      }
      case YAML_SEQUENCE_START_EVENT:
      case YAML_MAPPING_START_EVENT: {
        if (open.size() >= kMaxDepth)
          return Invalid(line, "nested deeper than " + std::to_string(kMaxDepth) + " levels");
        bool map = e->type == YAML_MAPPING_START_EVENT;
        YamlData& n = doc->NewNode();
        n.line = line;
        n.type = map ? YamlType::kMap : YamlType::kSequence;
        n.tag = TagOf(map ? e->data.mapping_start.tag : e->data.sequence_start.tag, true);
        anchor(map ? e->data.mapping_start.anchor : e->data.sequence_start.anchor, &n);
        add(&n);
        open.push_back(&n);
        break;
      }
      case YAML_SEQUENCE_END_EVENT:
      case YAML_MAPPING_END_EVENT:
        if (!open.empty()) open.pop_back();
        break;
      case YAML_ALIAS_EVENT: {
        auto it = anchors.find(reinterpret_cast<const char*>(e->data.alias.anchor));
        if (it == anchors.end())
          return Invalid(line, std::string("alias *") + reinterpret_cast<const char*>(e->data.alias.anchor) +
                                   " names no anchor before it");
        if (std::find(open.begin(), open.end(), it->second) != open.end())
          return Invalid(line, std::string("alias *") + reinterpret_cast<const char*>(e->data.alias.anchor) +
                                   " is inside the node it names");
        if (open.empty()) {
          doc->root_ = it->second;
        } else {
          open.back()->items.push_back(it->second);
        }
        break;
      }
      default: break;
    }
  }
}

}  // namespace bucketwatch::check
