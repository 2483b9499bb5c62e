// HTTP over a raw TCP socket, for the body-limit tests: the request head is
// written as given, then the body piece by piece while watching for an answer, so
// a test sees when the server answers (how much of the body it had been sent) and
// whether it closes the connection. No HTTP library on this side.
#pragma once

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iterator>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace terrain::test {

struct RawAnswer {
  int status = 0;    // 0: no answer
  std::string head;  // status line and headers
  std::string body;
  nlohmann::json json;
  std::size_t sent = 0;  // body bytes the client had written when it stopped
  double seconds = 0;    // from the head's first byte to the answer's last
  bool closed = false;   // the server closed the connection after answering

  std::string header(const std::string& name) const {
    std::string lower_head = head;
    for (auto& c : lower_head) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    std::string key = "\r\n" + name + ":";
    for (auto& c : key) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    auto at = lower_head.find(key);
    if (at == std::string::npos) return "";
    auto start = at + key.size();
    auto end = head.find("\r\n", start);
    std::string v = head.substr(start, end - start);
    while (!v.empty() && v.front() == ' ') v.erase(v.begin());
    return v;
  }
  std::string code() const {
    if (json.is_object() && json.contains("error")) return json["error"].value("code", "");
    return "";
  }
};

// The body of a request, one piece at a time; an empty piece ends it.
using BodySource = std::function<std::string()>;

inline BodySource no_body() {
  return [] { return std::string(); };
}

// `total` bytes of 'a' in chunks of `piece` bytes, then the last chunk; with
// `total` past any limit, an endless stream as far as the server can tell.
inline BodySource chunked_filler(std::size_t total, std::size_t piece = 16 * 1024) {
  auto left = std::make_shared<std::size_t>(total);
  auto done = std::make_shared<bool>(false);
  return [=]() -> std::string {
    if (*done) return "";
    if (*left == 0) {
      *done = true;
      return "0\r\n\r\n";
    }
    std::size_t n = std::min(piece, *left);
    *left -= n;
    char size[32];
    std::snprintf(size, sizeof size, "%zx\r\n", n);
    return std::string(size) + std::string(n, 'a') + "\r\n";
  };
}

// This text, chunked.
inline BodySource chunked_text(std::string text, std::size_t piece = 7) {
  auto rest = std::make_shared<std::string>(std::move(text));
  auto done = std::make_shared<bool>(false);
  return [=]() -> std::string {
    if (*done) return "";
    if (rest->empty()) {
      *done = true;
      return "0\r\n\r\n";
    }
    std::string part = rest->substr(0, piece);
    rest->erase(0, part.size());
    char size[32];
    std::snprintf(size, sizeof size, "%zx\r\n", part.size());
    return std::string(size) + part + "\r\n";
  };
}

// `total` bytes of 'a', unframed (after a Content-Length head).
inline BodySource raw_filler(std::size_t total, std::size_t piece = 16 * 1024) {
  auto left = std::make_shared<std::size_t>(total);
  return [=]() -> std::string {
    std::size_t n = std::min(piece, *left);
    *left -= n;
    return std::string(n, 'a');
  };
}

inline BodySource raw_text(std::string text) {
  auto once = std::make_shared<bool>(false);
  return [=]() -> std::string {
    if (*once) return "";
    *once = true;
    return text;
  };
}

// One request on a fresh connection to 127.0.0.1:port. `head` is the request line
// and headers without the blank line. Writing stops as soon as an answer arrives or
// the server stops reading; `timeout_s` bounds the whole exchange.
inline RawAnswer raw_exchange(int port, const std::string& head, const BodySource& body,
                              int timeout_s = 60) {
  RawAnswer out;
  const auto t0 = std::chrono::steady_clock::now();
  const auto deadline = t0 + std::chrono::seconds(timeout_s);
  auto ms_left = [&] {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
                    deadline - std::chrono::steady_clock::now())
                    .count();
    return static_cast<int>(std::max<long long>(left, 0));
  };
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return out;
  int small = 64 * 1024;  // a small send buffer: what "sent" counts is near what arrived
  ::setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &small, sizeof small);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = htons(static_cast<std::uint16_t>(port));
  if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    ::close(fd);
    return out;
  }
  // Writes everything, unless the server answers or stops reading first.
  auto write_all = [&](const std::string& data, bool counts) -> bool {
    std::size_t off = 0;
    while (off < data.size()) {
      pollfd p{fd, POLLIN | POLLOUT, 0};
      if (::poll(&p, 1, ms_left()) <= 0) return false;
      if (p.revents & (POLLIN | POLLHUP | POLLERR)) return false;  // an answer, or gone
      ssize_t n = ::send(fd, data.data() + off, data.size() - off, MSG_NOSIGNAL | MSG_DONTWAIT);
      if (n < 0) {
        if (errno == EAGAIN || errno == EINTR) continue;
        return false;
      }
      off += static_cast<std::size_t>(n);
      if (counts) out.sent += static_cast<std::size_t>(n);
    }
    return true;
  };
  if (write_all(head + "\r\n", false)) {
    for (std::string piece = body(); !piece.empty(); piece = body())
      if (!write_all(piece, true)) break;
  }
  // Reads the answer: to its Content-Length, or to the end of the connection.
  std::string data;
  std::size_t need = std::string::npos;
  for (;;) {
    auto end_of_head = data.find("\r\n\r\n");
    if (end_of_head != std::string::npos && need == std::string::npos) {
      out.head = data.substr(0, end_of_head);
      std::string cl = out.header("Content-Length");
      need = end_of_head + 4 + (cl.empty() ? 0 : std::stoul(cl));
    }
    if (need != std::string::npos && data.size() >= need && out.header("Connection") != "close")
      break;
    pollfd p{fd, POLLIN, 0};
    if (::poll(&p, 1, ms_left()) <= 0) break;
    char buf[65536];
    ssize_t n = ::recv(fd, buf, sizeof buf, 0);
    if (n <= 0) {
      // End of the connection (or a reset once the answer is in): closed by the server.
      out.closed = n == 0 || errno == ECONNRESET;
      break;
    }
    data.append(buf, static_cast<std::size_t>(n));
  }
  out.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  ::close(fd);
  auto end_of_head = data.find("\r\n\r\n");
  if (end_of_head == std::string::npos) return out;
  out.head = data.substr(0, end_of_head);
  out.body = data.substr(end_of_head + 4);
  if (need != std::string::npos && out.body.size() > need - end_of_head - 4)
    out.body.resize(need - end_of_head - 4);
  if (out.head.size() > 12) out.status = std::atoi(out.head.c_str() + 9);
  out.json = nlohmann::json::parse(out.body, nullptr, false);
  return out;
}

