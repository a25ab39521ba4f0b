#include "aws/sqs_client.h"

#include <nlohmann/json.hpp>

#include "aws/json_responses.h"
#include "base/json.h"

namespace bucketwatch::aws {
namespace {

using Json = nlohmann::ordered_json;

std::string Dump(const Json& j) { return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace); }

// An optional array member; an empty one when absent or null.
Result<std::optional<json::Array>> ArrayMember(json::Object object, std::string_view key, const json::Path& path) {
  json::Element value;
  if (object[key].get(value) != simdjson::SUCCESS || value.is_null()) return std::optional<json::Array>();
  json::Array array;
  if (value.get(array) != simdjson::SUCCESS) return json::TypeError(path.Key(key), "an array", value);
  return std::optional<json::Array>(array);
}

std::string QueueName(const std::string& url) { return "queue " + url.substr(url.rfind('/') + 1); }

}  // namespace

std::string RegionOfQueueUrl(std::string_view queue_url) {
  size_t scheme = queue_url.find("://");
  if (scheme == std::string_view::npos) return {};
  std::string_view host = queue_url.substr(scheme + 3);
  host = host.substr(0, host.find_first_of("/:"));
  if (host.rfind("sqs.", 0) == 0) {
    std::string_view rest = host.substr(4);
    size_t dot = rest.find('.');
    if (dot != std::string_view::npos && rest.substr(dot + 1).rfind("amazonaws.com", 0) == 0) {
      return std::string(rest.substr(0, dot));
    }
    return {};
  }
  if (size_t q = host.find(".queue.amazonaws.com"); q != std::string_view::npos) return std::string(host.substr(0, q));
  return {};
}

SqsClient::SqsClient(std::shared_ptr<AwsContext> context, EndpointUrl endpoint)
    : client_(std::move(context), kSqsProtocol, std::move(endpoint)) {}

std::string SqsClient::ReceiveMessageBody(const std::string& queue_url, const ReceiveOptions& options) {
  Json j = Json::object();
  j["QueueUrl"] = queue_url;
  j["MaxNumberOfMessages"] = options.max_messages;
  j["WaitTimeSeconds"] = options.wait_seconds;
  if (options.visibility_timeout) j["VisibilityTimeout"] = *options.visibility_timeout;
  if (!options.system_attributes.empty()) j["MessageSystemAttributeNames"] = options.system_attributes;
  return Dump(j);
}

std::string SqsClient::DeleteMessageBatchBody(const std::string& queue_url, const std::vector<DeleteEntry>& entries) {
  Json list = Json::array();
  for (const DeleteEntry& e : entries) list.push_back(Json{{"Id", e.id}, {"ReceiptHandle", e.receipt_handle}});
  Json j = Json::object();
  j["QueueUrl"] = queue_url;
  j["Entries"] = std::move(list);
  return Dump(j);
}

Result<std::vector<SqsMessage>> SqsClient::ReceiveMessage(const std::string& queue_url, const ReceiveOptions& options) {
  if (options.max_messages < 1 || options.max_messages > 10) {
    return InvalidInput("SQS ReceiveMessage: MaxNumberOfMessages must be 1-10");
  }
  if (options.wait_seconds < 0 || options.wait_seconds > 20) {
    return InvalidInput("SQS ReceiveMessage: WaitTimeSeconds must be 0-20");
  }
  // The answer may take the whole wait: the exchange gets that plus a margin.
  auto timeout = std::chrono::seconds(options.wait_seconds + 10);
  BW_ASSIGN_OR_RETURN(std::string body, client_.Call("ReceiveMessage", ReceiveMessageBody(queue_url, options),
                                                     RegionOfQueueUrl(queue_url), QueueName(queue_url), timeout));
  auto parsed = ParseReceiveMessage(body);
  if (!parsed.ok()) return Status(parsed.status().code(), "SQS ReceiveMessage: " + parsed.status().ToString());
  return parsed;
}

Result<BatchResult> SqsClient::DeleteMessageBatch(const std::string& queue_url,
                                                  const std::vector<DeleteEntry>& entries) {
  if (entries.empty() || entries.size() > 10) return InvalidInput("SQS DeleteMessageBatch: 1-10 entries");
  BW_ASSIGN_OR_RETURN(std::string body, client_.Call("DeleteMessageBatch", DeleteMessageBatchBody(queue_url, entries),
                                                     RegionOfQueueUrl(queue_url), QueueName(queue_url)));
  auto parsed = ParseBatchResult(body);
  if (!parsed.ok()) return Status(parsed.status().code(), "SQS DeleteMessageBatch: " + parsed.status().ToString());
  return parsed;
}

