// optbench merge --out DIR SHARD_DIR...: joins the outputs of `run --shard I/N` after checking
// that their manifests describe the same config, version and complete set of shards.

#include <boost/program_options.hpp>
#include <filesystem>
#include <iostream>
#include <map>
#include <memory>
#include <regex>

#include "commands.hpp"
#include "optbench/core/error.hpp"
#include "optbench/experiments/experiment_kind.hpp"
#include "optbench/io/atomic_file.hpp"
#include "optbench/io/csv.hpp"
#include "optbench/io/manifest.hpp"
#include "optbench/io/record_file.hpp"

namespace po = boost::program_options;
namespace fs = std::filesystem;

namespace optbench::cli {

namespace {

// The shard folder itself, or its single experiment folder (`--out` root of a shard).
std::string result_folder(const std::string& dir) {
  if (fs::exists(dir + "/manifest.json")) return dir;
  std::string found;
  if (fs::is_directory(dir)) {
    for (const auto& entry : fs::directory_iterator(dir)) {
      if (fs::exists(entry.path() / "manifest.json")) {
        if (!found.empty()) {
          throw Error({dir, 0, 0}, "", "holds several results; name the experiment folder");
        }
        found = entry.path().string();
      }
    }
  }
  if (found.empty()) throw Error({dir, 0, 0}, "", "no manifest.json here: not an optbench result");
  return found;
}

// K-way merge of files sorted by run_id, each run's rows kept together.
void merge_table(const std::vector<std::string>& files, const std::string& out_path) {
  struct Source {
    std::unique_ptr<RecordReader> reader;
    std::string record;
    bool live = false;
  };
  std::vector<Source> sources;
  std::string header;
  for (const auto& f : files) {
    Source s;
    s.reader = std::make_unique<RecordReader>(f);
    std::string h;
    if (!s.reader->next(h)) throw Error({f, 1, 1}, "", "the file is empty");
    if (header.empty()) header = h;
    if (h != header) throw Error({f, 1, 1}, "", "its header differs from the first shard's");
    if (h.rfind("run_id,", 0) != 0) throw Error({f, 1, 1}, "", "has no run_id column to merge by");
    s.live = s.reader->next(s.record);
    sources.push_back(std::move(s));
  }
  AtomicFileWriter out(out_path);
  out.write(header + "\n");
  while (true) {
    Source* best = nullptr;
    for (auto& s : sources) {
      if (s.live && (best == nullptr || record_run_id(s.record) < record_run_id(best->record)))
        best = &s;
    }
    if (best == nullptr) break;
    const std::size_t id = record_run_id(best->record);
    while (best->live && record_run_id(best->record) == id) {
      out.write(best->record + "\n");
      best->live = best->reader->next(best->record);
    }
  }
  out.commit();
}

}  // namespace

int merge_command(const std::vector<std::string>& args) {
  po::options_description flags("optbench merge");
  flags.add_options()("out", po::value<std::string>(), "results root to write DIR/<name>")(
      "shards", po::value<std::vector<std::string>>(), "shard folders");
  po::positional_options_description positional;
  positional.add("shards", -1);
  po::variables_map vm;
  po::store(po::command_line_parser(args).options(flags).positional(positional).run(), vm);
  po::notify(vm);
  if (vm.count("out") == 0) throw Error("--out", "missing: where to write the merged result");
  if (vm.count("shards") == 0)
    throw Error("", "merge: which shard folders? usage: optbench merge --out DIR SHARD_DIR...");

  std::vector<std::string> folders;
  std::vector<Manifest> manifests;
  for (const auto& dir : vm["shards"].as<std::vector<std::string>>()) {
    folders.push_back(result_folder(dir));
    const auto m = read_manifest(folders.back());
    if (!m->complete) {
      throw Error({folders.back(), 0, 0}, "",
                  "this shard did not finish (run it again with --resume)");
    }
    manifests.push_back(*m);
  }
  const Manifest& first = manifests.front();
  std::map<int, std::string> by_index;
  for (std::size_t i = 0; i < manifests.size(); ++i) {
    const Manifest& m = manifests[i];
    const SourceLocation where{folders[i] + "/manifest.json", 0, 0};
    if (m.config_hash != first.config_hash) {
      throw Error(where, "config_hash",
                  "differs from " + folders[0] + " (" + m.config_hash + " vs " + first.config_hash +
                      "): shards of different configs");
    }
    if (m.version != first.version) {
      throw Error(where, "optbench_version", m.version + " differs from " + first.version);
    }
    if (m.shard_count != first.shard_count) {
      throw Error(where, "shard",
                  "is one of " + std::to_string(m.shard_count) + " shards, " + folders[0] +
                      " one of " + std::to_string(first.shard_count));
    }
    if (!by_index.emplace(m.shard_index, folders[i]).second) {
      throw Error(where, "shard",
                  "shard " + std::to_string(m.shard_index) + " is given twice (also " +
                      by_index[m.shard_index] + ")");
    }
  }
  for (int i = 1; i <= first.shard_count; ++i) {
    if (by_index.count(i) == 0) {
      throw Error("", "shard " + std::to_string(i) + "/" + std::to_string(first.shard_count) +
                          " is missing: give every shard's folder");
    }
  }

  const std::string dir = (fs::path(vm["out"].as<std::string>()) / first.name).string();
  if (fs::exists(dir) && !fs::is_empty(dir)) {
    const auto there = read_manifest(dir);
    if (there && there->complete && there->config_hash == first.config_hash &&
        there->shard_count == 1) {
      std::cout << dir << " already holds the complete merged result\n";
      return kExitOk;
    }
    throw Error({dir, 0, 0}, "", "exists and is not empty: merge into a new --out");
  }
  fs::create_directories(dir);
  for (const auto& entry : fs::directory_iterator(by_index[1])) {
    const std::string file = entry.path().filename().string();
    // Derived files are not merged: finish() writes them again from the merged runs.csv.
    if (entry.path().extension() != ".csv" || file == "summary.csv" || file == "comparisons.csv")
      continue;
    std::vector<std::string> files;
    files.reserve(by_index.size());
    for (const auto& [index, folder] : by_index) files.push_back(folder + "/" + file);
    merge_table(files, dir + "/" + file);
  }
  find_experiment(first.kind).make()->finish(dir);
  std::string manifest = read_file(by_index[1] + "/manifest.json");
  manifest = std::regex_replace(manifest, std::regex("\"shard\": \"[0-9]+/[0-9]+\""),
                                "\"shard\": \"1/1\"");
  manifest = std::regex_replace(
      manifest, std::regex("\"finished\": "),
      "\"merged_from_shards\": " + std::to_string(first.shard_count) + ",\n  \"finished\": ");
  write_file_atomically(dir + "/manifest.json", manifest);
  std::cout << "merged " << first.shard_count << " shards of " << first.name << " -> " << dir
            << "\n";
  return kExitOk;
}

}  // namespace optbench::cli
