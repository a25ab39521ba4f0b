#include "handler/handler.h"

#include <algorithm>
#include <chrono>

#include "base/json_writer.h"
#include "base/log.h"
#include "events/event.h"
#include "events/reconcile.h"

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

int64_t NowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// A failed state update after delivery costs at most a marked repeat later.
void LogIfFailed(const Status& s, const char* event) {
  if (!s.ok()) log::Warn(event, {{"error", s.ToString()}});
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
    case Failure::kNotStarted: return "Function.ReconcileNotStarted";
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
    if (a.possible_repeat) item["possible_repeat"] = true;
    if (a.delivery) {
      item["delivered"] = a.delivery->delivered();
      item["attempts"] = a.delivery->attempts;
    } else {
      item["delivered"] = false;
    }
    list.push_back(std::move(item));
  }
  if (!list.empty()) j["alerts"] = std::move(list);
  if (!memory.empty()) j["state"] = memory;
  if (!reconcile_started.empty()) j["reconcile_started"] = reconcile_started;
  if (reconcile_continued > 0) {
    j["reconcile_continued"] = Json{{"from", reconcile_continued_from}, {"buckets", reconcile_continued}};
  }
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
    if (buckets_read >= 0) r["buckets_read"] = buckets_read;
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

bool EventHandler::RememberRescan(const RescanResult& rescanned, int64_t read_at_ms, const Deadline& deadline,
                                  std::vector<RememberedAlert>& kept, Triage& triage, HandleResult& result) {
  const int64_t now_ms = NowMs();
  const int64_t until_ms = deadline.never() ? 0 : now_ms + std::max<int64_t>(deadline.Remaining().count(), 0);
  auto remembered = Remember(*memory_, rescanned, settings_.message, read_at_ms, now_ms, until_ms);
  if (!remembered.ok()) {
    // Without memory the event is still announced: every public result, as
    // the stateless route does, rather than nothing.
    result.memory = "not used: " + remembered.status().ToString();
    log::Warn("state.unavailable", {{"error", remembered.status().ToString()}});
    return false;
  }
  result.memory = "compared";
  kept = std::move(remembered->alerts);
  triage.reason = std::move(remembered->reason);
  return true;
}

void EventHandler::Deliver(HandleResult& result, const std::vector<RememberedAlert>& kept, const Deadline& deadline) {
  for (size_t i = 0; i < result.alerts.size(); ++i) {
    AlertResult& r = result.alerts[i];
    r.delivery = notify::Deliver(*sink_, r.message.body, settings_.retry, deadline, pacing_);
    if (r.delivery->delivered()) {
      if (i < kept.size()) LogIfFailed(handler::Delivered(*memory_, kept[i]), "state.not_cleared");
      continue;
    }
    std::string what = r.delivery->Describe(sink_->Describe());
    log::Error(
        "alert.not_delivered",
        {{"what", std::string(notify::WhatName(r.alert.what))}, {"dedupe_key", r.alert.DedupeKey()}, {"error", what}});
    switch (r.delivery->failure) {
      case notify::DeliveryReport::Failure::kRefused: result.failure = Failure::kDeliveryRefused; break;
      case notify::DeliveryReport::Failure::kDeadline: result.failure = Failure::kDeadline; break;
      default: result.failure = Failure::kDeliveryFailed; break;
    }
    result.error = Status(r.delivery->retryable_later() ? StatusCode::kUnavailable : StatusCode::kInvalidInput, what);
    // Later alerts would meet the same trouble; the event is retried whole,
    // and the retry sends what is still pending, marked.
    for (size_t j = i; j < kept.size(); ++j) LogIfFailed(Abandoned(*memory_, kept[j]), "state.not_marked");
    return;
  }
}

namespace {

// Reading stops early enough to leave time to deliver what it found: a
// third of what is left, at most 10 s (a Lambda invocation's deadline is
// also the end of its Slack deliveries).
Deadline ReadingDeadline(const Deadline& deadline) {
  if (deadline.never()) return deadline;
  const auto reserve =
      std::min(std::chrono::milliseconds(10000), std::max(deadline.Remaining(), std::chrono::milliseconds(0)) / 3);
  return Deadline::At(deadline.at() - reserve);
}

Deadline Earlier(const Deadline& a, const Deadline& b) { return a.at() <= b.at() ? a : b; }

}  // namespace

void EventHandler::HandOn(RescanResult& rescanned, HandleResult& result) {
  if (rescanned.out_of_time.empty() || !rescanned.error.ok()) return;
  // Read in name order (ReadSlice), so the unread are the last names: the first of them starts the rest.
  const std::string from = *std::min_element(rescanned.out_of_time.begin(), rescanned.out_of_time.end());
  const std::string& account = rescanned.rescan.account;
  const size_t left = rescanned.out_of_time.size();
  Status started =
      rescanned.buckets.empty()
          ? Status(StatusCode::kUnavailable,
                   "no bucket was read before the time ran out, so another invocation would fare no better")
          : fan_out_->Start(events::RequestJson({.account = account, .from = from}));
  if (started.ok()) {
    log::Info("reconcile.continued", {{"account", account}, {"from", from}, {"buckets", left}});
    rescanned.continued_from = from;
    rescanned.continued = left;
    rescanned.out_of_time.clear();
    result.reconcile_continued_from = from;
    result.reconcile_continued = left;
    return;
  }
  log::Warn("reconcile.not_continued", {{"account", account}, {"from", from}, {"error", started.ToString()}});
  result.failure = Failure::kNotStarted;
  result.error =
      Status(StatusCode::kUnavailable,
             "could not start the reconciliation of the " + std::to_string(left) + " bucket(s) left unread" +
                 (account.empty() ? "" : " in account " + account) + " (from " + from + "): " + started.message());
}

