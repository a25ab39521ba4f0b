#include "state/dynamodb_memory.h"

#include <chrono>
#include <string>
#include <utility>

#include "base/log.h"
#include "state/compression.h"

namespace bucketwatch::state {
namespace {

using aws::AttributeValue;

constexpr int64_t kKeepSeconds = 365LL * 24 * 3600;
// Set on a pending entry whose message could not be kept within the item limit.
constexpr std::string_view kNotKept = "not_kept";

Status Malformed(const aws::BucketRecord& record, std::string_view attribute, std::string_view what) {
  return Status(StatusCode::kInvalidInput, "state record " + aws::BucketRecordKey(record.account, record.bucket) +
                                               ": attribute " + std::string(attribute) + " " + std::string(what));
}

int64_t NowSeconds() {
  return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

// A message of a pending entry: kept deflated (`<name>_z`, B), or as text
// (`<name>`, S) by versions before compression. Absent: empty.
Status MessageOf(const aws::BucketRecord& record, const aws::Item& m, const std::string& name, std::string& out) {
  if (auto z = m.find(name + "_z"); z != m.end()) {
    if (!z->second.AsBinary()) return Malformed(record, "pending", "has a " + name + "_z that is not binary");
    auto text = Inflate(*z->second.AsBinary());
    if (!text.ok()) return Malformed(record, "pending", "has a " + name + "_z that " + text.status().message());
    out = std::move(text).value();
  } else if (auto t = m.find(name); t != m.end()) {
    if (!t->second.AsString()) return Malformed(record, "pending", "has a " + name + " that is not a string");
    out = *t->second.AsString();
  }
  return Status::Ok();
}

Result<change::PendingAlert> PendingOf(const aws::BucketRecord& record, const AttributeValue& v) {
  const aws::Item* m = v.AsMap();
  if (m == nullptr) return Malformed(record, "pending", "holds something that is not a map");
  change::PendingAlert p;
  auto key = m->find("key");
  auto since = m->find("since");
  if (key == m->end() || !key->second.AsString() || since == m->end() || !since->second.AsInt()) {
    return Malformed(record, "pending", "lacks key or since");
  }
  p.key = *key->second.AsString();
  p.since_ms = *since->second.AsInt();
  BW_RETURN_IF_ERROR(MessageOf(record, *m, "payload", p.payload));
  BW_RETURN_IF_ERROR(MessageOf(record, *m, "repeat_payload", p.repeat_payload));
  auto not_kept = m->find(kNotKept);
  if (p.payload.empty() && p.repeat_payload.empty() &&
      (not_kept == m->end() || !not_kept->second.AsBool().value_or(false))) {
    return Malformed(record, "pending", "has neither a payload nor " + std::string(kNotKept));
  }
  if (auto until = m->find("until"); until != m->end()) {
    if (!until->second.AsInt()) return Malformed(record, "pending", "has an until that is not a whole number");
    p.until_ms = *until->second.AsInt();
  }
  auto abandoned = m->find("abandoned");
  p.abandoned = abandoned != m->end() && abandoned->second.AsBool().value_or(false);
  return p;
}

// The entry as stored. A takeover sends the marked copy (notify::PayloadToRepeat), so only that one is kept; the
// plain one only where there is no marked copy (an entry written by an older version). `keep_copy` false: neither,
// said by kNotKept.
AttributeValue EntryOf(const change::PendingAlert& p, bool keep_copy) {
  aws::Item entry{{"key", AttributeValue::String(p.key)},
                  {"since", AttributeValue::Number(p.since_ms)},
                  {"until", AttributeValue::Number(p.until_ms)},
                  {"abandoned", AttributeValue::Bool(p.abandoned)}};
  if (!keep_copy || (p.payload.empty() && p.repeat_payload.empty())) {
    entry[std::string(kNotKept)] = AttributeValue::Bool(true);
  } else if (!p.repeat_payload.empty()) {
    entry["repeat_payload_z"] = AttributeValue::Binary(Deflate(p.repeat_payload));
  } else {
    entry["payload_z"] = AttributeValue::Binary(Deflate(p.payload));
  }
  return AttributeValue::Map(std::move(entry));
}

}  // namespace

aws::Item AttributesOf(const change::Recollection& r, int64_t now_seconds, size_t budget) {
  aws::Item item;
  if (r.digest) item["digest"] = AttributeValue::String(r.digest->ToJson());
  item["observed_at"] = AttributeValue::Number(r.observed_at_ms);
  item[std::string(aws::kStateExpiresAttribute)] = AttributeValue::Number(now_seconds + kKeepSeconds);
  if (r.pending.empty()) return item;
  std::vector<AttributeValue> pending;
  pending.reserve(r.pending.size());
  for (const change::PendingAlert& p : r.pending) pending.push_back(EntryOf(p, true));
  // Over the budget: the oldest entries' copies go first. Each entry stays,
  // so that its alert is still sent, worded from its key (handler/remembered.h).
  size_t size = aws::ItemSize(item) + 3 + std::string_view("pending").size();
  for (const AttributeValue& e : pending) size += 1 + aws::AttributeSize(e);
  for (size_t i = 0; i < pending.size() && size > budget; ++i) {
    if (pending[i].AsMap()->contains(kNotKept)) continue;
    size -= aws::AttributeSize(pending[i]);
    pending[i] = EntryOf(r.pending[i], false);
    size += aws::AttributeSize(pending[i]);
  }
  item["pending"] = AttributeValue::List(std::move(pending));
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
  aws::BucketRecord record{std::string(account), std::string(bucket), seen_version,
                           AttributesOf(next, NowSeconds(), kPendingBudget)};
  const size_t size = aws::ItemSize(record.attributes);
  const std::string key = aws::BucketRecordKey(account, bucket);
  if (size > kPendingBudget) {
    // Only keys and times are left: thousands of alerts waiting. The caller
    // announces without memory (handler/remembered.h) rather than drop them.
    return Status(StatusCode::kTooLarge, "state record " + key + " would be " + std::to_string(size) + " bytes with " +
                                             std::to_string(next.pending.size()) +
                                             " pending alerts, over DynamoDB's item limit even without their messages");
  }
  if (const auto* pending =
          record.attributes.contains("pending") ? record.attributes.at("pending").AsList() : nullptr) {
    for (size_t i = 0; i < pending->size(); ++i) {
      const change::PendingAlert& p = next.pending[i];
      if ((*pending)[i].AsMap()->contains(kNotKept) && !(p.payload.empty() && p.repeat_payload.empty())) {
        log::Warn("state.message_not_kept", {{"record", key}, {"dedupe_key", p.key}, {"bytes", size}});
      }
    }
  }
  BW_ASSIGN_OR_RETURN(aws::ConditionalWrite written, table_->PutIfVersion(record, seen_version));
  if (!written.won()) return std::optional<int64_t>();
  return std::optional<int64_t>(written.version);
}

}  // namespace bucketwatch::state
