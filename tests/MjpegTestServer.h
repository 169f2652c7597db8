#pragma once
/// @file MjpegTestServer.h
/// A tiny HTTP MJPEG (multipart/x-mixed-replace) server on 127.0.0.1 for stream tests. It runs on its own threads
/// (accept loop + one writer per client) so the code under test may block in any thread. cut() drops every client and
/// stops listening (connections are then refused); resume() listens again on the same port.

#include <atomic>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

class MjpegTestServer {
 public:
  MjpegTestServer(int fps, int width, int height);
  ~MjpegTestServer();
  /// Starts listening on an ephemeral port (first call) or the previous port; returns false on failure.
  bool listen();
  void cut();
  int port() const { return port_; }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_) + "/stream.mjpg"; }
  int framesSent() const { return framesSent_; }
  int connections() const { return connections_; }

 private:
  void acceptLoop(int listenFd);
  void serveClient(int fd);
  int fps_, width_, height_;
  int port_ = 0;
  int listenFd_ = -1;
  std::atomic<bool> running_{false};
  std::atomic<int> framesSent_{0};
  std::atomic<int> connections_{0};
  std::mutex mutex_;
  std::vector<int> clients_;
  std::vector<std::thread> threads_;
};
