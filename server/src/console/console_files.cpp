#include "console/console_files.h"

#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <sstream>

#include "logging/log.h"
#include "server.h"

namespace terrain::server {
namespace {

constexpr const char* kPolicy =
    "default-src 'self'; img-src 'self' data: blob:; style-src 'self'; script-src 'self'; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; "
    "form-action 'self'; frame-ancestors 'none'";

struct ConsoleFile {
  std::string body;
  std::string content_type;
};
using ConsoleFiles = std::map<std::string, ConsoleFile>;

std::string content_type_of(const std::filesystem::path& p) {
  static const std::map<std::string, std::string> types = {
      {".html", "text/html; charset=utf-8"},
      {".js", "text/javascript; charset=utf-8"},
      {".mjs", "text/javascript; charset=utf-8"},
      {".css", "text/css; charset=utf-8"},
      {".json", "application/json"},
      {".svg", "image/svg+xml"},
      {".png", "image/png"},
      {".ico", "image/x-icon"},
      {".woff2", "font/woff2"},
      {".txt", "text/plain; charset=utf-8"},
      {".map", "application/json"}};
  auto it = types.find(p.extension().string());
  return it == types.end() ? "application/octet-stream" : it->second;
}

// Regular files under dir (symlinks not followed), keyed by their '/'-joined path.
std::shared_ptr<const ConsoleFiles> load(const std::string& dir) {
  auto files = std::make_shared<ConsoleFiles>();
  std::error_code ec;
  if (dir.empty() || !std::filesystem::is_directory(dir, ec)) return files;
  std::size_t bytes = 0;
  for (auto it = std::filesystem::recursive_directory_iterator(dir, ec);
       !ec && it != std::filesystem::recursive_directory_iterator(); it.increment(ec)) {
    if (!it->is_regular_file(ec) || it->is_symlink(ec)) continue;
    auto rel = std::filesystem::relative(it->path(), dir, ec).generic_string();
    if (ec || rel.empty() || rel.front() == '.') continue;
    std::ifstream in(it->path(), std::ios::binary);
    std::ostringstream body;
    body << in.rdbuf();
    bytes += body.str().size();
    (*files)[rel] = {body.str(), content_type_of(it->path())};
  }
  log::info("console_loaded", {{"files", files->size()}, {"bytes", bytes}});
  return files;
}

http::Reply file_reply(const ConsoleFile& f) {
  http::Reply r = http::Reply::text(f.body, f.content_type);
  r.headers = {{"Content-Security-Policy", kPolicy},
               {"X-Content-Type-Options", "nosniff"},
               {"Referrer-Policy", "no-referrer"},
               {"X-Frame-Options", "DENY"}};
  return r;
}

}  // namespace

void add_console_routes(http::Api& api, ServerContext& ctx) {
  auto files = load(ctx.config.console_dir);
  api.get("/", "console_root", http::Auth::none, [](const httplib::Request&, const http::Caller&) {
    http::Reply r = http::Reply::text("", "text/plain");
    r.status = 302;
    r.headers = {{"Location", "/console/"}};
    return r;
  });
  api.get("/console", "console_root", http::Auth::none,
          [](const httplib::Request&, const http::Caller&) {
            http::Reply r = http::Reply::text("", "text/plain");
            r.status = 302;
            r.headers = {{"Location", "/console/"}};
            return r;
          });
  api.get("/console/(.*)", "console_file", http::Auth::none,
          [files](const httplib::Request& req, const http::Caller&) {
            std::string path = req.matches[1].str();
            if (path.empty()) path = "index.html";
            if (files->empty())
              return http::Reply::fail(
                  make_error(Errc::not_found,
                             "the console is not built: run `npm ci && npm run build` in console/ "
                             "(deploy/run.sh does it), or give --console-dir"));
            auto it = files->find(path);
            if (it == files->end())
              return http::Reply::fail(make_error(Errc::not_found, "no such console file"));
            return file_reply(it->second);
          });
}

}  // namespace terrain::server
