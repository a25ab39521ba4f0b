#include "notify/blocks.h"

#include <algorithm>
#include <iterator>

#include "base/json_writer.h"
#include "base/log.h"
#include "notify/mrkdwn.h"

namespace bucketwatch::notify {
namespace {

// Cut in place, only when over the limit (a character is at least a byte).
void Fit(std::string& text, size_t max_chars) {
  if (text.size() > max_chars) text = TruncateMrkdwn(text, max_chars);
}
void FitPlain(std::string& text, size_t max_chars) {
  if (text.size() > max_chars) text = TruncatePlain(text, max_chars);
}

}  // namespace

std::string HeaderLine(std::string_view mark, std::string_view title, const MessageOptions& options) {
  std::string text(mark);
  text += ' ';
  bool plain_env = !options.env_label.empty() && options.env_label.find_first_of("&<>") == std::string::npos;
  if (plain_env) text += "[" + options.env_label + "] ";
  text += title;
  return text;
}

void Blocks::Header(std::string plain) {
  FitPlain(plain, SlackLimits::kHeaderChars);
  blocks_.push_back({Block::Type::kHeader, std::move(plain), {}});
}

void Blocks::Section(std::string mrkdwn) {
  if (mrkdwn.empty()) return;
  Fit(mrkdwn, SlackLimits::kSectionChars);
  blocks_.push_back({Block::Type::kSection, std::move(mrkdwn), {}});
}

void Blocks::Fields(std::vector<std::string> fields) {
  Block b{Block::Type::kFields, {}, {}};
  for (std::string& f : fields) {
    if (f.empty()) continue;
    if (b.items.size() == SlackLimits::kFields) break;
    Fit(f, SlackLimits::kFieldChars);
    b.items.push_back(std::move(f));
  }
  if (!b.items.empty()) blocks_.push_back(std::move(b));
}

void Blocks::Context(std::vector<std::string> elements) {
  // More elements than allowed: the rest share the last one.
  while (elements.size() > SlackLimits::kContextElements) {
    std::string last = std::move(elements.back());
    elements.pop_back();
    elements.back() += " · " + last;
  }
  Block b{Block::Type::kContext, {}, {}};
  for (std::string& e : elements) {
    if (e.empty()) continue;
    Fit(e, SlackLimits::kContextChars);
    b.items.push_back(std::move(e));
  }
  if (!b.items.empty()) blocks_.push_back(std::move(b));
}

void Blocks::Limit(std::string_view more_template, size_t keep_last) {
  // One block stays free for the mark of a possible repeat (repeat_body).
  constexpr size_t kMost = SlackLimits::kBlocks - 1;
  if (blocks_.size() <= kMost) return;
  size_t tail = std::min(keep_last, blocks_.size());
  size_t room = kMost - tail - 1;
  size_t dropped = blocks_.size() - tail - room;
  std::vector<Block> kept(std::make_move_iterator(blocks_.begin()),
                          std::make_move_iterator(blocks_.begin() + static_cast<std::ptrdiff_t>(room)));
  std::string n = std::to_string(dropped);
  kept.push_back({Block::Type::kSection, Fill(more_template, {{"n", n}}), {}});
  for (size_t i = blocks_.size() - tail; i < blocks_.size(); ++i) kept.push_back(std::move(blocks_[i]));
  blocks_ = std::move(kept);
}

std::string Blocks::Body(std::string_view text, const MessageOptions& options, std::string_view mark) const {
  json::JsonWriter w(options.indent);
  w.Reserve(4096);
  w.BeginObject();
  if (mark.empty()) {
    w.Key("text").String(text);
  } else {
    w.Key("text").String(std::string(mark) + "\n" + std::string(text));
  }
  w.Key("blocks").BeginArray();
  if (!mark.empty()) {
    w.BeginObject().Key("type").String("context").Key("elements").BeginArray();
    w.BeginObject().Key("type").String("mrkdwn").Key("text").String(mark).EndObject();
    w.EndArray().EndObject();
  }
  for (const Block& b : blocks_) {
    w.BeginObject();
    switch (b.type) {
      case Block::Type::kHeader:
        w.Key("type").String("header").Key("text").BeginObject();
        w.Key("type").String("plain_text").Key("text").String(b.text).Key("emoji").Bool(true);
        w.EndObject();
        break;
      case Block::Type::kSection:
        w.Key("type").String("section").Key("text").BeginObject();
        w.Key("type").String("mrkdwn").Key("text").String(b.text);
        w.EndObject();
        break;
      case Block::Type::kFields:
      case Block::Type::kContext:
        w.Key("type").String(b.type == Block::Type::kFields ? "section" : "context");
        w.Key(b.type == Block::Type::kFields ? json::Plain("fields") : json::Plain("elements")).BeginArray();
        for (const std::string& item : b.items) {
          w.BeginObject().Key("type").String("mrkdwn").Key("text").String(item).EndObject();
        }
        w.EndArray();
        break;
    }
    w.EndObject();
  }
  w.EndArray();
  w.Key("unfurl_links").Bool(false);
  w.Key("unfurl_media").Bool(false);
  if (!options.channel.empty()) w.Key("channel").String(options.channel);
  if (!options.username.empty()) w.Key("username").String(options.username);
  if (!options.icon_emoji.empty()) w.Key("icon_emoji").String(options.icon_emoji);
  if (!options.icon_url.empty()) w.Key("icon_url").String(options.icon_url);
  w.EndObject();
  return w.Take();
}

std::string_view PayloadToRepeat(std::string_view key, std::string_view payload, std::string_view repeat_payload) {
  if (!repeat_payload.empty()) return repeat_payload;
  log::Warn("alert.repeat_unmarked", {{"key", key}, {"reason", "kept without a marked copy"}});
  return payload;
}

SlackMessage Blocks::Message(std::string text, const MessageOptions& options) const {
  SlackMessage message;
  message.body = Body(text, options, {});
  message.repeat_body = Body(text, options, CatalogFor(options.lang).possible_repeat);
  message.text = std::move(text);
  message.blocks = blocks_.size();
  return message;
}

}  // namespace bucketwatch::notify
