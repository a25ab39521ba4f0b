#include "notify/repeat_mark.h"

namespace bucketwatch::notify {

std::string MarkPossibleRepeat(std::string_view payload, Lang lang) {
  // notify::RenderSlackMessage writes {"text":"...","blocks":[...]...}; a
  // '"' inside a JSON string is always escaped, so the first "blocks":[ is
  // the key.
  constexpr std::string_view kText = R"({"text":")";
  constexpr std::string_view kBlocks = R"("blocks":[)";
  std::string line(CatalogFor(lang).possible_repeat);
  std::string out;
  out.reserve(payload.size() + 2 * line.size() + 96);
  if (!payload.starts_with(kText)) return std::string(payload);
  out += kText;
  out += line;
  out += R"(\n)";
  std::string_view rest = payload.substr(kText.size());
  size_t blocks = rest.find(kBlocks);
  if (blocks == std::string_view::npos) {
    out += rest;
    return out;
  }
  out += rest.substr(0, blocks + kBlocks.size());
  out += R"({"type":"context","elements":[{"type":"mrkdwn","text":")";
  out += line;
  out += R"("}]})";
  std::string_view after = rest.substr(blocks + kBlocks.size());
  if (!after.starts_with("]")) out += ',';
  out += after;
  return out;
}

}  // namespace bucketwatch::notify
