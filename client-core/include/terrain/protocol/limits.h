// Every tunable of the protocol, in one place, each with its reason.
// The server may tighten these through its configuration; a tablet uses them as is.
#pragma once

#include <cstddef>
#include <cstdint>

namespace terrain {

struct Limits {
  // A whole change set on the wire (envelope with body and values). 500 changes of
  // a few fields each is about 300 KiB; 8 MiB leaves room without letting one
  // request hold a worker's memory.
  std::size_t max_change_set_bytes = 8u * 1024 * 1024;
  // Changes in one change set: the benchmarks use 500; a meeting's check-ins fit.
  std::size_t max_changes_per_set = 1000;
  // Fields written by one change: the widest schema has ~20 fields.
  std::size_t max_fields_per_change = 64;
  // One field value as JSON text: a contribution's free text is at most 8,000
  // characters (up to 4 bytes each in UTF-8) plus quoting.
  std::size_t max_value_bytes = 40u * 1024;
  // JSON nesting anywhere (envelope, body, values). Checked on the raw bytes before
  // any parser recurses: deep JSON is a stack-exhaustion attack on recursive parsers.
  std::size_t max_json_depth = 32;
  // A clock more than this ahead of the server's is refused with clock_ahead.
  std::int64_t max_clock_ahead_ms = 5 * 60 * 1000;
  // Counter increments are bounded so a typo cannot add a million people.
  std::int64_t max_counter_step = 100000;
  // Drafts of one meeting are sealed into change sets of at most this many changes.
  std::size_t seal_batch = 500;
};

}  // namespace terrain
