#include "exposure/policy.h"

#include <algorithm>
#include <array>
#include <cstddef>
#include <memory_resource>
#include <string>
#include <vector>

#include "base/stack_arena.h"
#include "base/text.h"
#include "exposure/glob.h"

namespace bucketwatch::exposure {

namespace {

using json::Element;
using json::Path;
using Severity = Diagnostic::Severity;

constexpr size_t kNoCondition = static_cast<size_t>(-1);

// The elements of a statement (IAM JSON policy element reference).
enum StatementElement : uint8_t {
  kSid,
  kEffect,
  kPrincipal,
  kNotPrincipal,
  kAction,
  kNotAction,
  kResource,
  kNotResource,
  kCondition,
};
constexpr std::array<std::string_view, 9> kStatementElements = {
    "Sid", "Effect", "Principal", "NotPrincipal", "Action", "NotAction", "Resource", "NotResource", "Condition"};

class PolicyParser {
 public:
  explicit PolicyParser(Policy& policy) : policy_(policy) {}

  void ParseDocument(Element root) {
    Path path;
    json::Object object;
    if (root.get_object().get(object)) {
      Error(path, std::string("expected a policy object, found ") + std::string(json::KindName(root)) +
                      "; cannot judge it, so it is judged as granting everything");
      AddUnreadableStatement(policy_);
      return;
    }
    // Every copy of a duplicated Statement is read, each statement marked
    // broken: the broader of the copies (a broken Deny takes nothing away).
    StackArena<512> scratch;  // the usual handful of keys and statements: no allocation
    std::pmr::vector<Element> statement_elements(&scratch);
    std::pmr::vector<std::string_view> seen(&scratch);
    for (auto field : object) {
      std::string_view key = field.key;
      Path here = path.Key(key);
      if (std::find(seen.begin(), seen.end(), key) != seen.end()) {
        Error(here, "the element appears twice; a policy with duplicate keys is ambiguous");
      }
      seen.push_back(key);
      if (key == "Version") {
        std::string_view v;
        if (field.value.get_string().get(v)) {
          Error(here, std::string("expected \"2012-10-17\" or \"2008-10-17\", found ") +
                          std::string(json::KindName(field.value)));
        } else if (v != "2012-10-17" && v != "2008-10-17") {
          Invalid(here, "unknown policy version \"" + std::string(v) + "\"; expected \"2012-10-17\" or \"2008-10-17\"");
          policy_.version = std::string(v);
        } else {
          policy_.version = std::string(v);
        }
      } else if (key == "Id") {
        if (!field.value.is_string()) Invalid(here, "expected a string");
      } else if (key == "Statement") {
        statement_elements.push_back(field.value);
      } else {
        Invalid(here, "unknown policy element \"" + std::string(key) + "\"; expected Version, Id or Statement");
      }
    }
    if (statement_elements.empty()) {
      Add(Severity::kError, path, "the policy has no Statement: S3 refuses it, and it grants nothing");
      return;
    }
    Path statements_path = path.Key("Statement");
    for (Element statement_element : statement_elements) {
      size_t first = policy_.statements.size();
      ParseStatements(statement_element, statements_path);
      if (statement_elements.size() > 1) {
        for (size_t i = first; i < policy_.statements.size(); ++i) policy_.statements[i].broken = true;
      }
    }
  }

 private:
  void ParseStatements(Element statement_element, const Path& statements_path) {
    json::Array array;
    if (!statement_element.get_array().get(array)) {
      // Room up front for what a real policy holds (S3 caps one at 20 KiB),
      // not for whatever count a hostile array claims.
      policy_.statements.reserve(policy_.statements.size() + std::min<size_t>(array.size(), 256));
      size_t i = 0;
      for (Element s : array) ParseStatement(s, statements_path.Index(i), i), ++i;
      if (i == 0) Invalid(statements_path, "the Statement list is empty: the policy grants nothing");
    } else if (statement_element.is_object()) {
      ParseStatement(statement_element, statements_path, 0);
    } else {
      Error(statements_path, std::string("expected a statement object or a list of them, found ") +
                                 std::string(json::KindName(statement_element)) +
                                 "; cannot judge it, so it is judged as granting everything");
      AddUnreadableStatement(policy_);
    }
  }

  void Error(const Path& path, std::string message) {
    policy_.unclear = true;
    Add(Severity::kError, path, std::move(message));
  }
  void Invalid(const Path& path, std::string message) { Add(Severity::kInvalid, path, std::move(message)); }
  void Add(Severity severity, const Path& path, std::string message) {
    policy_.diagnostics.push_back(Diagnostic{severity, path.Pointer(), std::move(message)});
  }

