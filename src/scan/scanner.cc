#include "scan/scanner.h"

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <set>
#include <thread>

#include "aws/bucket_snapshot.h"
#include "aws/credential_sources.h"
#include "aws/timestamp.h"
#include "base/log.h"
#include "exposure/evaluator.h"
#include "exposure/finding_words.h"

namespace bucketwatch::scan {
namespace {

using exposure::Snapshot;
using exposure::Verdict;

template <typename T>
void NoteUnread(std::vector<UnreadPart>& out, std::string_view part, const exposure::Part<T>& p) {
  if (p.unknown()) out.push_back({std::string(part), p.unknown_reason()});
}

// The verdict reduced to what reports, alerts and Security Hub need.
void Compact(const Snapshot& snap, const Verdict& v, BucketResult& r) {
  r.account = snap.account;
  if (!snap.region.empty()) r.region = snap.region;
  r.access = v.access;
  r.unknown = v.unknown;
  r.who = v.who;
  r.public_read = v.public_read;
  r.public_write = v.public_write;
  r.cross_account = v.cross_account;
  r.policy_is_public = v.policy_is_public;
  for (const exposure::Finding& f : v.findings) {
    if (!f.blocked_by.blocked()) r.causes.push_back(exposure::CauseOf(snap, f));
  }
  r.cannot_judge = v.cannot_judge;
  NoteUnread(r.unread, "policy", snap.policy);
  NoteUnread(r.unread, "acl", snap.acl);
  NoteUnread(r.unread, "public_access_block", snap.public_access_block);
  NoteUnread(r.unread, "ownership", snap.ownership);
  r.captured_at = snap.captured_at;
}

CrossCheck CompareWithS3(const Result<std::optional<bool>>& status, const Snapshot& snap, const Verdict& v) {
  CrossCheck c;
  if (!status.ok()) {
    c.not_compared = "GetBucketPolicyStatus could not be read: " + status.status().message();
    return c;
  }
  if (snap.policy.unknown()) {
    c.aws_is_public = *status;
    c.not_compared = "the policy could not be read: " + snap.policy.unknown_reason();
    return c;
  }
  c.compared = true;
  c.aws_is_public = *status;
  c.ours = v.policy_is_public;
  return c;
}

}  // namespace

void ApplyAllowList(BucketVerdict& b, const AllowList& allow, std::chrono::system_clock::time_point now) {
  BucketResult r;
  if (b.read()) Compact(b.snapshot, b.verdict, r);
  r.allowance = allow.Match(b.snapshot.account, b.bucket, now);
  b.allowance = r.allowance;
  b.allowed = b.read() && Classify(r) == Standing::kPublicAllowed;
}

aws::Hooks ScanHooks(TrafficControl& traffic, aws::Hooks hooks) {
  hooks.transport = traffic.Factory();
  return hooks;
}

struct Scanner::Account {
  AccountTarget target;
  AccountResult result;
  std::shared_ptr<aws::AwsContext> context;
  // One per listed bucket, holding its name and region until it is read:
  // the listing itself is not kept.
  BucketResults results;
};

// What a worker thread keeps between tasks: the reader of the account it
// served last (its clients share the thread's connections).
struct Scanner::Worker {
  size_t account = SIZE_MAX;
  std::unique_ptr<aws::SnapshotReader> reader;
};

struct Scanner::Queue {
  struct Task {
    bool open = false;
    size_t account = 0;
    size_t index = 0;
  };
  std::mutex mu;
  std::condition_variable cv;
  std::deque<Task> tasks;
  size_t pending = 0;  // queued or running; 0 and empty: done

