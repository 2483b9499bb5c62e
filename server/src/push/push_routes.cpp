#include "push/push_routes.h"

#include "http/json_input.h"
#include "logging/log.h"
#include "push/ingest.h"
#include "server.h"

namespace terrain::server {

void add_push_routes(http::Api& api, ServerContext& ctx) {
  api.post("/v1/push", "push", http::Auth::device,
           [&ctx](const httplib::Request& req, const http::Caller& caller) {
             if (!http::is_json_content(req))
               return http::Reply::fail(make_error(Errc::unsupported_media_type,
                                                   "a change set is sent as application/json"));
             if (req.body.size() > ctx.config.limits.max_change_set_bytes)
               return http::Reply::fail(make_error(
                   Errc::too_large, "the change set is over " +
                                        std::to_string(ctx.config.limits.max_change_set_bytes) +
                                        " bytes"));
             auto scs = decode_envelope(req.body, ctx.config.limits);
             if (!scs) return http::Reply::fail(scs.error());
             IngestOptions opt;
             opt.device_id = caller.device->device_id;
             opt.public_key = caller.device->public_key;
             if (req.has_header("X-Terrain-Epoch"))
               opt.client_epoch = req.get_header_value("X-Terrain-Epoch");
             auto r = ingest(ctx, *scs, opt);
             if (!r) return http::Reply::fail(r.error());
             if (r->refused) return http::Reply::fail(r->error, r->extra);
             std::string outcome(outcome_name(r->receipt.outcome));
             ctx.metrics.push(r->replay ? "replay" : outcome);
             log::info("change_set", {{"device", r->receipt.device},
                                      {"seq", r->receipt.seq},
                                      {"position", r->receipt.position},
                                      {"outcome", outcome},
                                      {"reason", r->receipt.reason},
                                      {"replay", r->replay}});
             return http::Reply::json({{"receipt", r->signed_receipt.to_json()},
                                       {"outcome", outcome},
                                       {"position", r->receipt.position},
                                       {"replay", r->replay}});
           });
}

}  // namespace terrain::server
