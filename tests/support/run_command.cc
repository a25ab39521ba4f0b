#include "support/run_command.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstring>
#include <stdexcept>

extern char** environ;

namespace bucketwatch::testing {

std::string BucketwatchBinary() { return std::string(BW_BINARY_DIR) + "/bucketwatch"; }

namespace {

// Starts argv with the given pipes as its standard input, output and error.
pid_t Start(const std::vector<std::string>& argv, const std::vector<std::string>& env, int in[2], int out[2],
            int err[2]) {
  // Build the environment before fork: only async-signal-safe calls after it.
  std::vector<std::string> env_strings;
  for (char** e = environ; *e != nullptr; ++e) {
    std::string entry(*e);
    std::string name = entry.substr(0, entry.find('='));
    bool replaced = false;
    for (const std::string& add : env) replaced = replaced || add.substr(0, add.find('=')) == name;
    if (!replaced) env_strings.push_back(entry);
  }
  for (const std::string& add : env) env_strings.push_back(add);
  std::vector<char*> envp, args;
  for (std::string& s : env_strings) envp.push_back(s.data());
  envp.push_back(nullptr);
  std::vector<std::string> argv_copy = argv;
  for (std::string& s : argv_copy) args.push_back(s.data());
  args.push_back(nullptr);

  pid_t pid = fork();
  if (pid < 0) throw std::runtime_error("fork failed");
  if (pid == 0) {
    dup2(in[0], 0);
    dup2(out[1], 1);
    dup2(err[1], 2);
    for (int fd : {in[0], in[1], out[0], out[1], err[0], err[1]}) close(fd);
    execve(args[0], args.data(), envp.data());
    _exit(127);
  }
  return pid;
}

// Runs argv with standard input written from `parts`: the first at once,
// each later one only once the child has written to standard output since
// the previous one went in (or after 30 s without output, so that a child
// that waits for all its input cannot hang the test). out_before_part, when
// given, receives the output seen when each part was started.
CommandResult Run(const std::vector<std::string>& argv, const std::vector<std::string>& parts,
                  const std::vector<std::string>& env, std::vector<std::string>* out_before_part,
                  const std::function<void(int pid)>& started) {
  int in[2], out[2], err[2];
  // Close-on-exec, so that a child started by another thread at the same
  // time does not inherit these ends: it would keep this child's standard
  // input open (no end of file) and its output pipes (no end of output).
  // dup2 onto 0, 1, 2 clears the flag for the child's own.
  if (pipe2(in, O_CLOEXEC) != 0 || pipe2(out, O_CLOEXEC) != 0 || pipe2(err, O_CLOEXEC) != 0) {
    throw std::runtime_error("pipe failed");
  }
  pid_t pid = Start(argv, env, in, out, err);
  if (started) started(pid);
  close(in[0]);
  close(out[1]);
  close(err[1]);
  signal(SIGPIPE, SIG_IGN);
  CommandResult result;
  size_t part = 0, written = 0;
  size_t out_at_part = 0;  // output size when the current part was started
  int in_fd = in[1];
  fcntl(in_fd, F_SETFL, O_NONBLOCK);
  bool out_open = true, err_open = true;
  char buf[65536];
  bool timed_out = false;
  while (out_open || err_open || in_fd >= 0) {
    bool answered = result.out.size() > out_at_part || timed_out || !out_open;
    if (in_fd >= 0 && written == parts[part].size() && part + 1 < parts.size() && answered) {
      ++part;  // the child answered the previous part (or never will): the next one goes in
      written = 0;
      timed_out = false;
    }
    if (in_fd >= 0 && written == 0 && out_before_part != nullptr && out_before_part->size() == part) {
      out_before_part->push_back(result.out);
      out_at_part = result.out.size();
    }
    bool part_done = written == parts[part].size();
    if (in_fd >= 0 && part_done && part + 1 >= parts.size()) {
      close(in_fd);
      in_fd = -1;
    }
    pollfd fds[3];
    int n = 0;
    if (out_open) fds[n++] = {out[0], POLLIN, 0};
    if (err_open) fds[n++] = {err[0], POLLIN, 0};
    if (in_fd >= 0 && !part_done) fds[n++] = {in_fd, POLLOUT, 0};
    int ready = poll(fds, static_cast<nfds_t>(n), in_fd >= 0 && part_done ? 30000 : -1);
    if (ready < 0) break;
    timed_out = ready == 0;
    for (int i = 0; i < n; ++i) {
      if (fds[i].revents == 0) continue;
      if (fds[i].fd == in_fd) {
        const std::string& input = parts[part];
        ssize_t w = write(in_fd, input.data() + written, input.size() - written);
        if (w > 0) written += static_cast<size_t>(w);
        if (w < 0) {
          close(in_fd);
          in_fd = -1;
        }
        continue;
      }
      ssize_t r = read(fds[i].fd, buf, sizeof buf);
      if (r <= 0) {
        close(fds[i].fd);
        (fds[i].fd == out[0] ? out_open : err_open) = false;
      } else {
        (fds[i].fd == out[0] ? result.out : result.err).append(buf, static_cast<size_t>(r));
      }
    }
  }
  int status = 0;
  waitpid(pid, &status, 0);
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  return result;
}

}  // namespace

CommandResult RunCommand(const std::vector<std::string>& argv, const std::string& input,
                         const std::vector<std::string>& env, const std::function<void(int pid)>& started) {
  return Run(argv, {input}, env, nullptr, started);
}

CommandResult RunCommandInParts(const std::vector<std::string>& argv, const std::vector<std::string>& parts,
                                std::vector<std::string>& out_before_part) {
  return Run(argv, parts, {}, &out_before_part, {});
}

}  // namespace bucketwatch::testing
