// bucketwatch state init: the DynamoDB state table, created or checked
// (aws/state_table.h does the work).
#include <iostream>

#include "app/commands.h"
#include "aws/state_table.h"
#include "base/log.h"
#include "handler/handler.h"
#include "state/dynamodb_memory.h"

namespace bucketwatch::app {
namespace {

int Fail(const std::string& message) {
  std::cerr << "bucketwatch state init: error: " << message << "\n";
  return kExitError;
}

}  // namespace

int RunStateInit(const StateInitOptions& options) {
  aws::ClientOptions client{options.profile, options.region, options.endpoint_url, ""};
  auto context = aws::AwsContext::Create(client);
  if (!context.ok()) return Fail(context.status().ToString());
  auto endpoint = aws::ResolveJsonEndpoint(aws::kDynamoDbProtocol, client, aws::Environment::Process(), **context);
  if (!endpoint.ok()) return Fail(endpoint.status().ToString());

  aws::DynamoDbClient db(*context, *endpoint);
  aws::StateTableSetupOptions setup_options;
  setup_options.wait_for_active = std::chrono::seconds(options.wait_seconds);
  auto setup = aws::SetUpStateTable(db, options.table, setup_options);
  if (!setup.ok()) return Fail(setup.status().message());

  std::string where = (*context)->config().region + (endpoint->empty() ? "" : " at " + endpoint->Base());
  std::cout << "bucketwatch state init: table " << options.table << " in " << where
            << (setup->created ? ": created (key pk, a string; on-demand) and ACTIVE"
                               : ": already there with bucketwatch's key schema (pk, a string); ACTIVE")
            << "\n"
            << "bucketwatch state init: time to live: " << setup->time_to_live << "\n";
  return kExitOk;
}

Status UseStateTable(handler::EventHandler& handler) {
  const std::string& table = handler.settings().state_table;
  if (table.empty()) return Status::Ok();
  auto memory = state::OpenDynamoDbMemory(table);
  if (!memory.ok())
    return Status(memory.status().code(), "BUCKETWATCH_STATE_TABLE=" + table + ": " + memory.status().message());
  handler.set_memory(std::move(memory).value());
  log::Info("state.table", {{"table", table}});
  return Status::Ok();
}

}  // namespace bucketwatch::app
