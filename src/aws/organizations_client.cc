#include "aws/organizations_client.h"

#include <nlohmann/json.hpp>

#include <set>

#include "aws/endpoints.h"

namespace bucketwatch::aws {

OrganizationsClient::OrganizationsClient(std::shared_ptr<AwsContext> context) : caller_(std::move(context)) {}

AwsRequest OrganizationsClient::ListAccountsRequest(std::string_view next_token) const {
  AwsRequest r;
  r.operation = "Organizations ListAccounts";
  r.method = "POST";
  const ClientConfig& config = caller_.context().config();
  r.target = OrganizationsTarget(config, config.region);
  r.headers.push_back({"Content-Type", "application/x-amz-json-1.1"});
  r.headers.push_back({"X-Amz-Target", "AWSOrganizationsV20161128.ListAccounts"});
  // Output only: the body is built, never parsed, with nlohmann.
  nlohmann::ordered_json body = nlohmann::ordered_json::object();
  if (!next_token.empty()) body["NextToken"] = std::string(next_token);
  r.body = body.dump(-1, ' ', false, nlohmann::detail::error_handler_t::replace);
  r.signing_name = "organizations";
  return r;
}

Result<AccountListing> OrganizationsClient::ListAccountsPage(std::string_view next_token) {
  AwsRequest req = ListAccountsRequest(next_token);
  BW_ASSIGN_OR_RETURN(AwsResponse res, caller_.Call(req));
  if (!res.ok()) return ResponseError(req, res);
  auto page = ParseListAccounts(res.body);
  if (!page.ok()) return BodyError(req, page.status());
  return page;
}

Result<std::vector<OrganizationAccount>> OrganizationsClient::ListAllAccounts() {
  std::vector<OrganizationAccount> all;
  std::set<std::string> tokens_seen;
  std::string token;
  for (int page = 0;; ++page) {
    BW_ASSIGN_OR_RETURN(AccountListing listing, ListAccountsPage(token));
    for (OrganizationAccount& a : listing.accounts) all.push_back(std::move(a));
    if (listing.next_token.empty()) break;
    if (!tokens_seen.insert(listing.next_token).second) {
      return Status(StatusCode::kInvalidInput,
                    "Organizations ListAccounts: page " + std::to_string(page + 1) + " repeats an earlier NextToken");
    }
    token = std::move(listing.next_token);
  }
  return all;
}

}  // namespace bucketwatch::aws
