#include "events/envelope.h"

#include "events/fields.h"

namespace bucketwatch::events {

Result<Envelope> ReadEnvelope(json::Object root) {
  json::Path path;
  Envelope e;
  BW_ASSIGN_OR_RETURN(e.detail_type, RequiredString(root, "detail-type", path));
  BW_ASSIGN_OR_RETURN(e.id, OptionalString(root, "id", path));
  BW_ASSIGN_OR_RETURN(e.source, OptionalString(root, "source", path));
  BW_ASSIGN_OR_RETURN(e.account, OptionalString(root, "account", path));
  BW_RETURN_IF_ERROR(CheckIdentifier(e.account, "an account id", path, "account"));
  BW_ASSIGN_OR_RETURN(e.region, OptionalString(root, "region", path));
  BW_ASSIGN_OR_RETURN(e.time, OptionalString(root, "time", path));
  return e;
}

}  // namespace bucketwatch::events
