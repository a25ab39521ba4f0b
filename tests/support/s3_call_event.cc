#include "support/s3_call_event.h"

#include <nlohmann/json.hpp>

namespace bucketwatch::testing {

std::string S3CallEvent(const S3Call& call) {
  nlohmann::json e = {
      {"version", "0"},
      {"id", call.id},
      {"detail-type", "AWS API Call via CloudTrail"},
      {"source", "aws.s3"},
      {"account", call.account},
      {"time", call.time},
      {"region", call.region},
      {"resources", nlohmann::json::array()},
      {"detail",
       {{"eventVersion", "1.08"},
        {"userIdentity", {{"type", "IAMUser"}, {"arn", "arn:aws:iam::" + call.account + ":user/alice"}}},
        {"eventTime", call.time},
        {"eventSource", "s3.amazonaws.com"},
        {"eventName", call.event_name},
        {"awsRegion", call.region},
        {"sourceIPAddress", "203.0.113.7"},
        {"requestParameters", {{"bucketName", call.bucket}}},
        {"eventID", call.id + "-ct"},
        {"recipientAccountId", call.account}}}};
  return e.dump();
}

}  // namespace bucketwatch::testing
