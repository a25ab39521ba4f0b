// Deterministic, realistic bucket snapshots for benchmarks: the mix a real
// account has (private buckets with BPA on, log buckets with service
// grants, static websites, cross-account shares, org-restricted data, the
// odd ACL grant), as JSON text in the Snapshot format.
#ifndef BUCKETWATCH_BENCH_SNAPSHOT_GENERATOR_H_
#define BUCKETWATCH_BENCH_SNAPSHOT_GENERATOR_H_

#include <cstdint>
#include <string>
#include <vector>

namespace bucketwatch::bench {

std::vector<std::string> GenerateSnapshots(size_t count, uint32_t seed = 42);

}  // namespace bucketwatch::bench

#endif  // BUCKETWATCH_BENCH_SNAPSHOT_GENERATOR_H_
