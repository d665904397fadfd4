#pragma once
// manifest.json: what produced a result folder, enough to reproduce it and to refuse mixing.

#include <optional>
#include <string>
#include <vector>

#include "optbench/io/input_file.hpp"

namespace optbench {

/// The form of the CSV cells this build writes, recorded in manifest.json. 1 (a manifest without
/// the field): lists space-separated (`64 64`, the empty list an empty cell), torch's None
/// `null`, integrity checksums in hex; 2: lists `[64 64]` and `[]`, None an empty cell, decimal
/// checksums. A folder of another form is neither resumed nor merged: its rows would not match.
inline constexpr int kCsvFormat = 2;

/// The facts manifest.json records about a sweep.
struct Manifest {
  std::string name;
  std::string kind;
  std::string config_file;
  std::string config_hash;
  std::string config_text;
  std::size_t runs = 0;
  int shard_index = 1;
  int shard_count = 1;
  std::string version;
  std::string git_revision;
  std::string compiler;
  std::string flags;
  std::string cpu;
  std::string started;
  std::string finished;  ///< empty while the sweep is incomplete
  bool complete = false;
  int csv_format = 1;              ///< kCsvFormat of the build that wrote the folder
  std::vector<InputFile> inputs;   ///< data files the runs read, with size and CRC-32
  std::vector<InputFile> plugins;  ///< plugin libraries loaded for the runs, likewise
};

/// A manifest with this build's facts (version, compiler, flags, CPU, CSV form) and the current
/// time as start; run/plan_manifest.hpp adds a plan's.
Manifest build_manifest();

/// Serialises to JSON.
std::string to_json(const Manifest& m);

/// Reads dir/manifest.json; nullopt when there is none.
std::optional<Manifest> read_manifest(const std::string& dir);

/// The current UTC time as ISO 8601.
std::string utc_now();

}  // namespace optbench
