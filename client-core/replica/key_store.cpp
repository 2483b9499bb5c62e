// FileKeyStore: the default key store, one 0600 file written atomically.
#include "terrain/replica/key_store.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <map>
#include <sstream>

#include "terrain/protocol/crypto.h"
#include "terrain/protocol/encoding.h"

namespace terrain {
namespace {

bool valid_item(std::string_view item) {
  if (item.empty() || item.size() > 64) return false;
  for (char c : item)
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) return false;
  return true;
}

Error io_error(std::string what, const std::string& path) {
  return make_error(Errc::io, what + " '" + path + "': " + std::strerror(errno));
}

void wipe(std::string& s) {
  secure_wipe(s.data(), s.size());
}

// Reads every item of the file; an absent file is an empty store.
Result<std::map<std::string, std::string>> read_items(const std::string& path) {
  std::map<std::string, std::string> items;
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
  if (fd < 0) {
    if (errno == ENOENT) return items;
    return io_error("cannot open the key file", path);
  }
  struct stat st {};
  if (::fstat(fd, &st) != 0) {
    auto e = io_error("cannot inspect the key file", path);
    ::close(fd);
    return e;
  }
  if ((st.st_mode & 077) != 0) {
    ::close(fd);
    return make_error(
        Errc::io, "the key file '" + path + "' is readable or writable by others (mode " + [&] {
          char b[8];
          std::snprintf(b, sizeof b, "%04o", st.st_mode & 07777);
          return std::string(b);
        }() + "); it must be 0600 (chmod 600)");
  }
  if (st.st_uid != ::geteuid()) {
    ::close(fd);
    return make_error(Errc::io, "the key file '" + path + "' belongs to another user");
  }
  std::string content;
  char buf[4096];
  for (;;) {
    const ssize_t n = ::read(fd, buf, sizeof buf);
    if (n < 0) {
      if (errno == EINTR) continue;
      auto e = io_error("cannot read the key file", path);
      ::close(fd);
      secure_wipe(buf, sizeof buf);
      wipe(content);
      return e;
    }
    if (n == 0) break;
    content.append(buf, static_cast<std::size_t>(n));
  }
  secure_wipe(buf, sizeof buf);
  ::close(fd);
  std::size_t pos = 0;
  while (pos < content.size()) {
    std::size_t eol = content.find('\n', pos);
    if (eol == std::string::npos) eol = content.size();
    std::string_view line(content.data() + pos, eol - pos);
    pos = eol + 1;
    if (line.empty()) continue;
    const auto sp = line.find(' ');
    if (sp == std::string_view::npos || !valid_item(line.substr(0, sp))) {
      wipe(content);
      return make_error(Errc::io, "the key file '" + path + "' is damaged");
    }
    auto value = from_base64(line.substr(sp + 1));
    if (!value) {
      wipe(content);
      return make_error(Errc::io, "the key file '" + path + "' is damaged");
    }
    items[std::string(line.substr(0, sp))] = std::move(*value);
  }
  wipe(content);
  return items;
}

Status write_all(int fd, std::string_view data, const std::string& path) {
  while (!data.empty()) {
    const ssize_t n = ::write(fd, data.data(), data.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      return io_error("cannot write the key file", path);
    }
    data.remove_prefix(static_cast<std::size_t>(n));
  }
  return {};
}

std::string dir_of(const std::string& path) {
  const auto slash = path.rfind('/');
  if (slash == std::string::npos) return ".";
  if (slash == 0) return "/";
  return path.substr(0, slash);
}

}  // namespace

FileKeyStore::FileKeyStore(std::string path) : path_(std::move(path)) {}
FileKeyStore::~FileKeyStore() = default;

Result<std::optional<std::string>> FileKeyStore::load(std::string_view item) {
  if (!valid_item(item)) return make_error(Errc::invalid_argument, "invalid key store item name");
  auto items = read_items(path_);
  if (!items) return items.error();
  std::optional<std::string> out;
  if (auto it = items->find(std::string(item)); it != items->end()) out = it->second;
  for (auto& [k, v] : *items) wipe(v);
  return out;
}

Status FileKeyStore::save(std::string_view item, std::string_view data) {
  if (!valid_item(item)) return make_error(Errc::invalid_argument, "invalid key store item name");
  auto items = read_items(path_);
  if (!items) return items.error();
  (*items)[std::string(item)] = std::string(data);
  std::string content;
  for (auto& [k, v] : *items) {
    content += k;
    content += ' ';
    content += to_base64(v);
    content += '\n';
    wipe(v);
  }
  // A fresh temporary file next to the final one, created exclusively with 0600: a
  // leftover from a crash is removed first (it never held the only copy of anything,
  // since rename is the commit point).
  const std::string tmp = path_ + ".tmp";
  ::unlink(tmp.c_str());
  const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
  if (fd < 0) {
    wipe(content);
    return io_error("cannot create the key file", tmp);
  }
  Status s = write_all(fd, content, tmp);
  wipe(content);
  if (s.ok() && ::fchmod(fd, 0600) != 0) s = io_error("cannot set the mode of the key file", tmp);
  if (s.ok() && ::fsync(fd) != 0) s = io_error("cannot flush the key file", tmp);
  ::close(fd);
  if (s.ok() && ::rename(tmp.c_str(), path_.c_str()) != 0)
    s = io_error("cannot replace the key file", path_);
  if (!s.ok()) {
    ::unlink(tmp.c_str());
    return s;
  }
  const std::string dir = dir_of(path_);
  if (const int dfd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC); dfd >= 0) {
    (void)::fsync(dfd);
    ::close(dfd);
  }
  return {};
}

}  // namespace terrain
