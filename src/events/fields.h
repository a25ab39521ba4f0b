// Reading the fields of AWS event JSON with errors that say where: every
// error carries the JSON pointer of the field (e.g.
// "/detail/newEvaluationResult/complianceType") and what was expected.
//
// A json::Path refers to its parent: build paths one named variable at a
// time (Path a = p.Key("x"); Path b = a.Key("y");), never as a chain of
// temporaries kept past the statement.
#ifndef BUCKETWATCH_EVENTS_FIELDS_H_
#define BUCKETWATCH_EVENTS_FIELDS_H_

#include <optional>
#include <string>
#include <string_view>

#include "base/json.h"
#include "base/status.h"

namespace bucketwatch::events {

// The value of `key`, or nullopt when the key is absent or its value is null.
std::optional<json::Element> Field(json::Object object, std::string_view key);

// A missing required field: "missing required field \"key\"" at path/key.
Status Missing(const json::Path& path, std::string_view key);
// A required field with no usable value: "required field \"key\" is empty"
// when `object` has it as "" (or [""]), else Missing(path, key).
Status MissingOrEmpty(json::Object object, std::string_view key, const json::Path& path);

// Bucket names and account ids are plain ASCII. One holding U+FFFD, which
// is what a lone surrogate escape ("\ud800") in the event is read as
// (json::Parser::ParseReplacingLoneSurrogates), names no bucket or account
// and is refused: "\"bucketName\" holds U+FFFD ..." at path/key. Free text
// (annotations, descriptions, user agents) keeps its U+FFFD.
Status CheckIdentifier(std::string_view value, std::string_view what, const json::Path& path, std::string_view key);

// Strings: Required fails when absent, null or empty (saying which);
// Optional returns "" for absent or null. Both fail when the value is not a
// string.
Result<std::string> RequiredString(json::Object object, std::string_view key, const json::Path& path);
Result<std::string> OptionalString(json::Object object, std::string_view key, const json::Path& path);

// Objects: Required fails when absent or null; Optional returns nullopt.
Result<json::Object> RequiredObject(json::Object object, std::string_view key, const json::Path& path);
Result<std::optional<json::Object>> OptionalObject(json::Object object, std::string_view key, const json::Path& path);

// A number or a numeric string, as AWS writes some counts and severities.
Result<std::optional<double>> OptionalNumber(json::Object object, std::string_view key, const json::Path& path);

// The string at the end of `keys` through nested objects, "" when any step
// is missing or not of the expected type: NestedString(detail, {"a", "b"})
// reads detail.a.b. For optional, descriptive fields only.
std::string NestedString(json::Object object, std::initializer_list<std::string_view> keys);

}  // namespace bucketwatch::events

#endif  // BUCKETWATCH_EVENTS_FIELDS_H_
