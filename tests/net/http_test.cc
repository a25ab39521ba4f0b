// The libcurl client against a real loopback server.
#include "net/http.h"

#include <gtest/gtest.h>

#include <mutex>
#include <set>
#include <thread>

#include "standins/loopback_server.h"

namespace bucketwatch::net {
namespace {

using bucketwatch::testing::LoopbackServer;

TEST(HttpClient, PostsBodyAndHeadersAndReadsResponse) {
  LoopbackServer stub;
  std::string got_body, got_type, got_expect;
  stub.server().Post("/hook", [&](const httplib::Request& req, httplib::Response& res) {
    got_body = req.body;
    got_type = req.get_header_value("Content-Type");
    got_expect = req.get_header_value("Expect");
    res.set_header("Retry-After", "3");
    res.set_content("ok", "text/plain");
  });
  stub.Start();
  HttpClient client;
  HttpRequest req;
  req.method = "POST";
  req.url = stub.url() + "/hook";
  req.headers = {{"Content-Type", "application/json"}};
  req.body = std::string(5000, 'x');  // large enough that curl would add Expect
  auto res = client.Send(req);
  ASSERT_TRUE(res.ok()) << res.status().ToString();
  EXPECT_EQ(res->status, 200);
  EXPECT_EQ(res->body, "ok");
  EXPECT_EQ(res->HeaderValue("retry-after"), "3");
  EXPECT_EQ(got_body.size(), 5000u);
  EXPECT_EQ(got_type, "application/json");
  EXPECT_EQ(got_expect, "");
}

TEST(HttpClient, HttpErrorStatusIsAResponse) {
  LoopbackServer stub;
  stub.server().Get("/missing", [](const httplib::Request&, httplib::Response& res) {
    res.status = 404;
    res.set_content("no", "text/plain");
  });
  stub.Start();
  HttpClient client;
  auto res = client.Send({.method = "GET", .url = stub.url() + "/missing"});
  ASSERT_TRUE(res.ok());
  EXPECT_EQ(res->status, 404);
}

TEST(HttpClient, RefusedConnectionIsRetryableAndRedacted) {
  int port;
  {
    LoopbackServer stub;  // take a free port, then release it
    stub.Start();
    port = stub.port();
  }
  HttpClient client;
  std::string url = "http://127.0.0.1:" + std::to_string(port) + "/services/T000/B000/SECRETSECRET";
  auto res = client.Send({.method = "POST", .url = url, .body = "{}"});
  ASSERT_FALSE(res.ok());
  EXPECT_EQ(res.status().code(), StatusCode::kUnavailable);
  EXPECT_EQ(res.status().message().find("SECRETSECRET"), std::string::npos) << res.status().message();
  EXPECT_NE(res.status().message().find("POST http://127.0.0.1"), std::string::npos);
}

TEST(HttpClient, TimeoutIsRetryable) {
  LoopbackServer stub;
  stub.server().Get("/slow", [](const httplib::Request&, httplib::Response& res) {
    std::this_thread::sleep_for(std::chrono::milliseconds(800));
    res.set_content("late", "text/plain");
  });
  stub.Start();
  HttpClient client;
  auto res = client.Send({.method = "GET", .url = stub.url() + "/slow", .timeout = std::chrono::milliseconds(100)});
  ASSERT_FALSE(res.ok());
  EXPECT_EQ(res.status().code(), StatusCode::kUnavailable);
}

TEST(HttpClient, RefusesOversizedResponse) {
  LoopbackServer stub;
  stub.server().Get("/big", [](const httplib::Request&, httplib::Response& res) {
    res.set_content(std::string(100000, 'y'), "text/plain");
  });
  stub.Start();
  HttpClient client;
  auto res = client.Send({.method = "GET", .url = stub.url() + "/big", .max_response_bytes = 1000});
  ASSERT_FALSE(res.ok());
  EXPECT_EQ(res.status().code(), StatusCode::kTooLarge);
}

TEST(HttpClient, ReusesTheConnection) {
  LoopbackServer stub;
  std::set<std::string> peers;
  std::mutex mu;
  stub.server().Get("/x", [&](const httplib::Request& req, httplib::Response& res) {
    std::lock_guard<std::mutex> lock(mu);
    peers.insert(req.remote_addr + ":" + std::to_string(req.remote_port));
    res.set_content("x", "text/plain");
  });
  stub.Start();
  HttpClient client;
  for (int i = 0; i < 5; ++i) ASSERT_TRUE(client.Send({.method = "GET", .url = stub.url() + "/x"}).ok());
  EXPECT_EQ(peers.size(), 1u);
}

}  // namespace
}  // namespace bucketwatch::net
