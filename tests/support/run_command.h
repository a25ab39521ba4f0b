// Runs a program as a child process with the given standard input and
// environment additions, and collects its exit status and output. For tests
// of the bucketwatch binary itself.
#ifndef BUCKETWATCH_TESTS_SUPPORT_RUN_COMMAND_H_
#define BUCKETWATCH_TESTS_SUPPORT_RUN_COMMAND_H_

#include <functional>
#include <string>
#include <utility>
#include <vector>

namespace bucketwatch::testing {

struct CommandResult {
  int exit_code = -1;  // 128+signal when killed by a signal
  std::string out;
  std::string err;
};

// argv[0] is the program path. `env` entries ("NAME=value") are added to
// (or replace in) the current environment. `started`, when given, is
// called with the child's process id once it runs (to signal it).
CommandResult RunCommand(const std::vector<std::string>& argv, const std::string& input = "",
                         const std::vector<std::string>& env = {}, const std::function<void(int pid)>& started = {});

// Writes standard input in parts: each after the first only once the child
// has written to standard output since the previous part went in (after
// 30 s without output it goes in regardless). out_before_part[i] is the
// output seen when part i was started: whether output came before later
// input was written.
CommandResult RunCommandInParts(const std::vector<std::string>& argv, const std::vector<std::string>& parts,
                                std::vector<std::string>& out_before_part);

// Path of the built bucketwatch binary.
std::string BucketwatchBinary();

}  // namespace bucketwatch::testing

#endif  // BUCKETWATCH_TESTS_SUPPORT_RUN_COMMAND_H_
