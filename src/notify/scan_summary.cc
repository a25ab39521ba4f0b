#include "notify/scan_summary.h"

#include <array>
#include <cstdio>
#include <utility>

#include "notify/mrkdwn.h"
#include "notify/reasons.h"

namespace bucketwatch::notify {
namespace {

constexpr size_t kListed = 10;  // buckets or accounts listed by name per section

std::string NameOf(const ScanSummary::Listed& l) {
  std::string name = Code(l.name);
  if (!l.account.empty()) name += " (" + Escape(l.account) + ")";
  return name;
}

// "• name: reason" lines, at most kListed of them, then "…and N more".
std::string BulletList(const std::vector<ScanSummary::Listed>& listed, const Catalog& cat, bool expired) {
  std::string text;
  for (size_t i = 0; i < listed.size() && i < kListed; ++i) {
    const ScanSummary::Listed& l = listed[i];
    if (!text.empty()) text += '\n';
    text += "• " + NameOf(l);
    if (expired) {
      text += ": " + Escape(l.reason) + " (" + Escape(l.expires) + ")";
    } else if (!l.reason.empty()) {
      text += ": " + SayReason(l.reason, cat.lang);
    }
  }
  if (listed.size() > kListed) text += "\n" + Fill(cat.and_more, {{"n", std::to_string(listed.size() - kListed)}});
  return text;
}

void CountFields(Blocks& blocks, const ScanSummary& s, const ScanWords& words) {
  std::array<std::pair<std::string_view, size_t>, 7> counts = {{{words.scanned, s.scanned},
                                                                {words.is_public, s.public_buckets},
                                                                {words.allowed, s.allowed},
                                                                {words.cross_account, s.cross_account},
                                                                {words.unknown, s.unknown},
                                                                {words.errors, s.errors},
                                                                {words.accounts, s.accounts}}};
  std::vector<std::string> fields;
  for (const auto& [label, n] : counts) {
    std::string value = std::to_string(n);
    if (label == words.accounts && s.account_errors > 0) value += " (" + std::to_string(s.account_errors) + " ✗)";
    fields.push_back("*" + std::string(label) + "*\n" + value);
  }
  blocks.Fields(std::move(fields));
}

}  // namespace

SlackMessage RenderScanSummary(const ScanSummary& s, const MessageOptions& options) {
  const Catalog& cat = CatalogFor(options.lang);
  const ScanWords& words = cat.scan;
  const bool any_public = s.public_buckets > 0;
  const bool first = !s.first_of_account.empty();
  const bool clear =
      !any_public && s.unknown == 0 && s.errors == 0 && s.account_errors == 0 && s.expired.empty() && s.continued == 0;
  const std::string n = std::to_string(s.public_buckets);
  const std::string account = Escape(s.first_of_account);
  std::string title;
  if (first) {
    title = any_public ? Fill(words.first_title_public, {{"account", account}, {"n", n}})
            : clear    ? Fill(words.first_title_clear, {{"account", account}})
                       : Fill(words.first_title_check, {{"account", account}});
  } else {
    title = any_public ? Fill(words.title_public, {{"n", n}}) : std::string(words.title_check);
  }
  title = HeaderLine(any_public ? "🚨" : clear && first ? "✅" : "⚠️", title, options);

  Blocks blocks;
  blocks.Header(title);
  CountFields(blocks, s, words);
  std::array<std::pair<std::string_view, const std::vector<ScanSummary::Listed>*>, 4> lists = {
      {{words.accounts_failed, &s.accounts_failed},
       {words.cannot_judge, &s.cannot_judge},
       {words.cannot_read, &s.cannot_read},
       {words.expired, &s.expired}}};
  for (const auto& [heading, listed] : lists) {
    if (listed->empty()) continue;
    blocks.Section("*" + std::string(heading) + "*\n" + BulletList(*listed, cat, listed == &s.expired));
  }

  std::vector<std::string> context;
  if (s.not_sent > 0) context.push_back(Fill(words.not_sent, {{"n", std::to_string(s.not_sent)}}));
  if (s.continued > 0) context.push_back(Fill(words.continued, {{"n", std::to_string(s.continued)}}));
  char seconds[32];
  std::snprintf(seconds, sizeof seconds, "%.1f", static_cast<double>(s.elapsed.count()) / 1000.0);
  context.push_back(
      Fill(first ? words.first_footer : words.footer, {{"time", Escape(s.finished_at)}, {"seconds", seconds}}));
  blocks.Context(std::move(context));

  std::string text = title + ": " + std::string(words.scanned) + " " + std::to_string(s.scanned) + ", " +
                     std::string(words.unknown) + " " + std::to_string(s.unknown) + ", " + std::string(words.errors) +
                     " " + std::to_string(s.errors);
  return blocks.Message(TruncatePlain(text, SlackLimits::kFallbackChars), options);
}

}  // namespace bucketwatch::notify
