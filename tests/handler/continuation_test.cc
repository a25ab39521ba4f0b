// One large account's reconciliation split over several invocations
// (docs/realtime.md): an invocation reads for at most its slice
// (Settings::reconcile_slice) and starts a new invocation, through the
// FanOut, for the buckets it has not read; only when that cannot be started
// are they "could not be judged", and the invocation fails so that Lambda
// retries it. The fake reader "runs out of time" after a given number of
// buckets; the fake FanOut records the requests it starts, and each is then
// handled in turn, as Lambda would.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <set>

#include "fake_reader.h"
#include "handler/handler.h"
#include "in_memory.h"
#include "notify/scan_summary.h"

namespace bucketwatch::handler {
namespace {

using notify::What;
using Json = nlohmann::json;

constexpr const char* kAccount = "123456789012";
const std::string kRequest = R"({"bucketwatch": "reconcile", "account": "123456789012"})";

class FakeFanOut : public FanOut {
 public:
  std::vector<std::string> started;
  Status refuse;  // not ok: every Start fails with it
  bool can_start = true;

  Result<std::vector<std::string>> Accounts() override { return std::vector<std::string>{}; }
  Status Start(const std::string& request) override {
    if (!refuse.ok()) return refuse;
    started.push_back(request);
    return Status::Ok();
  }
  bool CanStart() const override { return can_start; }
};

std::string Name(int i) { return "b-" + std::string(i < 10 ? "0" : "") + std::to_string(i); }

// `n` buckets b-00, b-01, ...; every fifth is public.
void AddBuckets(FakeState& state, int n) {
  for (int i = 0; i < n; ++i) {
    state.buckets[Name(i)] = i % 5 == 0 ? Bucket(Name(i), PublicPolicy(Name(i))) : Bucket(Name(i));
  }
}

struct Chain {
  std::vector<HandleResult> results;
  std::vector<notify::Alert> alerts;
  std::vector<std::string> payloads;
};

// Handles `request`, then each request it (and its successors) started.
Chain RunChain(EventHandler& handler, FakeFanOut& fan_out, const std::string& request) {
  Chain chain;
  size_t next = fan_out.started.size();
  chain.results.push_back(handler.Handle(request, Deadline::Never()));
  while (next < fan_out.started.size() && chain.results.size() < 50) {
    chain.results.push_back(handler.Handle(fan_out.started[next++], Deadline::Never()));
  }
  for (const HandleResult& r : chain.results) {
    for (const AlertResult& a : r.alerts) {
      chain.alerts.push_back(a.alert);
      chain.payloads.push_back(a.message.body);
    }
  }
  return chain;
}

struct Fixture {
  FakeState state;
  std::shared_ptr<FakeFanOut> fan_out = std::make_shared<FakeFanOut>();
  EventHandler handler;

