#include "handler/handler.h"

#include "base/log.h"
#include "events/event.h"

namespace bucketwatch::handler {
namespace {

using Json = nlohmann::ordered_json;

std::string_view ScopeName(events::RescanScope s) {
  switch (s) {
    case events::RescanScope::kBucket: return "bucket";
    case events::RescanScope::kAccount: return "account";
    case events::RescanScope::kNone: break;
  }
  return "none";
}

std::string Dump(const Json& j) { return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace); }

}  // namespace

bool HandleResult::needs_action() const {
  for (const AlertResult& a : alerts) {
    if (notify::NeedsAction(a.alert.what)) return true;
  }
  return false;
}

std::string HandleResult::ErrorType() const {
  switch (failure) {
    case Failure::kNone: return {};
    case Failure::kInvalidEvent: return "Function.InvalidEvent";
    case Failure::kDeliveryFailed: return "Function.SlackDeliveryFailed";
    case Failure::kDeliveryRefused: return "Function.SlackRejected";
    case Failure::kDeadline: return "Function.DeadlineExceeded";
  }
  return "Function.Unknown";
}

std::string HandleResult::SummaryJson() const {
  Json j = Json::object();
  std::string outcome = ok() ? std::string(DispositionName(disposition)) : "failed";
  if (ok() && disposition == Disposition::kAnnounce) outcome = "announced";
  j["outcome"] = outcome;
  if (!event_kind.empty()) j["event"] = event_kind;
  if (!event_id.empty()) j["event_id"] = event_id;
  if (!reason.empty()) j["reason"] = reason;
  Json list = Json::array();
  for (const AlertResult& a : alerts) {
    Json item = Json::object();
    item["what"] = std::string(notify::WhatName(a.alert.what));
    if (!a.alert.bucket.empty()) item["bucket"] = a.alert.bucket;
    if (!a.alert.account.empty()) item["account"] = a.alert.account;
    if (!a.alert.region.empty()) item["region"] = a.alert.region;
    item["dedupe_key"] = a.alert.DedupeKey();
    if (a.delivery) {
      item["delivered"] = a.delivery->delivered();
      item["attempts"] = a.delivery->attempts;
    } else {
      item["delivered"] = false;
    }
    list.push_back(std::move(item));
  }
  if (!list.empty()) j["alerts"] = std::move(list);
  if (rescan) {
    Json r = Json::object();
    r["scope"] = std::string(ScopeName(rescan->scope));
    if (!rescan->bucket.empty()) r["bucket"] = rescan->bucket;
    if (!rescan->account.empty()) r["account"] = rescan->account;
    if (!rescan->region.empty()) r["region"] = rescan->region;
    if (!rescan->cause.empty()) r["cause"] = rescan->cause;
    if (!rescan->actor.who.empty()) r["actor"] = rescan->actor.who;
    if (!rescan->actor.ip.empty()) r["source_ip"] = rescan->actor.ip;
    if (!rescan->actor.time.empty()) r["time"] = rescan->actor.time;
    j["rescan"] = std::move(r);
  }
  if (!ok()) {
    Json e = Json::object();
    e["type"] = ErrorType();
    e["message"] = error.ToString();
    j["error"] = std::move(e);
  }
  return Dump(j);
}

EventHandler::EventHandler(Settings settings, std::unique_ptr<notify::Sink> sink, notify::Pacing pacing)
    : settings_(std::move(settings)), sink_(std::move(sink)), pacing_(std::move(pacing)) {
  triage_options_.declared_rules = settings_.declared_rules;
}

HandleResult EventHandler::Handle(std::string_view event_text, const Deadline& deadline) {
  HandleResult result;
  auto event = events::ParseEvent(event_text, parser_);
  if (!event.ok()) {
    result.failure = Failure::kInvalidEvent;
    result.error = event.status();
    log::Error("event.invalid", {{"error", result.error.ToString()}, {"bytes", event_text.size()}});
    return result;
  }
  result.event_kind = std::string(events::KindName(event->what));
  result.event_id = event->envelope.id;

  Triage triage = TriageEvent(*event, triage_options_);
  result.disposition = triage.disposition;
  result.reason = triage.reason;
  result.rescan = triage.rescan;

  log::Fields fields = {{"kind", result.event_kind},
                        {"disposition", std::string(DispositionName(triage.disposition))},
                        {"reason", triage.reason}};
  if (!result.event_id.empty()) fields["event_id"] = result.event_id;
  if (triage.disposition == Disposition::kNeedsRescan) {
    log::Warn("event.needs_rescan", fields);
  } else {
    log::Info("event.triaged", fields);
  }

  for (notify::Alert& alert : triage.alerts) {
    AlertResult r;
    r.message = notify::RenderSlackMessage(alert, settings_.message);
    r.alert = std::move(alert);
    result.alerts.push_back(std::move(r));
  }
  if (sink_ == nullptr) return result;

  for (AlertResult& r : result.alerts) {
    r.delivery = notify::Deliver(*sink_, r.message.body, settings_.retry, deadline, pacing_);
    log::Fields f = {{"what", std::string(notify::WhatName(r.alert.what))},
                     {"dedupe_key", r.alert.DedupeKey()},
                     {"delivered", r.delivery->delivered()},
                     {"attempts", r.delivery->attempts}};
    if (!r.alert.bucket.empty()) f["bucket"] = r.alert.bucket;
    if (!r.alert.account.empty()) f["account"] = r.alert.account;
    if (r.delivery->delivered()) {
      log::Info("alert.delivered", f);
      continue;
    }
    f["error"] = r.delivery->Describe(sink_->Describe());
    log::Error("alert.not_delivered", f);
    switch (r.delivery->failure) {
      case notify::DeliveryReport::Failure::kRefused: result.failure = Failure::kDeliveryRefused; break;
      case notify::DeliveryReport::Failure::kDeadline: result.failure = Failure::kDeadline; break;
      default: result.failure = Failure::kDeliveryFailed; break;
    }
    result.error = Status(r.delivery->retryable_later() ? StatusCode::kUnavailable : StatusCode::kInvalidInput,
                          r.delivery->Describe(sink_->Describe()));
    break;  // later alerts would meet the same trouble; the event is retried whole
  }
  return result;
}

}  // namespace bucketwatch::handler
