#include "http/api.h"

#include <chrono>
#include <exception>

#include "admin/admin_auth.h"
#include "devices/device_auth.h"
#include "logging/log.h"
#include "server.h"

namespace terrain::server::http {

void send(httplib::Response& res, const Reply& r) {
  res.status = r.status;
  res.set_content(r.body, r.content_type.c_str());
  res.set_header("Cache-Control", "no-store");
  for (const auto& [name, value] : r.headers) res.set_header(name.c_str(), value);
}

void Api::get(const std::string& pattern, const std::string& route, Auth auth, Handler h) {
  server_.Get(pattern, wrap(route, auth, std::move(h)));
}

void Api::post(const std::string& pattern, const std::string& route, Auth auth, Handler h) {
  server_.Post(pattern, wrap(route, auth, std::move(h)));
}

httplib::Server::Handler Api::wrap(std::string route, Auth auth, Handler h) {
  return [this, route = std::move(route), auth, h = std::move(h)](const httplib::Request& req,
                                                                  httplib::Response& res) {
    auto t0 = std::chrono::steady_clock::now();
    Caller caller;
    caller.address = req.remote_addr;
    if (ctx_.config.trust_forwarded_for && req.has_header("X-Forwarded-For")) {
      std::string hops = req.get_header_value("X-Forwarded-For");
      auto comma = hops.rfind(',');
      std::string last = comma == std::string::npos ? hops : hops.substr(comma + 1);
      while (!last.empty() && last.front() == ' ') last.erase(last.begin());
      if (!last.empty()) caller.address = last;
    }
    Reply reply;
    try {
      if (!ctx_.limiter->allow_request(caller.address)) {
        reply = Reply::fail(make_error(Errc::rate_limited, "too many requests: slow down"),
                            {{"retry_after_s", 60}});
      } else if (auth == Auth::admin) {
        auto a = authenticate_admin(ctx_, req);
        if (a) {
          caller.admin = *a;
        } else {
          reply = Reply::fail(a.error());
        }
      } else if (auth == Auth::device) {
        auto d = authenticate_device(ctx_, req);
        if (d) {
          caller.device = *d;
        } else {
          reply = Reply::fail(d.error(), {{"server_time_ms", now_ms()}});
        }
      }
      if (!reply.error) reply = h(req, caller);
    } catch (const std::exception& e) {
      log::error("handler_exception", {{"route", route}, {"what", e.what()}});
      reply = Reply::fail(make_error(Errc::internal, "internal error: please report"));
    } catch (...) {
      log::error("handler_exception", {{"route", route}});
      reply = Reply::fail(make_error(Errc::internal, "internal error: please report"));
    }
    send(res, reply);
    double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    ctx_.metrics.request(route, reply.status, seconds);
    nlohmann::json fields = {{"route", route},
                             {"method", req.method},
                             {"status", reply.status},
                             {"ms", static_cast<std::int64_t>(seconds * 1000)}};
    if (caller.device) fields["device"] = caller.device->device_id;
    if (caller.admin) fields["admin"] = caller.admin->id;
    if (reply.error) {
      std::string code(errc_name(*reply.error));
      ctx_.metrics.rejection(code);
      fields["error"] = code;
    }
    log::write(reply.status >= 500 ? LogLevel::error : LogLevel::info, "request", fields);
  };
}

}  // namespace terrain::server::http
