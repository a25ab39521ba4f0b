// Percent-encoding as SigV4 and the AWS query protocol want it
// (docs/sources.md, "Signature Version 4"): every byte but A-Z a-z 0-9 - _ . ~
// becomes %XY in upper-case hex, a space is %20 (never +).
#ifndef BUCKETWATCH_AWS_URI_H_
#define BUCKETWATCH_AWS_URI_H_

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace bucketwatch::aws {

// Encodes every byte outside the unreserved set; '/' is kept when keep_slash.
std::string UriEncode(std::string_view bytes, bool keep_slash = false);
// Decodes %XY escapes; a malformed escape is kept as written. '+' stays '+'.
std::string PercentDecode(std::string_view text);
// RFC 3986 remove_dot_segments plus collapsing of empty segments ("//"),
// keeping a trailing slash: the path rule of every service but S3.
std::string NormalizePath(std::string_view path);

using QueryParams = std::vector<std::pair<std::string, std::string>>;
// Splits "a=1&b&c=%20" into decoded pairs ("b" has an empty value).
QueryParams ParseQuery(std::string_view query);
// Joins pairs as name=value&..., each encoded once, in the given order.
std::string EncodeQuery(const QueryParams& params);
// The canonical query string: pairs encoded, sorted by name then value.
std::string CanonicalQuery(const QueryParams& params);

}  // namespace bucketwatch::aws

#endif  // BUCKETWATCH_AWS_URI_H_
