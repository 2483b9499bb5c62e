#include "report/meeting_overview.h"

#include "merge/server_state.h"
#include "server.h"
#include "terrain/protocol/ids.h"

namespace terrain::server {
namespace {

// The record without its personal fields, and its conflicts without those on them.
nlohmann::json without_personal(nlohmann::json view, const CollectionInfo* info) {
  if (!info) return view;
  for (const auto& f : info->personal_fields) view.erase(f);
  if (view.contains("_conflicts")) {
    nlohmann::json kept = nlohmann::json::array();
    for (auto& c : view["_conflicts"])
      if (!info->is_personal(c.value("field", std::string()))) kept.push_back(std::move(c));
    view["_conflicts"] = std::move(kept);
  }
  return view;
}

}  // namespace

void add_meeting_overview_route(http::Api& api, ServerContext& ctx) {
  api.get("/admin/meetings/([0-9a-f-]{36})/overview", "admin_meeting_overview", http::Auth::reader,
          [&ctx](const httplib::Request& req, const http::Caller&) {
            const std::string meeting = req.matches[1];
            if (!is_uuid(meeting))
              return http::Reply::fail(make_error(Errc::invalid_argument,
                                                  "the meeting id must be a UUID", "", "meeting"));
            auto views =
                ctx.store->read([&](sqlite::Database& db) { return meeting_views(db, meeting); });
            if (!views) return http::Reply::fail(views.error());
            nlohmann::json out = {{"meeting", nullptr},
                                  {"contributions", nlohmann::json::array()},
                                  {"evaluations", nlohmann::json::array()},
                                  {"headcounts", nlohmann::json::array()},
                                  {"counts", nlohmann::json::object()}};
            for (auto& v : *views) {
              const std::string collection = v.value("_collection", std::string());
              if (v.value("_deleted", false)) continue;
              out["counts"][collection] = out["counts"].value(collection, 0) + 1;
              const CollectionInfo* info = ctx.schemas->collection(collection);
              if (collection == "meeting")
                out["meeting"] = without_personal(std::move(v), info);
              else if (collection == "contribution")
                out["contributions"].push_back(without_personal(std::move(v), info));
              else if (collection == "evaluation")
                out["evaluations"].push_back(without_personal(std::move(v), info));
              else if (collection == "headcount")
                out["headcounts"].push_back(without_personal(std::move(v), info));
            }
            if (out["meeting"].is_null())
              return http::Reply::fail(make_error(Errc::not_found, "no meeting " + meeting));
            return http::Reply::json(out);
          });
}

}  // namespace terrain::server
