// One real terrain-server with an administrator, for a test case.
#pragma once

#include <exception>
#include <memory>
#include <string>

#include "raw_client.h"
#include "server_process.h"
#include "temp_dir.h"
#include "terrain/protocol/ids.h"

namespace terrain::test {

inline constexpr const char* kAdminName = "central";
inline constexpr const char* kAdminPassword = "correct horse battery staple";

struct ServerFixture {
  explicit ServerFixture(ServerProcess::Options options = {})
      : server(dir.file("server"), std::move(options)) {
    crypto_init();
    auto added = server.add_admin(kAdminName, kAdminPassword);
    INFO(added.err);
    REQUIRE(added.exit_code == 0);
    server.start();
    admin = std::make_unique<AdminClient>(server.url(), kAdminName, kAdminPassword);
  }
  // Every test server ends with a clean SIGTERM shutdown (under the sanitizers this
  // also catches leaks and errors in the server process).
  ~ServerFixture() {
    if (std::uncaught_exceptions() == 0) {
      int code = server.stop();
      INFO(server.log());
      CHECK(code == 0);
    }
  }

  // A device enrolled as a facilitator of these meetings.
  std::unique_ptr<RawDevice> facilitator(const std::vector<std::string>& meetings) {
    return enrolled({{"meetings", meetings}});
  }
  std::unique_ptr<RawDevice> enrolled(const nlohmann::json& scope,
                                      const std::string& role = "facilitator") {
    auto d = std::make_unique<RawDevice>(server.url());
    auto r = d->enrol(admin->enrolment_code(role, scope));
    INFO(r.body);
    REQUIRE(r.status == 200);
    return d;
  }
  std::string new_meeting(const std::string& cycle = "Rencontres territoriales 2024") {
    std::string m = new_uuid_v7();
    admin->create_meeting(m, cycle);
    return m;
  }

  TempDir dir;
  ServerProcess server;
  std::unique_ptr<AdminClient> admin;
};

}  // namespace terrain::test
