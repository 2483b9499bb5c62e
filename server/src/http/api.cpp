#include "http/api.h"

#include <cctype>
#include <chrono>
#include <cstdint>
#include <exception>
#include <memory>
#include <optional>

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

void send_and_close(httplib::Response& res, const Reply& r) {
  res.status = r.status;
  res.set_header("Cache-Control", "no-store");
  for (const auto& [name, value] : r.headers) res.set_header(name.c_str(), value);
  res.set_header("Connection", "close");
  // The body goes through a content provider that reports failure once it has
  // written everything: cpp-httplib then takes the write as failed and closes the
  // connection, instead of reading the rest of the refused body as the next request.
  auto body = std::make_shared<const std::string>(r.body.empty() ? std::string("{}") : r.body);
  res.set_content_provider(body->size(), r.content_type,
                           [body](std::size_t offset, std::size_t length, httplib::DataSink& sink) {
                             if (offset < body->size()) sink.write(body->data() + offset, length);
                             return false;
                           });
}

bool closes_connection(const httplib::Response& res) {
  return res.get_header_value("Connection") == "close";
}

namespace {

bool iequals(const std::string& a, const char* b) {
  std::size_t i = 0;
  for (; i < a.size() && b[i]; ++i)
    if (std::tolower(static_cast<unsigned char>(a[i])) != b[i]) return false;
  return i == a.size() && !b[i];
}

Reply malformed(const std::string& what) {
  return Reply::fail(make_error(Errc::malformed, what));
}

Reply too_large(std::size_t limit) {
  return Reply::fail(
      make_error(Errc::too_large, "the request body is over this endpoint's limit of " +
                                      std::to_string(limit) + " bytes"),
      {{"limit_bytes", limit}});
}

}  // namespace

Api::Api(httplib::Server& server, ServerContext& ctx) : server_(server), ctx_(ctx) {
  server_.set_pre_routing_handler([this](const httplib::Request& req, httplib::Response& res) {
    auto refusal = refuse_from_headers(req);
    if (!refusal) return httplib::Server::HandlerResponse::Unhandled;
    const BodyRoute* r = body_route(req.method, req.path);
    refuse(r ? r->route : "unrouted", req, res, *refusal);
    return httplib::Server::HandlerResponse::Handled;
  });
  // Expect: 100-continue: a body that would be refused is refused instead of invited.
  server_.set_expect_100_continue_handler(
      [this](const httplib::Request& req, httplib::Response& res) {
        auto refusal = refuse_from_headers(req);
        if (!refusal) return 100;
        const BodyRoute* r = body_route(req.method, req.path);
        refuse(r ? r->route : "unrouted", req, res, *refusal);
        // This answer skips cpp-httplib's range step, which sets Content-Length.
        res.set_header("Content-Length", std::to_string(refusal->body.size()));
        return refusal->status;
      });
}

const Api::BodyRoute* Api::body_route(const std::string& method, const std::string& path) const {
  if (method != "POST") return nullptr;
  for (const auto& r : body_routes_)
    if (std::regex_match(path, r.pattern)) return &r;
  return nullptr;
}

std::size_t Api::body_limit(const std::string& method, const std::string& path) const {
  const BodyRoute* r = body_route(method, path);
  return r ? r->limit : 0;
}

std::optional<Reply> Api::refuse_from_headers(const httplib::Request& req) const {
  const bool chunked = req.has_header("Transfer-Encoding");
  const bool declared = req.has_header("Content-Length");
  if (chunked) {
    if (req.get_header_value_count("Transfer-Encoding") != 1 ||
        !iequals(req.get_header_value("Transfer-Encoding"), "chunked"))
      return malformed("only Transfer-Encoding: chunked is supported");
    if (declared) return malformed("a request has Content-Length or Transfer-Encoding, not both");
  }
  std::uint64_t length = 0;
  if (declared) {
    const std::string text = req.get_header_value("Content-Length");
    if (req.get_header_value_count("Content-Length") != 1 || text.empty() || text.size() > 18)
      return malformed("Content-Length must be one decimal number");
    for (char c : text) {
      if (c < '0' || c > '9') return malformed("Content-Length must be one decimal number");
      length = length * 10 + static_cast<std::uint64_t>(c - '0');
    }
  }
  if (!chunked && length == 0) return std::nullopt;
  if (const BodyRoute* r = body_route(req.method, req.path)) {
    if (length > r->limit) return too_large(r->limit);
    return std::nullopt;  // a chunked body is counted as it is read (post())
  }
  // No endpoint of this method and path takes a body: refused without reading it.
  if (req.method == "POST") return Reply::fail(make_error(Errc::not_found, "no such endpoint"));
  if (req.method == "GET" || req.method == "HEAD" || req.method == "OPTIONS")
    return Reply::fail(make_error(Errc::too_large, "this endpoint takes no request body"),
                       {{"limit_bytes", 0}});
  return Reply::fail(make_error(Errc::invalid_argument, "method not allowed"));
}

