// DocumentSplitter: the same documents whatever the block size the input
// arrives in, elements and lines named by index and line, and a document
// over the limit refused without holding it.
#include "base/json_stream.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace bucketwatch::json {
namespace {

bool HasName(Element e) {
  Element name;
  return e.is_object() && !e.at_key("name").get(name);
}

// "kind line index: text or error" per piece.
std::vector<std::string> Split(std::string_view text, size_t block, Limits limits = {}) {
  Parser parser(limits);
  std::vector<std::string> out;
  DocumentSplitter splitter(parser, &HasName, [&out](const Piece& p) {
    const char* kind = p.form == Piece::Form::kWhole     ? "whole"
                       : p.form == Piece::Form::kLine    ? "line"
                       : p.form == Piece::Form::kElement ? "element"
                                                         : "nothing";
    out.push_back(std::string(kind) + " " + std::to_string(p.line) + " " + std::to_string(p.index) + ": " +
                  (p.error.ok() ? std::string(p.text) : "error " + p.error.message()));
  });
  for (size_t at = 0; at < text.size(); at += block) splitter.Feed(text.substr(at, block));
  splitter.Finish();
  return out;
}

// The pieces must not depend on how the input was cut into blocks.
std::vector<std::string> SplitEveryWay(std::string_view text, Limits limits = {}) {
  std::vector<std::string> whole = Split(text, text.size() + 1, limits);
  for (size_t block : {1, 2, 3, 7, 64}) EXPECT_EQ(Split(text, block, limits), whole) << "block " << block;
  return whole;
}

TEST(DocumentSplitter, ArrayElementsWithTheirLines) {
  auto pieces = SplitEveryWay("\xEF\xBB\xBF[\n {\"name\": \"a,]}\\\"\"},\n\n [1, {\"x\": [2]}] ,\"s\"\n]\n");
  std::vector<std::string> want = {"element 2 0: {\"name\": \"a,]}\\\"\"}", "element 4 1: [1, {\"x\": [2]}]",
                                   "element 4 2: \"s\""};
  EXPECT_EQ(pieces, want);
}

TEST(DocumentSplitter, EmptyArrayAndEmptyInput) {
  EXPECT_TRUE(SplitEveryWay(" [ ] ").empty());
  EXPECT_EQ(SplitEveryWay(" \n\xEF\xBB\xBF"), std::vector<std::string>{"whole 2 0: \xEF\xBB\xBF"});
  EXPECT_EQ(SplitEveryWay("\xEF\xBB\xBF \n "), std::vector<std::string>{"nothing 2 0: "});
}

TEST(DocumentSplitter, MissingElementsAndUnclosedArrays) {
  EXPECT_EQ(SplitEveryWay("[1,,2]"),
            (std::vector<std::string>{"element 1 0: 1",
                                      "element 1 1: error not valid JSON: an array element is missing (two commas in a "
                                      "row, or a comma before \"]\")",
                                      "element 1 2: 2"}));
  EXPECT_EQ(SplitEveryWay("[1,\n{\"a\": \"b"),
            (std::vector<std::string>{
                "element 1 0: 1", "element 2 1: error not valid JSON: the input ends inside this element",
                "line 2 2: error not valid JSON: the array is not closed (no \"]\" at the end)"}));
  EXPECT_EQ(SplitEveryWay("[1] x"),
            (std::vector<std::string>{"element 1 0: 1",
                                      "line 1 1: error not valid JSON: more text follows the end "
                                      "of the array"}));
}

TEST(DocumentSplitter, ElementOverTheLimitIsRefusedAndTheNextIsRead) {
  std::string big = "\"" + std::string(200, 'x') + "\"";
  auto pieces = Split("[1, " + big + ", 3]", 16, Limits{100, 64});
  ASSERT_EQ(pieces.size(), 3u);
  EXPECT_EQ(pieces[1], "element 1 1: error larger than 0 MiB; refused");
  EXPECT_EQ(pieces[2], "element 1 2: 3");
}

TEST(DocumentSplitter, ArrayLargerThanTheLimitIsRead) {
  std::string text = "[";
  for (int i = 0; i < 100; ++i) text += std::string(i ? "," : "") + "{\"name\": \"" + std::string(40, 'n') + "\"}";
  text += "]";
  auto pieces = Split(text, 64, Limits{100, 64});
  ASSERT_EQ(pieces.size(), 100u);
  EXPECT_EQ(pieces[99].substr(0, 14), "element 1 99: ");
}

TEST(DocumentSplitter, JsonLinesOnceALineIsARecord) {
  EXPECT_EQ(SplitEveryWay("{\"name\": 1}\n\n{oops\n{\"name\": 2}"),
            (std::vector<std::string>{"line 1 0: {\"name\": 1}", "line 3 0: {oops", "line 4 0: {\"name\": 2}"}));
  // A broken first line does not hide the rest.
  EXPECT_EQ(SplitEveryWay("\n{oops\n{\"name\": 2}\r\n"),
            (std::vector<std::string>{"line 2 0: {oops", "line 3 0: {\"name\": 2}\r"}));
}

TEST(DocumentSplitter, OneDocumentOverSeveralLines) {
  EXPECT_EQ(SplitEveryWay("{\n \"name\": 1,\n \"x\": {\"y\": 2}\n}\n"),
            std::vector<std::string>{"whole 1 0: {\n \"name\": 1,\n \"x\": {\"y\": 2}\n}\n"});
  // One record alone is one document, not JSON Lines.
  EXPECT_EQ(SplitEveryWay("{\"name\": 1}\n"), std::vector<std::string>{"whole 1 0: {\"name\": 1}\n"});
}

TEST(DocumentSplitter, LineOverTheLimitIsRefusedAndTheNextIsRead) {
  std::string text = "{\"name\": 1}\n{\"name\": \"" + std::string(300, 'x') + "\"}\n{\"name\": 3}\n";
  auto pieces = Split(text, 16, Limits{100, 64});
  std::vector<std::string> want = {"line 1 0: {\"name\": 1}", "line 2 0: error larger than 0 MiB; refused",
                                   "line 3 0: {\"name\": 3}"};
  EXPECT_EQ(pieces, want);
}

}  // namespace
}  // namespace bucketwatch::json
