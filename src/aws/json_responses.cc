#include "aws/json_responses.h"

#include "base/aws_names.h"
#include "base/json.h"

namespace bucketwatch::aws {
namespace {

constexpr std::string_view kListAccounts = "Organizations ListAccounts";

}  // namespace

Result<std::string> OptionalStringMember(json::Object object, std::string_view key, const json::Path& path) {
  json::Element value;
  if (object[key].get(value) != simdjson::SUCCESS || value.is_null()) return std::string();
  BW_ASSIGN_OR_RETURN(std::string_view text, json::GetString(value, path.Key(key)));
  return std::string(text);
}

Result<json::Object> ParseJsonObject(json::Parser& parser, std::string_view body, std::string_view what) {
  auto root = parser.Parse(body);
  if (!root.ok()) return InvalidInput(std::string(what) + ": " + root.status().message());
  json::Object object;
  if (root->get(object) != simdjson::SUCCESS) return json::TypeError(json::Path(), "an object", *root);
  return object;
}

bool LooksLikeJson(std::string_view body) {
  size_t first = body.find_first_not_of(" \t\r\n");
  return first != std::string_view::npos && body[first] == '{';
}

std::string NormalizeJsonErrorCode(std::string_view type) {
  size_t hash = type.rfind('#');
  if (hash != std::string_view::npos) type.remove_prefix(hash + 1);
  size_t colon = type.find(':');
  if (colon != std::string_view::npos) type = type.substr(0, colon);
  return std::string(type);
}

Result<ErrorBody> ParseJsonErrorBody(std::string_view body, std::string_view error_type_header) {
  ErrorBody e;
  if (!body.empty()) {
    json::Parser parser;
    auto root = parser.Parse(body);
    if (!root.ok()) return InvalidInput("error body: " + root.status().message());
    json::Object object;
    if (root->get(object) != simdjson::SUCCESS) return InvalidInput("error body: expected a JSON object");
    json::Path path;
    for (std::string_view key : {"__type", "code", "Code"}) {
      BW_ASSIGN_OR_RETURN(std::string code, OptionalStringMember(object, key, path));
      if (!code.empty()) {
        e.code = NormalizeJsonErrorCode(code);
        break;
      }
    }
    for (std::string_view key : {"message", "Message"}) {
      BW_ASSIGN_OR_RETURN(std::string message, OptionalStringMember(object, key, path));
      if (!message.empty()) {
        e.message = std::move(message);
        break;
      }
    }
  }
  if (e.code.empty() && !error_type_header.empty()) e.code = NormalizeJsonErrorCode(error_type_header);
  if (e.code.empty()) return InvalidInput("error body: no \"__type\" and no x-amzn-ErrorType header");
  return e;
}

Result<AccountListing> ParseListAccounts(std::string_view body) {
  json::Parser parser;
  auto root = parser.Parse(body);
  if (!root.ok()) return InvalidInput(std::string(kListAccounts) + ": " + root.status().message());
  json::Path path;
  json::Object object;
  if (root->get(object) != simdjson::SUCCESS) return json::TypeError(path, "an object", *root);
  AccountListing listing;
  BW_ASSIGN_OR_RETURN(listing.next_token, OptionalStringMember(object, "NextToken", path));
  json::Element accounts;
  if (object["Accounts"].get(accounts) != simdjson::SUCCESS || accounts.is_null()) return listing;
  json::Array array;
  json::Path accounts_path = path.Key("Accounts");
  if (accounts.get(array) != simdjson::SUCCESS) return json::TypeError(accounts_path, "an array", accounts);
  size_t i = 0;
  for (json::Element item : array) {
    json::Path item_path = accounts_path.Index(i++);
    json::Object account;
    if (item.get(account) != simdjson::SUCCESS) return json::TypeError(item_path, "an object", item);
    OrganizationAccount a;
    BW_ASSIGN_OR_RETURN(a.id, OptionalStringMember(account, "Id", item_path));
    BW_ASSIGN_OR_RETURN(a.arn, OptionalStringMember(account, "Arn", item_path));
    BW_ASSIGN_OR_RETURN(a.name, OptionalStringMember(account, "Name", item_path));
    BW_ASSIGN_OR_RETURN(a.state, OptionalStringMember(account, "State", item_path));
    if (a.state.empty()) {
      BW_ASSIGN_OR_RETURN(a.state, OptionalStringMember(account, "Status", item_path));
    }
    if (!IsAccountId(a.id)) {
      return InvalidInput(std::string(kListAccounts) + ": account id \"" + a.id + "\" is not 12 digits",
                          item_path.Key("Id").Pointer());
    }
    listing.accounts.push_back(std::move(a));
  }
  return listing;
}

}  // namespace bucketwatch::aws
