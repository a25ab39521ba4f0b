// AWS Organizations, for `scan --organization`: ListAccounts over the JSON
// 1.1 protocol (POST /, X-Amz-Target: AWSOrganizationsV20161128.ListAccounts,
// signing name "organizations"), followed page by page through NextToken.
// Only the organization's management account or a delegated administrator
// may call it. One per thread, sharing an AwsContext.
#ifndef BUCKETWATCH_AWS_ORGANIZATIONS_CLIENT_H_
#define BUCKETWATCH_AWS_ORGANIZATIONS_CLIENT_H_

#include <memory>
#include <string>
#include <vector>

#include "aws/caller.h"
#include "aws/json_responses.h"

namespace bucketwatch::aws {

class OrganizationsClient {
 public:
  explicit OrganizationsClient(std::shared_ptr<AwsContext> context);

  Result<AccountListing> ListAccountsPage(std::string_view next_token);
  // Every page. The API may answer an empty page that still has a
  // NextToken: only a missing token ends the listing.
  Result<std::vector<OrganizationAccount>> ListAllAccounts();

  AwsRequest ListAccountsRequest(std::string_view next_token) const;

 private:
  AwsCaller caller_;
};

}  // namespace bucketwatch::aws

#endif  // BUCKETWATCH_AWS_ORGANIZATIONS_CLIENT_H_
