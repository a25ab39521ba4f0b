// Digest: the part of a Verdict that decides whether there is news. Two
// verdicts with equal digests say the same thing to the people watching the
// bucket, whatever else (notes, wording) differs. A digest is small,
// stored per bucket (store::BucketState), and read back to say what the
// bucket was like before.
#ifndef BUCKETWATCH_CHANGE_DIGEST_H_
#define BUCKETWATCH_CHANGE_DIGEST_H_

#include <array>
#include <string>
#include <vector>

#include "base/status.h"
#include "exposure/access.h"
#include "exposure/verdict.h"

namespace bucketwatch::change {

struct Digest {
  bool exposed = false;  // something reaches the public or any AWS user, or cannot be judged
  bool unknown = false;  // some access could not be judged
  std::array<exposure::Scope, exposure::kAccessKindCount> access{};
  exposure::AccessMask unknown_access = 0;
  exposure::WhoMask who = 0;
  // Grants in force that reach the public or any AWS user, one line each:
  // "policy Statement[0] * read,list" / "acl Grant[2] AllUsers list".
  std::vector<std::string> grants;

  // A stable text that changes exactly when the digest does.
  std::string Fingerprint() const;
  // JSON form for the store; FromJson reads it back.
  std::string ToJson() const;
  static Result<Digest> FromJson(std::string_view text);
};

Digest DigestOf(const exposure::Verdict& verdict);

}  // namespace bucketwatch::change

#endif  // BUCKETWATCH_CHANGE_DIGEST_H_
