// Child processes of the benchmarks: the loopback stand-ins and the
// bucketwatch binary under measurement, started with posix_spawn and their
// standard output on a pipe.
#ifndef BUCKETWATCH_BENCH_CHILD_PROCESS_H_
#define BUCKETWATCH_BENCH_CHILD_PROCESS_H_

#include <sys/types.h>

#include <filesystem>
#include <string>
#include <vector>

namespace bucketwatch::bench {

struct Child {
  pid_t pid = -1;
  int out = -1;  // read end of its standard output
};

// Starts argv[0] with the environment plus `env_extra`; exits the benchmark
// (status 2) when it cannot.
Child Spawn(const std::vector<std::string>& argv, const std::vector<std::string>& env_extra, bool quiet_stderr);

// One line of `fd` without its newline.
std::string ReadLine(int fd);

// bench/s3_standin serving `buckets` generated buckets, each answer
// `latency_ms` after its request; `port` is where it listens.
struct Standin {
  Child child;
  int port = 0;
};
Standin StartStandin(const std::filesystem::path& bench_dir, long buckets, int latency_ms);
// The stand-in's count of requests answered (GET /__stats), then SIGTERM.
long StopStandin(Standin& standin);

}  // namespace bucketwatch::bench

#endif  // BUCKETWATCH_BENCH_CHILD_PROCESS_H_