Status SqsClient::DeleteMessage(const std::string& queue_url, const std::string& receipt_handle) {
  Json j{{"QueueUrl", queue_url}, {"ReceiptHandle", receipt_handle}};
  auto r = client_.Call("DeleteMessage", Dump(j), RegionOfQueueUrl(queue_url), QueueName(queue_url));
  return r.ok() ? Status::Ok() : r.status();
}

Status SqsClient::ChangeMessageVisibility(const std::string& queue_url, const std::string& receipt_handle,
                                          int visibility_timeout) {
  Json j{{"QueueUrl", queue_url}, {"ReceiptHandle", receipt_handle}, {"VisibilityTimeout", visibility_timeout}};
  auto r = client_.Call("ChangeMessageVisibility", Dump(j), RegionOfQueueUrl(queue_url), QueueName(queue_url));
  return r.ok() ? Status::Ok() : r.status();
}

Result<std::vector<SqsMessage>> ParseReceiveMessage(std::string_view body) {
  json::Parser parser;
  BW_ASSIGN_OR_RETURN(json::Object root, ParseJsonObject(parser, body, "answer"));
  json::Path path;
  std::vector<SqsMessage> out;
  BW_ASSIGN_OR_RETURN(auto messages, ArrayMember(root, "Messages", path));
  if (!messages) return out;                        // {}: nothing arrived during the wait
  json::Path messages_path = path.Key("Messages");  // a Path refers to its parent: keep it alive
  size_t i = 0;
  for (json::Element item : *messages) {
    json::Path at = messages_path.Index(i++);
    json::Object m;
    if (item.get(m) != simdjson::SUCCESS) return json::TypeError(at, "an object", item);
    SqsMessage msg;
    BW_ASSIGN_OR_RETURN(msg.message_id, OptionalStringMember(m, "MessageId", at));
    BW_ASSIGN_OR_RETURN(msg.receipt_handle, OptionalStringMember(m, "ReceiptHandle", at));
    BW_ASSIGN_OR_RETURN(msg.md5_of_body, OptionalStringMember(m, "MD5OfBody", at));
    BW_ASSIGN_OR_RETURN(msg.body, OptionalStringMember(m, "Body", at));
    if (msg.receipt_handle.empty()) return InvalidInput("a message without a ReceiptHandle", at.Pointer());
    json::Element attrs;
    if (m["Attributes"].get(attrs) == simdjson::SUCCESS && !attrs.is_null()) {
      json::Object a;
      json::Path attrs_path = at.Key("Attributes");
      if (attrs.get(a) != simdjson::SUCCESS) return json::TypeError(attrs_path, "an object", attrs);
      for (auto field : a) {
        BW_ASSIGN_OR_RETURN(std::string_view v, json::GetString(field.value, attrs_path.Key(field.key)));
        msg.attributes[std::string(field.key)] = std::string(v);
      }
    }
    out.push_back(std::move(msg));
  }
  return out;
}

Result<BatchResult> ParseBatchResult(std::string_view body) {
  json::Parser parser;
  BW_ASSIGN_OR_RETURN(json::Object root, ParseJsonObject(parser, body, "answer"));
  json::Path path;
  BatchResult out;
  BW_ASSIGN_OR_RETURN(auto ok, ArrayMember(root, "Successful", path));
  json::Path successful_path = path.Key("Successful"), failed_path = path.Key("Failed");
  size_t i = 0;
  if (ok) {
    for (json::Element item : *ok) {
      json::Path at = successful_path.Index(i++);
      json::Object o;
      if (item.get(o) != simdjson::SUCCESS) return json::TypeError(at, "an object", item);
      BW_ASSIGN_OR_RETURN(std::string id, OptionalStringMember(o, "Id", at));
      out.successful.push_back(std::move(id));
    }
  }
  BW_ASSIGN_OR_RETURN(auto failed, ArrayMember(root, "Failed", path));
  i = 0;
  if (failed) {
    for (json::Element item : *failed) {
      json::Path at = failed_path.Index(i++);
      json::Object o;
      if (item.get(o) != simdjson::SUCCESS) return json::TypeError(at, "an object", item);
      BatchFailure f;
      BW_ASSIGN_OR_RETURN(f.id, OptionalStringMember(o, "Id", at));
      BW_ASSIGN_OR_RETURN(f.code, OptionalStringMember(o, "Code", at));
      BW_ASSIGN_OR_RETURN(f.message, OptionalStringMember(o, "Message", at));
      bool sender = false;
      if (o["SenderFault"].get(sender) == simdjson::SUCCESS) f.sender_fault = sender;
      out.failed.push_back(std::move(f));
    }
  }
  return out;
}

}  // namespace bucketwatch::aws