void EventHandler::JudgeLive(Triage& triage, std::vector<RememberedAlert>& kept, HandleResult& result,
                             const Deadline& deadline) {
  const int64_t read_at_ms = NowMs();
  RescanOptions options = rescan_options_;
  options.allow = settings_.allow.get();
  // A reconciliation that can start another invocation stops reading after its slice, and hands on the rest.
  const Rescan& rescan = *triage.rescan;
  const bool can_hand_on =
      fan_out_ != nullptr && fan_out_->CanStart() && rescan.scheduled && rescan.scope == events::RescanScope::kAccount;
  Deadline reading = ReadingDeadline(deadline);
  if (can_hand_on) reading = Earlier(reading, Deadline::In(settings_.reconcile_slice));
  RescanResult rescanned = RunRescan(*reader_, rescan, options, reading);
  if (can_hand_on) HandOn(rescanned, result);
  result.buckets_read = static_cast<int>(rescanned.buckets.size());
  if (memory_ && RememberRescan(rescanned, read_at_ms, deadline, kept, triage, result)) {
    triage.alerts.clear();
    for (const RememberedAlert& k : kept) triage.alerts.push_back(k.alert);
  } else {
    RescanAlertList list = RescanAlerts(rescanned);
    triage.alerts = std::move(list.alerts);
    triage.reason = std::move(list.reason);
  }
  triage.disposition = triage.alerts.empty() ? Disposition::kNothingToAnnounce : Disposition::kAnnounce;
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
  std::vector<RememberedAlert> kept;  // with memory: the alerts, as recorded in it
  const bool organization_wide = fan_out_ != nullptr && !settings_.member_role.name.empty() && triage.rescan &&
                                 triage.rescan->scheduled && triage.rescan->account.empty() &&
                                 triage.rescan->from.empty();
  if (organization_wide) {
    FanOutResult fanned = FanOutReconcile(*fan_out_, deadline);
    result.reconcile_started = std::move(fanned.started);
    triage.reason = std::move(fanned.reason);
    triage.disposition = Disposition::kNothingToAnnounce;
    if (!fanned.error.ok()) {
      result.failure = Failure::kNotStarted;
      result.error = fanned.error;
    }
  } else if (triage.disposition == Disposition::kNeedsRescan && triage.rescan && reader_ != nullptr) {
    JudgeLive(triage, kept, result, deadline);
  }
  result.disposition = triage.disposition;
  result.reason = triage.reason;
  result.rescan = triage.rescan;

  for (size_t i = 0; i < triage.alerts.size(); ++i) {
    AlertResult r;
    if (i < kept.size()) {
      r.message.body = kept[i].payload;  // as recorded (and marked when a possible repeat)
      r.possible_repeat = kept[i].possible_repeat;
    } else {
      r.message = notify::RenderSlackMessage(triage.alerts[i], settings_.message);
    }
    r.alert = std::move(triage.alerts[i]);
    result.alerts.push_back(std::move(r));
  }
  if (sink_ != nullptr) Deliver(result, kept, deadline);

  // One line per event: what it was, what was decided, what was sent.
  log::Level level = !result.ok()                                      ? log::Level::kError
                     : triage.disposition == Disposition::kNeedsRescan ? log::Level::kWarn
                                                                       : log::Level::kInfo;
  if (!log::Enabled(level)) return result;
  // Written with the payload writer rather than a log::Fields tree: this
  // line is on every event's path (docs/benchmarks.md).
  json::JsonWriter w;
  w.Reserve(384);
  w.BeginObject();
  w.Key("kind").String(result.event_kind);
  if (!result.event_id.empty()) w.Key("event_id").String(result.event_id);
  w.Key("disposition").String(DispositionName(triage.disposition));
  w.Key("reason").String(triage.reason);
  // The usual single alert flat (easier to query); more as a list.
  auto alert_fields = [&w](const AlertResult& r) {
    w.Key("what").String(notify::WhatName(r.alert.what));
    if (!r.alert.bucket.empty()) w.Key("bucket").String(r.alert.bucket);
    if (r.alert.subject == notify::Subject::kAccount) w.Key("account").String(r.alert.account);
    if (r.delivery) {
      w.Key("delivered").Bool(r.delivery->delivered());
      w.Key("attempts").Int(r.delivery->attempts);
    }
  };
  if (result.alerts.size() == 1) {
    alert_fields(result.alerts[0]);
  } else if (!result.alerts.empty()) {
    w.Key("alerts").BeginArray();
    for (const AlertResult& r : result.alerts) {
      w.BeginObject();
      alert_fields(r);
      w.EndObject();
    }
    w.EndArray();
  }
  if (!result.ok()) w.Key("error_type").String(result.ErrorType());
  w.EndObject();
  log::WriteSerialized(level,
                       !result.ok()                                      ? "event.failed"
                       : triage.disposition == Disposition::kNeedsRescan ? "event.needs_rescan"
                                                                         : "event.handled",
                       w.text());
  return result;
}

}  // namespace bucketwatch::handler