  // Reads a string or a list of strings. Returns false (and reports) on any other shape.
  bool ReadStrings(Element e, const Path& path, std::vector<std::string_view>& out, std::string_view what) {
    std::string_view s;
    if (!e.get_string().get(s)) {
      out.push_back(s);
      return true;
    }
    json::Array array;
    if (e.get_array().get(array)) {
      if (IsCloudFormationFunction(e)) {
        Invalid(path,
                "a CloudFormation intrinsic function, not a policy value: render the template into a "
                "policy first; judged as anything it could become");
      } else {
        Error(path, "expected " + std::string(what) + " as a string or a list of strings, found " +
                        std::string(json::KindName(e)));
      }
      return false;
    }
    size_t i = 0;
    bool ok = true;
    for (Element item : array) {
      if (item.get_string().get(s)) {
        if (IsCloudFormationFunction(item)) {
          Invalid(path.Index(i),
                  "a CloudFormation intrinsic function, not a policy value: render the template "
                  "into a policy first; judged as anything it could become");
        } else {
          Error(path.Index(i), "expected a string, found " + std::string(json::KindName(item)));
        }
        ok = false;
      } else {
        out.push_back(s);
      }
      ++i;
    }
    return ok;
  }

  void ParseStatement(Element e, const Path& path, size_t index) {
    Statement st;
    st.index = index;
    json::Object object;
    if (e.get_object().get(object)) {
      Error(path, "expected a statement object, found " + std::string(json::KindName(e)));
      // Cautious fill: anything could have been meant.
      FillEverything(st);
      policy_.statements.push_back(std::move(st));
      return;
    }
    bool saw_effect = false, saw_principal = false, saw_action = false, saw_resource = false;
    uint32_t seen = 0;        // bit i: kStatementElements[i] was seen
    size_t next_element = 0;  // where the next key most likely is
    StackArena<256> scratch;  // keys that are no statement element: usually none
    std::pmr::vector<std::string_view> seen_unknown(&scratch);
    // Conditions that came from a duplicated key: which copy AWS would use is
    // unknown, so an Allow reads neither (the broader reading) and a Deny,
    // being broken, takes nothing away.
    bool all_conditions_doubtful = false;
    std::vector<size_t> doubtful;
    for (auto field : object) {
      std::string_view key = field.key;
      Path here = path.Key(key);
      const size_t element = json::IndexOfName(key, kStatementElements, next_element);
      next_element = element + 1;
      bool duplicate = false;
      if (element < kStatementElements.size()) {
        duplicate = (seen >> element & 1u) != 0;
        seen |= 1u << element;
      } else {
        duplicate = std::find(seen_unknown.begin(), seen_unknown.end(), key) != seen_unknown.end();
        seen_unknown.push_back(key);
      }
      if (duplicate) {
        Error(here, "\"" + std::string(key) + "\" appears twice in the statement; read as the broader of the two");
        st.broken = true;
      }
      if (element == kSid) {
        std::string_view sid;
        if (field.value.get_string().get(sid)) {
          Invalid(here, "expected a string, found " + std::string(json::KindName(field.value)));
        } else {
          st.sid = std::string(sid);
        }
      } else if (element == kEffect) {
        std::string_view effect;
        bool was_allow = saw_effect && st.effect == Effect::kAllow;
        saw_effect = true;
        if (field.value.get_string().get(effect) || (effect != "Allow" && effect != "Deny")) {
          Error(here, field.value.is_string()
                          ? "expected \"Allow\" or \"Deny\", found \"" + std::string(effect) + "\"; read as Allow"
                          : "expected \"Allow\" or \"Deny\", found " + std::string(json::KindName(field.value)) +
                                "; read as Allow");
          st.effect = Effect::kAllow;
          st.broken = true;
        } else {
          st.effect = (effect == "Allow" || was_allow) ? Effect::kAllow : Effect::kDeny;
        }
      } else if (element == kPrincipal || element == kNotPrincipal) {
        if (saw_principal && !duplicate) {
          Invalid(here,
                  "a statement may have Principal or NotPrincipal, not both; S3 refuses it; read as Principal \"*\"");
          st.principals = {ClassifyPrincipal("*", "*")};
          st.not_principal = false;
          st.broken = true;
          continue;
        }
        saw_principal = true;
        st.not_principal = element == kNotPrincipal;
        ParsePrincipal(field.value, here, st);
      } else if (element == kAction || element == kNotAction) {
        if (saw_action && !duplicate) {
          Invalid(here, "a statement may have Action or NotAction, not both; S3 refuses it; read as every action");
          st.not_action = false;
          st.actions.set();
          st.broken = true;
          continue;
        }
        saw_action = true;
        st.not_action = element == kNotAction;
        ParseAction(field.value, here, st);
      } else if (element == kResource || element == kNotResource) {
        if (saw_resource && !duplicate) {
          Invalid(here,
                  "a statement may have Resource or NotResource, not both; S3 refuses it; read as Resource \"*\"");
          st.not_resource = false;
          st.resources = {"*"};
          st.broken = true;
          continue;
        }
        saw_resource = true;
        st.not_resource = element == kNotResource;
        ParseResource(field.value, here, st);
      } else if (element == kCondition) {
        if (duplicate) all_conditions_doubtful = true;
        ParseCondition(field.value, here, st, doubtful);
      } else {
        Invalid(here, "unknown statement element \"" + std::string(key) + "\"");
      }
    }
    if (!saw_effect) {
      Error(path, "the statement has no Effect; read as Allow");
      st.effect = Effect::kAllow;
      st.broken = true;
    }
    if (!saw_principal) {
      Invalid(path,
              "the statement has no Principal (a bucket policy needs one; S3 refuses it); read as Principal \"*\"");
      st.principals = {ClassifyPrincipal("*", "*")};
      st.broken = true;
    }
    if (!saw_action) {
      Invalid(path, "the statement has no Action or NotAction (S3 refuses it); read as every action");
      st.actions.set();
      st.broken = true;
    }
    if (!saw_resource) {
      Invalid(path, "the statement has no Resource or NotResource (S3 refuses it); read as Resource \"*\"");
      st.resources = {"*"};
      st.broken = true;
    }
    if (st.effect == Effect::kAllow && (all_conditions_doubtful || !doubtful.empty())) {
      DropConditions(st, all_conditions_doubtful, doubtful);
    }
    policy_.statements.push_back(std::move(st));
  }

