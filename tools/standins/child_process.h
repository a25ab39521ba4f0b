// Runs a command with extra environment variables, its standard streams
// the caller's, and waits for it: how the stand-in programs run the program
// they stand in for (bucketwatch-slack-standin -- bucketwatch handle ...).
#ifndef BUCKETWATCH_TOOLS_STANDINS_CHILD_PROCESS_H_
#define BUCKETWATCH_TOOLS_STANDINS_CHILD_PROCESS_H_

#include <string>
#include <utility>
#include <vector>

namespace bucketwatch::testing {

// The command's exit status (128 + N when killed by signal N); 127 when it
// could not be started (with a message on standard error).
int RunChild(const std::vector<std::string>& argv, const std::vector<std::pair<std::string, std::string>>& env);

}  // namespace bucketwatch::testing

#endif  // BUCKETWATCH_TOOLS_STANDINS_CHILD_PROCESS_H_