  void Push(Task t) {
    {
      std::lock_guard lock(mu);
      tasks.push_back(t);
      ++pending;
    }
    cv.notify_one();
  }
  void PushMany(size_t account, size_t count) {
    {
      std::lock_guard lock(mu);
      for (size_t i = 0; i < count; ++i) tasks.push_back({false, account, i});
      pending += count;
    }
    cv.notify_all();
  }
  bool Pop(Task& t) {
    std::unique_lock lock(mu);
    cv.wait(lock, [this] { return !tasks.empty() || pending == 0; });
    if (tasks.empty()) return false;
    t = tasks.front();
    tasks.pop_front();
    return true;
  }
  void Done() {
    bool all_done;
    {
      std::lock_guard lock(mu);
      all_done = --pending == 0;
    }
    if (all_done) cv.notify_all();
  }
};

namespace {

// The listing in name order from `from` on (S3 lists in name order already;
// sorted here so that a server that does not cannot make a slice skip one).
void KeepFrom(BucketResults& listed, const std::string& from) {
  std::sort(listed.begin(), listed.end(),
            [](const BucketResult& x, const BucketResult& y) { return x.bucket < y.bucket; });
  auto first = std::lower_bound(listed.begin(), listed.end(), from,
                                [](const BucketResult& b, const std::string& name) { return b.bucket < name; });
  listed.erase(listed.begin(), first);
}

}  // namespace

Scanner::Scanner(std::shared_ptr<aws::AwsContext> base, std::vector<AccountTarget> targets, ScanSettings settings,
                 TrafficControl* traffic)
    : base_(std::move(base)),
      targets_(std::move(targets)),
      settings_(std::move(settings)),
      traffic_(traffic),
      queue_(std::make_unique<Queue>()) {
  if (targets_.empty()) targets_.push_back(AccountTarget{});
  settings_.concurrency = std::max(1, settings_.concurrency);
}

Scanner::~Scanner() = default;

void Scanner::OpenAccount(size_t index) {
  Account& a = *accounts_[index];
  AccountResult& r = a.result;
  r.account_id = a.target.account_id;
  r.name = a.target.name;
  r.role_arn = a.target.role_arn;
  auto fail = [&](const std::string& why) {
    r.error = why;
    log::Warn("scan.account_failed", {{"account", r.account_id}, {"role", r.role_arn}, {"error", why}});
    ++progress_.accounts_opened;
  };
  if (!a.target.skip_reason.empty()) {
    r.skipped = a.target.skip_reason;
    ++progress_.accounts_opened;
    return;
  }

  if (a.target.context) {
    a.context = a.target.context;
  } else if (a.target.role_arn.empty()) {
    a.context = base_;
  } else {
    aws::ClientConfig config = base_->config();
    config.account_id = a.target.account_id;
    aws::AssumeRoleParams params{
        .role_arn = a.target.role_arn, .session_name = "bucketwatch-scan", .external_id = a.target.external_id};
    a.context = std::make_shared<aws::AwsContext>(config, aws::AssumeRoleSource(base_, params), base_->hooks());
  }
  auto creds = a.context->credentials().Fetch();
  if (!creds.ok()) return fail(creds.status().message());

  // Page by page, each page's buckets moved into results at once, so that
  // neither the listing nor the region cache holds every bucket.
  aws::SnapshotReader lister(a.context);
  const aws::AccountFacts& facts = lister.Account();  // once per account: STS (if need be) and S3 Control
  if (!facts.account_id.empty()) r.account_id = facts.account_id;
  if (facts.public_access_block.unknown()) r.account_bpa_unread = facts.public_access_block.unknown_reason();
  std::set<std::string> tokens_seen;
  std::string token;
  for (int page = 0;; ++page) {
    auto listing = lister.s3().ListBucketsPage(token, settings_.page_size);
    if (!listing.ok()) return fail(listing.status().message());
    if (settings_.on_listed) settings_.on_listed(r, listing->buckets);
    for (aws::BucketEntry& entry : listing->buckets) {
      a.context->ForgetBucketRegion(entry.name);  // given back to each bucket when it is read
      BucketResult& b = a.results.emplace_back();
      b.bucket = std::move(entry.name);
      b.region = std::move(entry.region);
    }
    if (listing->continuation_token.empty()) break;
    // A server that hands out the same token twice would loop forever.
    if (!tokens_seen.insert(listing->continuation_token).second) {
      return fail("S3 ListBuckets: page " + std::to_string(page + 1) + " repeats an earlier continuation token");
    }
    token = std::move(listing->continuation_token);
  }
  if (settings_.from_bucket) KeepFrom(a.results, *settings_.from_bucket);
  r.buckets = a.results.size();
  progress_.buckets_listed += r.buckets;
  ++progress_.accounts_opened;
  log::Info("scan.account_listed", {{"account", r.account_id}, {"buckets", r.buckets}});
  queue_->PushMany(index, r.buckets);
}

void Scanner::ReadBucket(Worker& worker, size_t account, size_t index) {
  Account& a = *accounts_[account];
  if (worker.account != account || !worker.reader) {
    worker.reader = std::make_unique<aws::SnapshotReader>(a.context);
    worker.reader->set_read_policy_status(false);  // asked separately, and only for the cross-check
    worker.account = account;
  }
  aws::SnapshotReader& reader = *worker.reader;

  BucketResult r;
  r.account = a.result.account_id;
  r.bucket = std::move(a.results[index].bucket);
  r.region = std::move(a.results[index].region);
  BucketVerdict judged;
  judged.bucket = r.bucket;
  if (!r.region.empty()) a.context->RememberBucketRegion(r.bucket, r.region);
  judged.out_of_time = settings_.deadline.Expired();
  Result<Snapshot> snap = judged.out_of_time
                              ? Result<Snapshot>(Status(StatusCode::kUnavailable, std::string(kOutOfTimeReason)))
                              : reader.Read(r.bucket);
  if (!snap.ok()) {
    judged.error = snap.status();
    r.error = snap.status().code() == StatusCode::kGone
                  ? "the bucket no longer exists (deleted after it was listed): " + snap.status().message()
                  : snap.status().message();
  } else {
    judged.snapshot = std::move(snap).value();
    judged.verdict = exposure::Evaluate(judged.snapshot);
    Compact(judged.snapshot, judged.verdict, r);
    if (settings_.cross_check) {
      r.cross_check = CompareWithS3(reader.s3().GetBucketPolicyStatus(r.bucket), judged.snapshot, judged.verdict);
    }
    if (settings_.keep_verdict_json) {
      r.verdict_json = settings_.keep_verdict_json(judged.snapshot, judged.verdict);
    } else {
      r.captured_at.clear();  // only the JSON outputs show it
    }
  }
  if (r.region.empty()) {
    if (auto region = a.context->BucketRegion(r.bucket)) r.region = *region;
  }
  a.context->ForgetBucketRegion(r.bucket);
  if (settings_.allow != nullptr) r.allowance = settings_.allow->Match(r.account, r.bucket, a.context->hooks().now());
  r.standing = Classify(r);
  if (settings_.on_judged) {
    judged.allowance = r.allowance;
    judged.allowed = r.standing == Standing::kPublicAllowed;
    settings_.on_judged(std::move(judged), r);
  }

  switch (r.standing) {
    case Standing::kPublic: ++progress_.public_buckets; break;
    case Standing::kUnknown: ++progress_.unknown; break;
    case Standing::kError: ++progress_.errors; break;
    default: break;
  }
  a.results[index] = std::move(r);
  ++progress_.buckets_done;
}

void Scanner::WorkLoop() {
  Worker worker;
  Queue::Task task;
  while (queue_->Pop(task)) {
    if (task.open) {
      OpenAccount(task.account);
    } else {
      ReadBucket(worker, task.account, task.index);
    }
    queue_->Done();
  }
}

ScanReport Scanner::Run() {
  auto started = std::chrono::steady_clock::now();
  accounts_.clear();
  for (const AccountTarget& t : targets_) {
    auto a = std::make_unique<Account>();
    a->target = t;
    accounts_.push_back(std::move(a));
  }
  progress_.accounts_total = accounts_.size();
  for (size_t i = 0; i < accounts_.size(); ++i) queue_->Push({true, i, 0});

  std::vector<std::thread> threads;
  threads.reserve(static_cast<size_t>(settings_.concurrency));
  for (int t = 0; t < settings_.concurrency; ++t) threads.emplace_back([this] { WorkLoop(); });
  for (std::thread& t : threads) t.join();

  ScanReport report;
  for (auto& a : accounts_) {
    report.accounts.push_back(std::move(a->result));
    if (report.buckets.empty()) {
      report.buckets.swap(a->results);
      continue;
    }
    // Moved one by one, each freed as it goes: never two copies.
    while (!a->results.empty()) {
      report.buckets.push_back(std::move(a->results.front()));
      a->results.pop_front();
    }
  }
  report.summary = Summarize(report.accounts, report.buckets);
  report.summary.elapsed =
      std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started);
  report.finished_at = aws::FormatIso8601(base_->hooks().now());
  if (traffic_ != nullptr) {
    report.summary.requests = traffic_->requests();
    report.silent_regions = traffic_->OpenBreakers();
  }
  return report;
}

}  // namespace bucketwatch::scan