  static void DropConditions(Statement& st, bool all, std::vector<size_t>& indices) {
    if (all) {
      st.conditions.clear();
      return;
    }
    std::sort(indices.begin(), indices.end());
    indices.erase(std::unique(indices.begin(), indices.end()), indices.end());
    for (auto it = indices.rbegin(); it != indices.rend(); ++it) {
      st.conditions.erase(st.conditions.begin() + static_cast<std::ptrdiff_t>(*it));
    }
  }

  // A key given twice in one JSON object: reported like a duplicated
  // statement element, and the statement marked broken.
  void Duplicate(const Path& path, std::string_view key, std::string_view where, Statement& st) {
    Error(path,
          "\"" + std::string(key) + "\" appears twice in " + std::string(where) + "; read as the broader of the two");
    st.broken = true;
  }

  // {"Ref": ...}, {"Fn::Join": ...}: a template that was not rendered.
  static bool IsCloudFormationFunction(Element e) {
    json::Object object;
    if (e.get_object().get(object) || object.size() != 1) return false;
    std::string_view key = (*object.begin()).key;
    return key == "Ref" || key.substr(0, 4) == "Fn::";
  }

  static void FillEverything(Statement& st) {
    st.effect = Effect::kAllow;
    st.principals = {ClassifyPrincipal("*", "*")};
    st.actions.set();
    st.resources = {"*"};
    st.broken = true;
  }

  void ParsePrincipal(Element e, const Path& path, Statement& st) {
    std::string_view s;
    if (!e.get_string().get(s)) {
      if (s == "*") {
        st.principals.push_back(ClassifyPrincipal("*", "*"));
      } else {
        Invalid(path, "a Principal string must be \"*\"; other principals go in {\"AWS\": ...}; read as {\"AWS\": \"" +
                          std::string(s) + "\"}");
        st.principals.push_back(ClassifyPrincipal("AWS", s));
      }
      return;
    }
    json::Object object;
    if (e.get_object().get(object)) {
      Error(path, "expected \"*\" or an object such as {\"AWS\": ...}, found " + std::string(json::KindName(e)) +
                      "; read as \"*\"");
      st.principals.push_back(ClassifyPrincipal("*", "*"));
      st.broken = true;
      return;
    }
    size_t count = 0;
    for (auto field : object) {
      std::string_view type = field.key;
      Path here = path.Key(type);
      if (type != "AWS" && type != "Service" && type != "Federated" && type != "CanonicalUser") {
        Error(here, "unknown principal type \"" + std::string(type) +
                        "\"; expected AWS, Service, Federated or CanonicalUser; read as \"*\"");
        st.principals.push_back(ClassifyPrincipal("*", "*"));
        st.broken = true;
        continue;
      }
      std::vector<std::string_view>& values = Scratch();
      if (!ReadStrings(field.value, here, values, "principals")) {
        st.principals.push_back(ClassifyPrincipal("*", "*"));
        st.broken = true;
      }
      for (std::string_view v : values) {
        Principal p = ClassifyPrincipal(type, v);
        if (p.kind == PrincipalKind::kWildcardArn || (p.kind == PrincipalKind::kIamPrincipal && HasWildcard(v))) {
          Invalid(here, "\"" + std::string(v) +
                            "\": a wildcard cannot match part of a principal ARN; S3 refuses this policy "
                            "(MalformedPolicy: Invalid principal in policy)");
        } else if (p.kind == PrincipalKind::kUnrecognised) {
          Invalid(here, "\"" + std::string(v) + "\" is not an account id or IAM ARN; judged as anyone");
        }
        st.principals.push_back(std::move(p));
        ++count;
      }
    }
    if (count == 0 && st.principals.empty()) {
      Invalid(path, "the principal list is empty: the statement applies to nobody");
    }
  }

