#include "state/dynamodb_memory.h"

#include <chrono>
#include <string>
#include <utility>

namespace bucketwatch::state {
namespace {

using aws::AttributeValue;

constexpr int64_t kKeepSeconds = 365LL * 24 * 3600;

Status Malformed(const aws::BucketRecord& record, std::string_view attribute, std::string_view what) {
  return Status(StatusCode::kInvalidInput, "state record " + aws::BucketRecordKey(record.account, record.bucket) +
                                               ": attribute " + std::string(attribute) + " " + std::string(what));
}

int64_t NowSeconds() {
  return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

Result<change::PendingAlert> PendingOf(const aws::BucketRecord& record, const AttributeValue& v) {
  const aws::Item* m = v.AsMap();
  if (m == nullptr) return Malformed(record, "pending", "holds something that is not a map");
  change::PendingAlert p;
  auto key = m->find("key");
  auto payload = m->find("payload");
  auto since = m->find("since");
  if (key == m->end() || !key->second.AsString() || payload == m->end() || !payload->second.AsString() ||
      since == m->end() || !since->second.AsInt()) {
    return Malformed(record, "pending", "lacks key, payload or since");
  }
  p.key = *key->second.AsString();
  p.payload = *payload->second.AsString();
  p.since_ms = *since->second.AsInt();
  if (auto repeat = m->find("repeat_payload"); repeat != m->end()) {
    if (!repeat->second.AsString()) return Malformed(record, "pending", "has a repeat_payload that is not a string");
    p.repeat_payload = *repeat->second.AsString();
  }
  if (auto until = m->find("until"); until != m->end()) {
    if (!until->second.AsInt()) return Malformed(record, "pending", "has an until that is not a whole number");
    p.until_ms = *until->second.AsInt();
  }
  auto abandoned = m->find("abandoned");
  p.abandoned = abandoned != m->end() && abandoned->second.AsBool().value_or(false);
  return p;
}

}  // namespace

aws::Item AttributesOf(const change::Recollection& r, int64_t now_seconds) {
  aws::Item item;
  if (r.digest) item["digest"] = AttributeValue::String(r.digest->ToJson());
  item["observed_at"] = AttributeValue::Number(r.observed_at_ms);
  std::vector<AttributeValue> pending;
  for (const change::PendingAlert& p : r.pending) {
    aws::Item entry{{"key", AttributeValue::String(p.key)},
                    {"payload", AttributeValue::String(p.payload)},
                    {"since", AttributeValue::Number(p.since_ms)},
                    {"until", AttributeValue::Number(p.until_ms)},
                    {"abandoned", AttributeValue::Bool(p.abandoned)}};
    if (!p.repeat_payload.empty()) entry["repeat_payload"] = AttributeValue::String(p.repeat_payload);
    pending.push_back(AttributeValue::Map(std::move(entry)));
  }
  if (!pending.empty()) item["pending"] = AttributeValue::List(std::move(pending));
  item[std::string(aws::kStateExpiresAttribute)] = AttributeValue::Number(now_seconds + kKeepSeconds);
  return item;
}

Result<change::Recollection> RecollectionOf(const aws::BucketRecord& record) {
  change::Recollection r;
  r.version = record.version;
  const aws::Item& a = record.attributes;
  if (auto d = a.find("digest"); d != a.end()) {
    if (!d->second.AsString()) return Malformed(record, "digest", "is not a string");
    auto digest = change::Digest::FromJson(*d->second.AsString());
    if (!digest.ok()) return Malformed(record, "digest", "is unreadable: " + digest.status().message());
    r.digest = std::move(digest).value();
  }
  if (auto o = a.find("observed_at"); o != a.end()) {
    if (!o->second.AsInt()) return Malformed(record, "observed_at", "is not a whole number");
    r.observed_at_ms = *o->second.AsInt();
  }
  if (auto p = a.find("pending"); p != a.end()) {
    const auto* list = p->second.AsList();
    if (list == nullptr) return Malformed(record, "pending", "is not a list");
    for (const AttributeValue& v : *list) {
      BW_ASSIGN_OR_RETURN(change::PendingAlert alert, PendingOf(record, v));
      r.pending.push_back(std::move(alert));
    }
  }
  return r;
}

Result<std::unique_ptr<DynamoDbMemory>> OpenDynamoDbMemory(const std::string& table,
                                                           const aws::ClientOptions& options) {
  BW_ASSIGN_OR_RETURN(std::shared_ptr<aws::AwsContext> context, aws::AwsContext::Create(options));
  BW_ASSIGN_OR_RETURN(aws::EndpointUrl endpoint,
                      aws::ResolveJsonEndpoint(aws::kDynamoDbProtocol, options, aws::Environment::Process(), *context));
  return std::make_unique<DynamoDbMemory>(std::make_unique<aws::StateTable>(context, table, endpoint));
}

Result<change::Recollection> DynamoDbMemory::Recall(std::string_view account, std::string_view bucket) {
  BW_ASSIGN_OR_RETURN(std::optional<aws::BucketRecord> record, table_->Get(account, bucket));
  if (!record) return change::Recollection{};
  return RecollectionOf(*record);
}

Result<std::optional<int64_t>> DynamoDbMemory::Keep(std::string_view account, std::string_view bucket,
                                                    int64_t seen_version, const change::Recollection& next) {
  aws::BucketRecord record{std::string(account), std::string(bucket), seen_version, AttributesOf(next, NowSeconds())};
  BW_ASSIGN_OR_RETURN(aws::ConditionalWrite written, table_->PutIfVersion(record, seen_version));
  if (!written.won()) return std::optional<int64_t>();
  return std::optional<int64_t>(written.version);
}

}  // namespace bucketwatch::state
