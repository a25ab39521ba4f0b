#include "change/digest.h"

#include <nlohmann/json.hpp>

#include <algorithm>

#include "base/json.h"

namespace bucketwatch::change {
namespace {

using exposure::AccessKind;
using exposure::Scope;

std::string GrantLine(const exposure::Finding& f) {
  std::string line = f.channel == exposure::Channel::kPolicy ? "policy Statement[" + std::to_string(f.statement) + "]"
                                                             : "acl Grant[" + std::to_string(f.grant) + "]";
  line += " " + f.principal + " ";
  bool first = true;
  for (AccessKind kind : exposure::kAllAccessKinds) {
    if (!exposure::Has(f.access, kind)) continue;
    if (!first) line += ",";
    line += exposure::AccessKindName(kind);
    first = false;
  }
  return line;
}

std::optional<Scope> ParseScope(std::string_view s) {
  for (Scope scope : {Scope::kNone, Scope::kCrossAccount, Scope::kAuthenticated, Scope::kPublic}) {
    if (exposure::ScopeName(scope) == s) return scope;
  }
  return std::nullopt;
}

}  // namespace

Digest DigestOf(const exposure::Verdict& v) {
  Digest d;
  d.exposed = v.exposed();
  d.unknown = v.unknown != 0;
  d.access = v.access;
  d.unknown_access = v.unknown;
  d.who = v.who;
  for (const exposure::Finding& f : v.findings) {
    if (f.blocked_by.blocked() || f.scope < Scope::kAuthenticated) continue;
    d.grants.push_back(GrantLine(f));
  }
  std::sort(d.grants.begin(), d.grants.end());
  d.grants.erase(std::unique(d.grants.begin(), d.grants.end()), d.grants.end());
  return d;
}

std::string Digest::Fingerprint() const {
  std::string fp = exposed ? "exposed" : "private";
  for (AccessKind kind : exposure::kAllAccessKinds) {
    fp += ' ';
    fp += exposure::AccessKindName(kind);
    fp += '=';
    fp += exposure::Has(unknown_access, kind) ? "unknown"
                                              : std::string(exposure::ScopeName(access[static_cast<size_t>(kind)]));
  }
  fp += " who=" + std::to_string(who);
  for (const std::string& g : grants) fp += " | " + g;
  return fp;
}

std::string Digest::ToJson() const {
  nlohmann::ordered_json j;
  j["exposed"] = exposed;
  j["unknown"] = unknown;
  nlohmann::ordered_json a;
  for (AccessKind kind : exposure::kAllAccessKinds) {
    a[std::string(exposure::AccessKindName(kind))] =
        std::string(exposure::ScopeName(access[static_cast<size_t>(kind)]));
  }
  j["access"] = a;
  j["unknown_access"] = unknown_access;
  j["who"] = who;
  j["grants"] = grants;
  return j.dump(-1, ' ', false, nlohmann::detail::error_handler_t::replace);
}

Result<Digest> Digest::FromJson(std::string_view text) {
  json::Parser parser;
  BW_ASSIGN_OR_RETURN(json::Element root, parser.Parse(text));
  Digest d;
  auto bad = [](std::string_view what) { return InvalidInput("stored digest: " + std::string(what)); };
  bool b;
  if (root["exposed"].get_bool().get(b)) return bad("no \"exposed\"");
  d.exposed = b;
  if (root["unknown"].get_bool().get(b)) return bad("no \"unknown\"");
  d.unknown = b;
  for (AccessKind kind : exposure::kAllAccessKinds) {
    std::string_view s;
    if (root["access"][exposure::AccessKindName(kind)].get_string().get(s)) return bad("access incomplete");
    auto scope = ParseScope(s);
    if (!scope) return bad("unknown scope");
    d.access[static_cast<size_t>(kind)] = *scope;
  }
  uint64_t n;
  if (root["unknown_access"].get_uint64().get(n) || n > 0xff) return bad("no \"unknown_access\"");
  d.unknown_access = static_cast<exposure::AccessMask>(n);
  if (root["who"].get_uint64().get(n) || n > 0xff) return bad("no \"who\"");
  d.who = static_cast<exposure::WhoMask>(n);
  json::Array grants;
  if (root["grants"].get_array().get(grants)) return bad("no \"grants\"");
  for (json::Element g : grants) {
    std::string_view s;
    if (g.get_string().get(s)) return bad("a grant is not a string");
    d.grants.emplace_back(s);
  }
  return d;
}

}  // namespace bucketwatch::change