  // The values of one Principal type, Action or Resource element: a vector
  // per thread, reused (reading a snapshot should not allocate for them);
  // each of those readers is done with it before the next one starts.
  static std::vector<std::string_view>& Scratch() {
    thread_local std::vector<std::string_view> values;
    values.clear();
    return values;
  }

  void ParseAction(Element e, const Path& path, Statement& st) {
    std::vector<std::string_view>& values = Scratch();
    if (!ReadStrings(e, path, values, "actions")) {
      st.actions.set();
      st.not_action = false;
      st.broken = true;
    }
    st.action_values.reserve(st.action_values.size() + values.size());
    for (std::string_view v : values) {
      st.action_values.emplace_back(v);
      ActionMatch m = MatchAction(v);
      st.actions |= m.actions;
      if (!m.known) st.unknown_actions.emplace_back(v.substr(v.find(':') + 1));
    }
    if (values.empty() && !st.broken) Invalid(path, "the action list is empty");
  }

  void ParseResource(Element e, const Path& path, Statement& st) {
    std::vector<std::string_view>& values = Scratch();
    if (!ReadStrings(e, path, values, "resources")) {
      st.resources = {"*"};
      st.not_resource = false;
      st.broken = true;
      return;
    }
    st.resources.reserve(st.resources.size() + values.size());
    for (std::string_view v : values) st.resources.emplace_back(v);
    if (values.empty()) Invalid(path, "the resource list is empty");
  }

  static bool ScalarText(Element e, std::string& out) {
    std::string_view s;
    if (!e.get_string().get(s)) {
      out.assign(s);
      return true;
    }
    bool b;
    if (!e.get_bool().get(b)) {
      out = b ? "true" : "false";
      return true;
    }
    int64_t i;
    if (!e.get_int64().get(i)) {
      out = std::to_string(i);
      return true;
    }
    uint64_t u;
    if (!e.get_uint64().get(u)) {
      out = std::to_string(u);
      return true;
    }
    double d;
    if (!e.get_double().get(d)) {
      out = std::to_string(d);
      return true;
    }
    return false;
  }

