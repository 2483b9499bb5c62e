// The CNSA central team's side of the demo, over the server's admin HTTP API:
// log in, define meetings (central change sets signed by the server), create
// enrolment codes, read reports.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "terrain/protocol/errors.h"

namespace terrain::demo {

class AdminSession {
 public:
  explicit AdminSession(std::string url) : url_(std::move(url)) {}
  Status login(const std::string& name, const std::string& password);
  const std::string& token() const { return token_; }
  // A single-use code for a tablet with this role and scope.
  Result<std::string> enrolment_code(const std::string& role, const nlohmann::json& scope);
  // Creates a meeting record centrally; returns its id.
  Result<std::string> define_meeting(const std::string& id, const nlohmann::json& fields);
  Result<nlohmann::json> get_json(const std::string& target);

 private:
  Result<nlohmann::json> request(const std::string& method, const std::string& target,
                                 const nlohmann::json& body, int expected);
  std::string url_;
  std::string token_;
};

}  // namespace terrain::demo
