// The Slack payload writer produces what nlohmann's dump() would, byte for
// byte, compact and pretty; and valid JSON (U+FFFD) from invalid UTF-8, as
// nlohmann's error_handler_t::replace does.
#include "base/json_writer.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace bucketwatch::json {
namespace {

using Json = nlohmann::ordered_json;

std::string Write(int indent, const std::string& tricky) {
  JsonWriter w(indent);
  w.BeginObject();
  w.Key("text").String(tricky);
  w.Key("empty_object").BeginObject().EndObject();
  w.Key("empty_array").BeginArray().EndArray();
  w.Key("blocks").BeginArray();
  w.BeginObject().Key("type").String("header").Key("n").Int(-42).Key("ok").Bool(true).EndObject();
  w.BeginArray().String("a").Bool(false).EndArray();
  w.EndArray();
  w.Key(tricky).String("");
  w.EndObject();
  return w.Take();
}

Json Same(const std::string& tricky) {
  Json j = Json::object();
  j["text"] = tricky;
  j["empty_object"] = Json::object();
  j["empty_array"] = Json::array();
  j["blocks"] = Json::array({Json{{"type", "header"}, {"n", -42}, {"ok", true}}, Json::array({"a", false})});
  j[tricky] = "";
  return j;
}

TEST(JsonWriter, MatchesNlohmannDump) {
  std::string tricky =
      "quote \" backslash \\ slash / tab \t nl \n cr \r bs \b ff \f ctl \x01\x1f del \x7f "
      "公開 ü 😀 &lt; <>";
  for (int indent : {-1, 2, 4}) {
    EXPECT_EQ(Write(indent, tricky), Same(tricky).dump(indent)) << indent;
  }
}

// Every position of every character that needs escaping, inside ASCII and
// inside Japanese text (the two fast paths), against nlohmann.
TEST(JsonWriter, EscapesAtEveryOffset) {
  for (std::string filler :
       {std::string("abcdefghijklmnopqrstuvwxyz"), std::string("公開設定が適切か確認してください")}) {
    for (char special : {'"', '\\', '\n', '\x01', '\x1f', ' ', '\x7f'}) {
      for (size_t at = 0; at <= filler.size(); ++at) {
        if (at < filler.size() && (static_cast<unsigned char>(filler[at]) & 0xC0) == 0x80) continue;  // mid-character
        std::string text = filler;
        text.insert(at, 1, special);
        std::string out;
        AppendJsonString(out, text);
        EXPECT_EQ(out, nlohmann::json(text).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace))
            << static_cast<int>(special) << " at " << at;
      }
    }
  }
}

TEST(JsonWriter, InvalidUtf8BecomesReplacementCharacters) {
  for (std::string bad : {std::string("a\xff"
                                      "b"),
                          std::string("\xc3"), std::string("\xe3\x81"), std::string("\xed\xa0\x80"),
                          std::string("\xc0\xaf"), std::string("\xf4\x90\x80\x80")}) {
    std::string out;
    AppendJsonString(out, bad);
    Json parsed;
    ASSERT_NO_THROW(parsed = Json::parse(out)) << out;
    EXPECT_NE(parsed.get<std::string>().find("\xEF\xBF\xBD"), std::string::npos);
  }
}

}  // namespace
}  // namespace bucketwatch::json
