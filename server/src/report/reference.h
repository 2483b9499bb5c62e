// Reference data for reports (labels, territories, the cooperation framework),
// read once from the schema bundle embedded in the server (schemas/reference/),
// so reports use the exact French labels the tablets show.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "terrain/protocol/schema.h"

namespace terrain::server::report {

struct CodeLabel {
  std::string code;
  std::string label;  // French
};

struct Department {
  std::string code;
  std::string label;
  std::string region;
};

struct Region {
  std::string code;
  std::string label;
  bool overseas = false;
};

struct Priority {
  int code = 0;
  std::string axis;
  std::string label;
};

struct Reference {
  std::vector<Region> regions;          // INSEE order of the file
  std::vector<Department> departments;  // 01...95, 2A/2B, 971...976
  std::vector<CodeLabel> actor_types;
  std::vector<CodeLabel> meeting_types;
  std::vector<CodeLabel> meeting_formats;
  std::vector<CodeLabel> meeting_statuses;
  std::vector<CodeLabel> roles;
  std::vector<CodeLabel> people_concerned;
  std::vector<CodeLabel> principles;
  std::vector<CodeLabel> values;
  std::vector<CodeLabel> axes;
  std::vector<Priority> priorities;  // 1...11

  // The French label of a code in a list, or the code itself when unknown.
  static std::string label_of(const std::vector<CodeLabel>& list, const std::string& code);
  const Department* department(const std::string& code) const;
  const Region* region(const std::string& code) const;
  std::string axis_label(const std::string& code) const { return label_of(axes, code); }

  // Loaded from a registry's documents (the embedded bundle in the server).
  static Reference from(const SchemaRegistry& schemas);
  // The embedded bundle's reference data, loaded once.
  static const Reference& embedded();
};

}  // namespace terrain::server::report
