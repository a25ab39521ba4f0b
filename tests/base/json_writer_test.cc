// The Slack payload writer produces what nlohmann's dump() would, byte for
// byte, compact and pretty; and valid JSON (U+FFFD) from invalid UTF-8, as
// nlohmann's error_handler_t::replace does.
#include "base/json_writer.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cstdint>
#include <random>
#include <string>
#include <vector>

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
  w.EscapedKey(tricky).String("");
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

// Keys and values of every length around the short, unescaped path (one
// append, the comma included) and past it, plain and with a character to
// escape at every offset, compact and pretty, against nlohmann.
TEST(JsonWriter, KeysAndValuesOfEveryLength) {
  for (int indent : {-1, 2}) {
    for (size_t length = 0; length <= 80; ++length) {
      std::string plain(length, 'k');
      std::vector<std::string> texts = {plain};
      for (size_t at = 0; at < length; ++at) {
        for (const char* special : {"\"", "\n", "\xc3\xbc"}) {
          std::string text = plain;
          text.replace(at, 1, special);
          texts.push_back(text);
        }
      }
      for (const std::string& text : texts) {
        JsonWriter w(indent);
        w.BeginObject().Key("first").String(text).EscapedKey(text).String(text).Key("nested").BeginObject();
        w.EscapedKey(text).BeginArray().String(text).String(text).EndArray().EndObject().EndObject();
        Json j = Json::object();
        j["first"] = text;
        j[text] = text;
        j["nested"] = Json{{text, Json::array({text, text})}};
        if (text == "first" || text == "nested") continue;
        EXPECT_EQ(w.Take(), j.dump(indent)) << indent << " " << text;
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

// Raw text goes between values as it is (JSON Lines), and ClearText keeps
// what is open.
TEST(JsonWriter, RawAndClearTextStreamLines) {
  JsonWriter w;
  w.BeginObject().Key("a").Int(1).EndObject().Raw("\n");
  EXPECT_EQ(w.text(), "{\"a\":1}\n");
  w.ClearText();
  w.BeginArray().String("x");
  w.ClearText();
  w.String("y").EndArray();
  EXPECT_EQ(w.text(), ",\"y\"]");
}

// Names the program spells out (Key, Word), the extreme integers and an
// output that outgrows the writer's buffer many times, against nlohmann.
TEST(JsonWriter, NamesIntegersAndLongOutputMatchNlohmann) {
  for (int indent : {-1, 2}) {
    JsonWriter w(indent);
    Json j = Json::array();
    w.BeginArray();
    for (int i = 0; i < 5000; ++i) {
      w.BeginObject().Key("n").Int(i % 2 == 0 ? INT64_MIN : INT64_MAX).Key("kind").Word("public");
      w.Key("name").String(std::string(static_cast<size_t>(i % 97), 'x')).EndObject();
      j.push_back(Json{{"n", i % 2 == 0 ? INT64_MIN : INT64_MAX},
                       {"kind", "public"},
                       {"name", std::string(static_cast<size_t>(i % 97), 'x')}});
    }
    w.EndArray();
    EXPECT_EQ(w.Take(), j.dump(indent)) << indent;
  }
}

// Random text of every length around the 16-byte blocks the escaping scans
// (ASCII, characters JSON reserves, 2-, 3- and 4-byte characters), against
// nlohmann; seeded, so a failure repeats.
TEST(JsonWriter, RandomValidTextMatchesNlohmann) {
  const std::vector<std::string> pieces = {"a",
                                           "Z",
                                           "0",
                                           " ",
                                           "/",
                                           "\x7f",
                                           "\"",
                                           "\\",
                                           "\n",
                                           "\t",
                                           "\x01",
                                           "\x1f",
                                           "\xc3\xbc",
                                           "\xe5\x85\xac",
                                           "\xf0\x9f\x98\x80"};
  std::mt19937 rng(1234);
  for (int round = 0; round < 4000; ++round) {
    std::string text;
    size_t length = rng() % 70;
    bool ascii = round % 2 == 0;  // half the strings take the ASCII-only path throughout
    while (text.size() < length) text += pieces[rng() % (ascii ? 12 : pieces.size())];
    std::string out = "prefix";
    AppendJsonString(out, text);
    EXPECT_EQ(out, "prefix" + nlohmann::json(text).dump()) << round;
  }
}

// One invalid byte at every offset of ASCII text, and in valid non-ASCII
// text before and after it: that byte alone becomes U+FFFD.
TEST(JsonWriter, InvalidByteAtEveryOffset) {
  for (std::string filler :
       {std::string(40, 'x'), std::string("ab\"cd\xc3\xbc") + std::string(30, 'y') + "\xe5\x85\xac"}) {
    for (size_t at = 0; at <= filler.size(); ++at) {
      if (at < filler.size() && (static_cast<unsigned char>(filler[at]) & 0xC0) == 0x80) continue;  // mid-character
      std::string text = filler;
      text.insert(at, 1, '\xff');
      std::string replaced = filler;
      replaced.insert(at, "\xEF\xBF\xBD");
      std::string out;
      AppendJsonString(out, text);
      EXPECT_EQ(out, nlohmann::json(replaced).dump()) << at;
    }
  }
}

}  // namespace
}  // namespace bucketwatch::json
