#include "MjpegTestServer.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

MjpegTestServer::MjpegTestServer(int fps, int width, int height) : fps_(fps), width_(width), height_(height) {}

MjpegTestServer::~MjpegTestServer() {
  cut();
  for (auto& t : threads_) t.join();
}

bool MjpegTestServer::listen() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  const int on = 1;
  ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof(on));
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = htons(static_cast<uint16_t>(port_));
  if (::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) != 0 || ::listen(fd, 8) != 0) {
    ::close(fd);
    return false;
  }
  socklen_t len = sizeof(addr);
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  port_ = ntohs(addr.sin_port);
  listenFd_ = fd;
  running_ = true;
  threads_.emplace_back([this, fd] { acceptLoop(fd); });
  return true;
}

void MjpegTestServer::cut() {
  running_ = false;
  std::lock_guard<std::mutex> lock(mutex_);
  if (listenFd_ >= 0) {
    ::shutdown(listenFd_, SHUT_RDWR);
    ::close(listenFd_);
    listenFd_ = -1;
  }
  for (int fd : clients_) ::shutdown(fd, SHUT_RDWR);
}

void MjpegTestServer::acceptLoop(int listenFd) {
  while (running_) {
    const int fd = ::accept(listenFd, nullptr, nullptr);
    if (fd < 0) return;
    std::lock_guard<std::mutex> lock(mutex_);
    if (!running_) {
      ::close(fd);
      return;
    }
    clients_.push_back(fd);
    ++connections_;
    threads_.emplace_back([this, fd] { serveClient(fd); });
  }
}

void MjpegTestServer::serveClient(int fd) {
  char request[2048];
  (void)!::recv(fd, request, sizeof(request), 0);
  const std::string header =
      "HTTP/1.0 200 OK\r\nContent-Type: multipart/x-mixed-replace; boundary=frame\r\nCache-Control: no-cache\r\n\r\n";
  bool ok = ::send(fd, header.data(), header.size(), MSG_NOSIGNAL) > 0;
  for (int i = 0; ok && running_; ++i) {
    cv::Mat image(height_, width_, CV_8UC3, cv::Scalar(60, 60, 60));
    cv::circle(image, cv::Point((i * 7) % width_, height_ / 2), height_ / 6, cv::Scalar(0, 200, 255), cv::FILLED);
    std::vector<uchar> jpeg;
    cv::imencode(".jpg", image, jpeg);
    const std::string part = "--frame\r\nContent-Type: image/jpeg\r\nContent-Length: " + std::to_string(jpeg.size()) +
                             "\r\n\r\n";
    ok = ::send(fd, part.data(), part.size(), MSG_NOSIGNAL) > 0 &&
         ::send(fd, jpeg.data(), jpeg.size(), MSG_NOSIGNAL) > 0 && ::send(fd, "\r\n", 2, MSG_NOSIGNAL) > 0;
    if (ok) ++framesSent_;
    std::this_thread::sleep_for(std::chrono::milliseconds(1000 / fps_));
  }
  std::lock_guard<std::mutex> lock(mutex_);
  for (auto it = clients_.begin(); it != clients_.end(); ++it) {
    if (*it == fd) {
      clients_.erase(it);
      break;
    }
  }
  ::close(fd);
}