  void ParseCondition(Element e, const Path& path, Statement& st, std::vector<size_t>& doubtful) {
    json::Object operators;
    if (e.get_object().get(operators)) {
      Error(path, "expected an object of condition operators, found " + std::string(json::KindName(e)) +
                      "; read as no condition");
      st.broken = true;
      return;
    }
    // Where each operator's and each operator+key's conditions went in
    // st.conditions, to find the copies of a duplicated key.
    StackArena<1024> scratch;  // the usual few operators and keys: no allocation
    std::pmr::vector<std::pair<std::string_view, std::pmr::vector<size_t>>> by_operator(&scratch);
    for (auto op_field : operators) {
      Path op_path = path.Key(op_field.key);
      auto previous_op = std::find_if(by_operator.begin(), by_operator.end(),
                                      [&](const auto& entry) { return EqualsIgnoringCase(entry.first, op_field.key); });
      const bool op_duplicated = previous_op != by_operator.end();
      std::pmr::vector<size_t>* op_indices = nullptr;
      if (op_duplicated) {
        Duplicate(op_path, op_field.key, "the Condition block", st);
        doubtful.insert(doubtful.end(), previous_op->second.begin(), previous_op->second.end());
        op_indices = &previous_op->second;
      } else {
        by_operator.emplace_back(op_field.key, std::pmr::vector<size_t>(&scratch));
        op_indices = &by_operator.back().second;
      }
      std::pmr::vector<std::pair<std::string_view, size_t>> keys_here(&scratch);
      auto op = ParseConditionOperator(op_field.key);
      if (!op) {
        Invalid(op_path, "unknown condition operator \"" + std::string(op_field.key) +
                             "\" (S3 refuses it); the test is ignored, which can only widen what is granted");
        st.broken = true;
        continue;
      }
      json::Object keys;
      if (op_field.value.get_object().get(keys)) {
        Error(op_path, "expected an object of condition keys, found " + std::string(json::KindName(op_field.value)) +
                           "; the test is ignored");
        st.broken = true;
        continue;
      }
      for (auto key_field : keys) {
        Path key_path = op_path.Key(key_field.key);
        bool key_duplicated = false;
        for (const auto& [seen_key, index] : keys_here) {
          if (!EqualsIgnoringCase(seen_key, key_field.key)) continue;
          if (!key_duplicated)
            Duplicate(key_path, key_field.key, "the \"" + std::string(op_field.key) + "\" block", st);
          key_duplicated = true;
          if (index != kNoCondition) doubtful.push_back(index);
        }
        Condition c;
        c.op = *op;
        c.operator_text = std::string(op_field.key);
        c.key = std::string(key_field.key);
        c.key_lower = Lower(c.key);
        bool ok = true;
        std::string text;
        json::Array array;
        if (!key_field.value.get_array().get(array)) {
          size_t i = 0;
          for (Element item : array) {
            if (!ScalarText(item, text)) {
              Error(key_path.Index(i), "expected a string, number or boolean, found " +
                                           std::string(json::KindName(item)) + "; the test is ignored");
              ok = false;
            } else {
              c.values.push_back(text);
            }
            ++i;
          }
        } else if (ScalarText(key_field.value, text)) {
          c.values.push_back(text);
        } else {
          Error(key_path, "expected a string, number, boolean or a list of them, found " +
                              std::string(json::KindName(key_field.value)) + "; the test is ignored");
          ok = false;
        }
        if (!ok) {
          st.broken = true;
          keys_here.push_back({key_field.key, kNoCondition});
          continue;
        }
        size_t index = st.conditions.size();
        keys_here.push_back({key_field.key, index});
        op_indices->push_back(index);
        if (key_duplicated || op_duplicated) doubtful.push_back(index);
        st.conditions.push_back(std::move(c));
      }
    }
  }

  Policy& policy_;
};

}  // namespace

void AddUnreadableStatement(Policy& policy) {
  Statement st;
  st.effect = Effect::kAllow;
  st.principals = {ClassifyPrincipal("*", "*")};
  st.actions.set();
  st.resources = {"*"};
  st.broken = true;
  policy.statements.push_back(std::move(st));
}

bool Policy::has_errors() const {
  return std::any_of(diagnostics.begin(), diagnostics.end(),
                     [](const Diagnostic& d) { return d.severity == Severity::kError; });
}

bool Policy::has_invalid() const {
  return std::any_of(diagnostics.begin(), diagnostics.end(),
                     [](const Diagnostic& d) { return d.severity != Severity::kNote; });
}

json::Parser& NestedJsonParser() {
  thread_local json::Parser parser;
  return parser;
}

Policy ParsePolicyText(std::string_view text, json::Parser& parser) {
  Policy policy;
  auto root = parser.Parse(text);
  if (!root.ok()) {
    policy.unclear = true;
    policy.diagnostics.push_back(Diagnostic{
        Severity::kError, "",
        "the policy text is " + root.status().message() + "; cannot judge it, so it is judged as granting everything"});
    AddUnreadableStatement(policy);
    return policy;
  }
  PolicyParser(policy).ParseDocument(*root);
  return policy;
}

Policy ParsePolicy(json::Element element) {
  std::string_view text;
  if (!element.get_string().get(text)) {
    std::string copy(text);  // the nested parse may reuse the buffer `text` points into
    return ParsePolicyText(copy, NestedJsonParser());
  }
  // get-bucket-policy prints {"Policy": "<text>"}.
  json::Object object;
  if (!element.get_object().get(object)) {
    Element inner;
    if (object.size() == 1 && !object.at_key("Policy").get(inner) && inner.is_string()) {
      std::string copy(inner.get_string().value_unsafe());
      return ParsePolicyText(copy, NestedJsonParser());
    }
  }
  Policy policy;
  PolicyParser(policy).ParseDocument(element);
  return policy;
}

}  // namespace bucketwatch::exposure