void Api::refuse(const std::string& route, const httplib::Request& req, httplib::Response& res,
                 const Reply& r) const {
  send_and_close(res, r);
  ctx_.metrics.request(route, r.status, 0);
  nlohmann::json fields = {{"route", route}, {"method", req.method}, {"status", r.status}};
  if (r.error) {
    std::string code(errc_name(*r.error));
    ctx_.metrics.rejection(code);
    fields["error"] = code;
  }
  log::info("request", fields);
}

void Api::get(const std::string& pattern, const std::string& route, Auth auth, Handler h) {
  server_.Get(pattern, wrap(route, auth, std::move(h)));
}

void Api::post(const std::string& pattern, const std::string& route, Auth auth, Handler h) {
  const std::size_t limit = auth == Auth::none ? ctx_.config.max_unauthenticated_body_bytes
                                               : ctx_.config.limits.max_change_set_bytes;
  body_routes_.push_back({std::regex(pattern), route, limit});
  // The body is read here, counted as it arrives, and refused the moment it passes
  // the limit: before the rate limit, authentication or any parsing (wrap()).
  server_.Post(pattern, [this, route, limit, handler = wrap(route, auth, std::move(h))](
                            const httplib::Request& req, httplib::Response& res,
                            const httplib::ContentReader& read) {
    // Without Content-Length or Transfer-Encoding a request has no body (RFC 9112).
    const bool declared = req.has_header("Content-Length");
    const bool has_body = declared || req.has_header("Transfer-Encoding");
    // At most `limit` when declared (checked from the headers); a chunked body's
    // buffer may reach twice the limit while it doubles.
    const std::size_t size = !has_body  ? 0
                             : declared ? req.get_header_value<std::uint64_t>("Content-Length")
                                        : 2 * limit;
    const auto memory = ctx_.bodies->reserve(size);  // held until the handler has answered
    std::string body;
    if (has_body) {
      if (declared) body.reserve(size);
      bool over = false;
      bool complete = read([&](const char* data, std::size_t n) {
        if (n > limit - body.size()) {
          over = true;
          return false;
        }
        body.append(data, n);
        return true;
      });
      if (over) return refuse(route, req, res, too_large(limit));
      if (!complete)
        return refuse(route, req, res, malformed("the request body was cut short or badly framed"));
    }
    // The request object is cpp-httplib's own, not const: the body it would have
    // read is set here, as if it had.
    const_cast<httplib::Request&>(req).body = std::move(body);
    handler(req, res);
  });
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
      // A place among the requests handled at once, until the answer is ready; a
      // request the rate limit refuses takes none, so a flood queues ahead of no one.
      const bool allowed = ctx_.limiter->allow_request(caller.address);
      std::optional<RequestGate::Place> place;
      if (allowed) place.emplace(*ctx_.gate);
      if (!allowed) {
        reply = Reply::fail(make_error(Errc::rate_limited, "too many requests: slow down"),
                            {{"retry_after_s", 60}});
      } else if (auth == Auth::admin || auth == Auth::reader) {
        auto a = authenticate_admin(ctx_, req);
        if (!a) {
          reply = Reply::fail(a.error());
        } else if (auth == Auth::admin && a->role != AdminRole::administrator) {
          caller.admin = *a;
          reply = Reply::fail(
              make_error(Errc::forbidden, "this needs an administrator: an analyst reads reports"),
              {{"reason", "role"}});
        } else if (a->via_cookie && req.method != "GET" && req.method != "HEAD" &&
                   !constant_time_equal(req.get_header_value("X-CSRF-Token"), a->csrf)) {
          caller.admin = *a;
          reply = Reply::fail(
              make_error(Errc::forbidden, "missing or wrong X-CSRF-Token: reload the console"),
              {{"reason", "csrf"}});
        } else {
          caller.admin = *a;
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