// A request head: method, target and extra header lines ("Name: value").
inline std::string request_head(const std::string& method, const std::string& target,
                                const std::vector<std::string>& headers) {
  std::string h = method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n";
  for (const auto& line : headers) h += line + "\r\n";
  return h;
}

// The resident memory of a process in bytes (VmRSS, or VmHWM for the peak), 0 if unknown.
inline std::size_t process_memory(int pid, const std::string& field = "VmRSS") {
  std::ifstream in("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  while (std::getline(in, line))
    if (line.rfind(field + ":", 0) == 0) return std::stoull(line.substr(field.size() + 1)) * 1024;
  return 0;
}

// The pid of the terrain-server started with this data directory, 0 if none.
inline int server_pid(const std::string& data_dir) {
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator("/proc", ec)) {
    const std::string name = entry.path().filename().string();
    if (name.empty() || !std::isdigit(static_cast<unsigned char>(name[0]))) continue;
    std::ifstream in(entry.path() / "cmdline", std::ios::binary);
    if (!in) continue;
    std::string all((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    std::vector<std::string> args;
    std::size_t start = 0;
    for (std::size_t i = 0; i < all.size(); ++i)
      if (all[i] == '\0') {
        args.push_back(all.substr(start, i - start));
        start = i + 1;
      }
    if (args.empty() || args[0].find("terrain-server") == std::string::npos) continue;
    for (std::size_t i = 0; i + 1 < args.size(); ++i)
      if (args[i] == "--data" && args[i + 1] == data_dir && args[1] == "--data")
        return std::stoi(name);
  }
  return 0;
}

}  // namespace terrain::test
