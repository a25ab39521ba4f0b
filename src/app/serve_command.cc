// `bucketwatch serve --config FILE`: runs the daemon until SIGTERM or SIGINT.
#include <csignal>
#include <fstream>
#include <iostream>

#include "app/commands.h"
#include "base/log.h"
#include "serve/config.h"
#include "serve/daemon.h"

namespace bucketwatch::app {

int RunServe(const ServeOptions& options) {
  // Signals are taken by sigwait() below, never by a handler in another thread.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  std::signal(SIGPIPE, SIG_IGN);

  auto config = serve::LoadServeConfig(options.config_file, handler::ProcessEnvironment(), serve::AwsSecretsFromEnvironment());
  if (!config.ok()) {
    std::cerr << "bucketwatch serve: " << config.status().ToString() << "\n";
    return kExitError;
  }
  for (const std::string& w : config->slack.warnings) log::Warn("config.warning", {{"warning", w}});
  auto daemon = serve::Daemon::Start(*config);
  if (!daemon.ok()) {
    std::cerr << "bucketwatch serve: " << daemon.status().ToString() << "\n";
    return kExitError;
  }
  if (!options.ready_file.empty()) {
    // For scripts and tests: the port, once events are accepted.
    std::string tmp = options.ready_file + ".tmp";
    {
      std::ofstream out(tmp);
      out << (*daemon)->port() << "\n";
    }
    std::rename(tmp.c_str(), options.ready_file.c_str());
  }
  int signal = 0;
  sigwait(&signals, &signal);
  log::Info("serve.signal", {{"signal", signal == SIGTERM ? "SIGTERM" : "SIGINT"}});
  (*daemon)->Stop();
  return kExitOk;
}

}  // namespace bucketwatch::app
