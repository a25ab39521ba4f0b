// The organization-wide reconciliation. In a central deployment (a member
// role configured), the scheduled request without an account,
// {"bucketwatch": "reconcile"}, is not read here: it becomes one request per
// active account of the organization, {"bucketwatch": "reconcile",
// "account": "..."}, each started as an invocation of its own, so that no
// invocation reads more than one account's buckets (Lambda's 15-minute
// limit) and one slow account holds up no other (docs/deploy.md).
#ifndef BUCKETWATCH_HANDLER_FAN_OUT_H_
#define BUCKETWATCH_HANDLER_FAN_OUT_H_

#include <memory>
#include <string>
#include <vector>

#include "base/deadline.h"
#include "base/status.h"

namespace bucketwatch::handler {

class FanOut {
 public:
  virtual ~FanOut() = default;
  // The organization's active accounts.
  virtual Result<std::vector<std::string>> Accounts() = 0;
  // Starts `request` elsewhere (asynchronously).
  virtual Status Start(const std::string& request) = 0;
  // Whether Start can work at all (the function's own name is known): a
  // reconciliation that cannot hand on its account reads it to the end.
  virtual bool CanStart() const { return true; }
};

struct FanOutResult {
  size_t accounts = 0;
  std::vector<std::string> started;
  Status error;        // not ok: the listing failed, or some account's reconciliation could not be started
  std::string reason;  // one sentence for the log and the summary
};

// Lists the accounts and starts each one's reconciliation; an account that
// cannot be started does not stop the others, but fails the whole so that
// the schedule's invocation is retried (the state table makes a repeated
// reconciliation announce nothing twice).
FanOutResult FanOutReconcile(FanOut& fan_out, const Deadline& deadline);

// The function's own: Organizations ListAccounts and an asynchronous Lambda
// Invoke of `function` (AWS_LAMBDA_FUNCTION_NAME), with the environment's
// credentials. Without a function name every Start fails saying so.
std::shared_ptr<FanOut> LambdaFanOut(std::string function);
// For a dry run: lists with `inner`, starts nothing (logs what it would start).
std::shared_ptr<FanOut> ListOnly(std::shared_ptr<FanOut> inner);

}  // namespace bucketwatch::handler

#endif  // BUCKETWATCH_HANDLER_FAN_OUT_H_
