#include "child_process.h"

#include <fcntl.h>
#include <httplib.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>

extern char** environ;

namespace bucketwatch::bench {

Child Spawn(const std::vector<std::string>& argv, const std::vector<std::string>& env_extra, bool quiet_stderr) {
  int pipe_fds[2];
  if (pipe(pipe_fds) != 0) {
    std::perror("pipe");
    std::exit(2);
  }
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, pipe_fds[1], STDOUT_FILENO);
  posix_spawn_file_actions_addclose(&actions, pipe_fds[0]);
  if (quiet_stderr) posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, "/dev/null", O_WRONLY, 0);
  std::vector<std::string> env;
  for (char** e = environ; *e != nullptr; ++e) env.emplace_back(*e);
  for (const std::string& e : env_extra) env.push_back(e);
  std::vector<char*> args, envp;
  for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  for (std::string& e : env) envp.push_back(e.data());
  envp.push_back(nullptr);
  Child c;
  if (posix_spawn(&c.pid, args[0], &actions, nullptr, args.data(), envp.data()) != 0) {
    std::perror(("posix_spawn " + argv[0]).c_str());
    std::exit(2);
  }
  posix_spawn_file_actions_destroy(&actions);
  close(pipe_fds[1]);
  c.out = pipe_fds[0];
  return c;
}

std::string ReadLine(int fd) {
  std::string line;
  char ch;
  while (read(fd, &ch, 1) == 1 && ch != '\n') line += ch;
  return line;
}

Standin StartStandin(const std::filesystem::path& bench_dir, long buckets, int latency_ms) {
  Standin s;
  s.child = Spawn({(bench_dir / "s3_standin").string(), "--buckets", std::to_string(buckets), "--latency-ms",
                   std::to_string(latency_ms)},
                  {}, false);
  std::string ready = ReadLine(s.child.out);
  if (ready.rfind("port ", 0) != 0) {
    std::fprintf(stderr, "the stand-in did not start (%s)\n", ready.c_str());
    std::exit(2);
  }
  s.port = std::atoi(ready.c_str() + 5);
  return s;
}

long StopStandin(Standin& standin) {
  httplib::Client client("127.0.0.1", standin.port);
  auto stats = client.Get("/__stats");
  long requests = stats ? std::atol(stats->body.c_str()) : -1;
  kill(standin.child.pid, SIGTERM);
  waitpid(standin.child.pid, nullptr, 0);
  close(standin.child.out);
  return requests;
}

}  // namespace bucketwatch::bench