  explicit Fixture(std::chrono::seconds slice = std::chrono::seconds(60)) : handler(SettingsWith(slice), nullptr) {
    handler.set_bucket_reader(std::make_shared<FakeReader>(state));
    handler.set_fan_out(fan_out);
  }
  static Settings SettingsWith(std::chrono::seconds slice) {
    Settings s;
    s.reconcile_slice = slice;
    return s;
  }
};

TEST(ReconcileContinuation, ALargeAccountIsCoveredWholeAcrossTheStartedInvocations) {
  Fixture f;
  AddBuckets(f.state, 25);
  f.state.reads_in_time = 10;
  Chain chain = RunChain(f.handler, *f.fan_out, kRequest);

  ASSERT_EQ(chain.results.size(), 3u);
  EXPECT_EQ(f.fan_out->started,
            (std::vector<std::string>{R"({"bucketwatch":"reconcile","account":"123456789012","from":"b-10"})",
                                      R"({"bucketwatch":"reconcile","account":"123456789012","from":"b-20"})"}));
  for (const HandleResult& r : chain.results) EXPECT_TRUE(r.ok()) << r.SummaryJson();
  // Every bucket read exactly once.
  std::vector<std::string> read = f.state.read_names;
  std::sort(read.begin(), read.end());
  std::vector<std::string> all;
  for (int i = 0; i < 25; ++i) all.push_back(Name(i));
  EXPECT_EQ(read, all);
  // Nothing said to be out of time; the five public buckets announced.
  std::set<std::string> announced;
  for (const notify::Alert& a : chain.alerts) {
    EXPECT_NE(a.what, What::kCannotJudge) << a.bucket << " " << (a.cannot_judge.empty() ? "" : a.cannot_judge[0]);
    if (a.what == What::kIsPublic) announced.insert(a.bucket);
  }
  EXPECT_EQ(announced, (std::set<std::string>{"b-00", "b-05", "b-10", "b-15", "b-20"}));

  Json first = Json::parse(chain.results[0].SummaryJson());
  EXPECT_EQ(first["reconcile_continued"], Json({{"from", "b-10"}, {"buckets", 15}})) << first.dump();
  EXPECT_NE(first["reason"].get<std::string>().find("15 more handed to a new invocation (from b-10)"),
            std::string::npos)
      << first.dump();
  EXPECT_FALSE(Json::parse(chain.results[2].SummaryJson()).contains("reconcile_continued"));
  EXPECT_EQ(f.state.slices, (std::vector<std::optional<std::string>>{"", "b-10", "b-20"}));
}

TEST(ReconcileContinuation, EachInvocationReadsForAtMostItsSlice) {
  Fixture f(std::chrono::seconds(60));
  AddBuckets(f.state, 3);
  HandleResult r = f.handler.Handle(kRequest, Deadline::Never());
  ASSERT_TRUE(r.ok()) << r.SummaryJson();
  ASSERT_EQ(f.state.reading_deadlines.size(), 1u);
  EXPECT_FALSE(f.state.reading_deadlines[0].never());
  EXPECT_LE(f.state.reading_deadlines[0].Remaining(), std::chrono::seconds(60));
  // A shorter invocation keeps its own reserve for delivery.
  f.handler.Handle(kRequest, Deadline::In(std::chrono::seconds(30)));
  EXPECT_LE(f.state.reading_deadlines[1].Remaining(), std::chrono::seconds(20));
  EXPECT_TRUE(f.fan_out->started.empty()) << "everything was read: nothing to hand on";
}

TEST(ReconcileContinuation, WithoutAWayToStartOneTheWholeAccountIsReadByTheInvocationsDeadline) {
  Fixture f;
  f.fan_out->can_start = false;  // `handle` outside Lambda
  AddBuckets(f.state, 3);
  HandleResult r = f.handler.Handle(kRequest, Deadline::Never());
  ASSERT_TRUE(r.ok()) << r.SummaryJson();
  ASSERT_EQ(f.state.reading_deadlines.size(), 1u);
  EXPECT_TRUE(f.state.reading_deadlines[0].never());
  EXPECT_EQ(r.buckets_read, 3);
}

TEST(ReconcileContinuation, AFailedStartIsCouldNotBeJudgedAndFailsTheInvocation) {
  Fixture f;
  AddBuckets(f.state, 25);
  f.state.reads_in_time = 10;
  f.fan_out->refuse = Status(StatusCode::kUnavailable, "Lambda Invoke: 429 TooManyRequestsException");
  HandleResult r = f.handler.Handle(kRequest, Deadline::Never());
  EXPECT_FALSE(r.ok());
  EXPECT_EQ(r.ErrorType(), "Function.ReconcileNotStarted");
  EXPECT_NE(r.error.message().find("could not start the reconciliation of the 15 bucket(s) left unread in account "
                                   "123456789012 (from b-10): Lambda Invoke: 429 TooManyRequestsException"),
            std::string::npos)
      << r.error.message();
  const auto late = std::find_if(r.alerts.begin(), r.alerts.end(), [](const AlertResult& a) {
    return a.alert.what == What::kCannotJudge && a.alert.subject == notify::Subject::kAccount;
  });
  ASSERT_NE(late, r.alerts.end()) << r.SummaryJson();
  EXPECT_NE(late->alert.cannot_judge.at(0).find("15 bucket(s) were not read"), std::string::npos);
  EXPECT_NE(late->alert.cannot_judge.at(0).find("b-10"), std::string::npos);
  EXPECT_EQ(r.buckets_read, 10);
}

TEST(ReconcileContinuation, AnInvocationThatReadNothingDoesNotStartAnEndlessChain) {
  Fixture f;
  AddBuckets(f.state, 5);
  f.state.reads_in_time = 0;
  HandleResult r = f.handler.Handle(kRequest, Deadline::Never());
  EXPECT_TRUE(f.fan_out->started.empty());
  EXPECT_EQ(r.ErrorType(), "Function.ReconcileNotStarted");
  EXPECT_NE(r.error.message().find("no bucket was read before the time ran out"), std::string::npos)
      << r.error.message();
  ASSERT_EQ(r.alerts.size(), 1u);
  EXPECT_EQ(r.alerts[0].alert.what, What::kCannotJudge);
}

TEST(ReconcileContinuation, WithTheStateTableTheFirstRunHasOneSummaryAndTheSecondSaysNothing) {
  Fixture f;
  auto memory = std::make_shared<InMemory>();
  f.handler.set_memory(memory);
  AddBuckets(f.state, 25);
  f.state.reads_in_time = 10;

  Chain first = RunChain(f.handler, *f.fan_out, kRequest);
  ASSERT_EQ(first.results.size(), 3u);
  int summaries = 0, public_alerts = 0;
  for (size_t i = 0; i < first.alerts.size(); ++i) {
    const notify::Alert& a = first.alerts[i];
    if (a.subject == notify::Subject::kAccount && a.what == What::kInformational) {
      ++summaries;
      EXPECT_NE(first.payloads[i].find("bucketwatch now watches account 123456789012"), std::string::npos);
      EXPECT_NE(first.payloads[i].find("15 more bucket(s) of the account are read by further invocations"),
                std::string::npos)
          << first.payloads[i];
    } else {
      EXPECT_TRUE(notify::NeedsAction(a.what)) << a.bucket;
      ++public_alerts;
    }
  }
  EXPECT_EQ(summaries, 1) << "one summary per account, not one per invocation";
  EXPECT_EQ(public_alerts, 5);

  Chain second = RunChain(f.handler, *f.fan_out, kRequest);
  EXPECT_EQ(second.results.size(), 3u);
  EXPECT_TRUE(second.alerts.empty()) << second.results[0].SummaryJson();
  // A repeated slice (a retried or doubled invocation) announces nothing twice.
  HandleResult again = f.handler.Handle(f.fan_out->started[0], Deadline::Never());
  EXPECT_TRUE(again.alerts.empty()) << again.SummaryJson();
}

// The first run's summary when more invocations follow: never "no public
// bucket" before they have read theirs; in both languages.
TEST(ReconcileContinuation, TheSummarySaysHowManyBucketsFollow) {
  notify::ScanSummary s;
  s.accounts = 1;
  s.scanned = 10;
  s.first_of_account = kAccount;
  s.continued = 15;
  std::string en = notify::RenderScanSummary(s, {.lang = notify::Lang::kEn}).body;
  EXPECT_NE(en.find("15 more bucket(s) of the account are read by further invocations"), std::string::npos) << en;
  EXPECT_EQ(en.find("no public S3 bucket"), std::string::npos) << en;
  std::string ja = notify::RenderScanSummary(s, {.lang = notify::Lang::kJa}).body;
  EXPECT_NE(ja.find("残り 15 件のバケットは、この照合の後続の呼び出しで読み取ります"), std::string::npos) << ja;
  EXPECT_EQ(ja.find("公開 S3 バケットはありません"), std::string::npos) << ja;
  s.continued = 0;
  en = notify::RenderScanSummary(s, {.lang = notify::Lang::kEn}).body;
  EXPECT_NE(en.find("no public S3 bucket"), std::string::npos) << en;
  EXPECT_EQ(en.find("further invocations"), std::string::npos) << en;
}

TEST(ReconcileContinuation, AMalformedSliceIsAClearError) {
  Fixture f;
  HandleResult r = f.handler.Handle(R"({"bucketwatch": "reconcile", "from": "no spaces please"})", Deadline::Never());
  EXPECT_EQ(r.ErrorType(), "Function.InvalidEvent");
  EXPECT_NE(r.error.message().find("/from: \"no spaces please\" is not an S3 bucket name"), std::string::npos)
      << r.error.message();
  EXPECT_EQ(f.state.opens.load(), 0);
}

// The organization's fan-out is for a central deployment only; a slice of one account never fans out.
TEST(ReconcileContinuation, WithoutAMemberRoleTheRequestReadsTheOwnAccount) {
  Fixture f;
  AddBuckets(f.state, 2);
  HandleResult r = f.handler.Handle(R"({"bucketwatch": "reconcile"})", Deadline::Never());
  ASSERT_TRUE(r.ok()) << r.SummaryJson();
  EXPECT_EQ(r.buckets_read, 2);
  EXPECT_TRUE(r.reconcile_started.empty());
}

}  // namespace
}  // namespace bucketwatch::handler
