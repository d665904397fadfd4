// optbench merge --out DIR SHARD_DIR... [--wait]: joins the outputs of `run --shard I/N`. Nothing
// is trusted on the shards' word: the manifests must agree (config hash, version, git revision,
// every shard once), and every run of every shard is checked against the plan rebuilt from the
// config the manifest carries (in its shard, identifier cells equal, once, its other tables'
// rows all there by count and CRC-32). The result is written in a temporary folder and renamed
// into place, so a failed merge leaves nothing half-written behind.

#include <unistd.h>

#include <boost/program_options.hpp>
#include <filesystem>
#include <iostream>
#include <map>
#include <memory>
#include <optional>
#include <regex>

#include "commands.hpp"
#include "optbench/config/load_config.hpp"
#include "optbench/config/run_plan.hpp"
#include "optbench/core/error.hpp"
#include "optbench/io/atomic_file.hpp"
#include "optbench/io/csv.hpp"
#include "optbench/io/folder_lock.hpp"
#include "optbench/io/manifest.hpp"
#include "optbench/io/record_file.hpp"
#include "optbench/run/experiment_kind.hpp"
#include "optbench/run/interrupt.hpp"
#include "optbench/run/record_check.hpp"
#include "optbench/run/tuning.hpp"

namespace po = boost::program_options;
namespace fs = std::filesystem;

namespace optbench::cli {

namespace {

// At most this many problems of a shard are listed in the refusal.
constexpr std::size_t kProblemsListed = 10;

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

struct Shard {
  std::string folder;
  Manifest manifest;
  std::unique_ptr<FolderLock> lock;  // shared: no writer may change it while it is read
  CheckedRecords records;
};

// The manifests must describe one sweep, made by one build, every shard present once.
void check_manifests(const std::vector<Shard>& shards) {
  const Manifest& first = shards.front().manifest;
  std::map<int, std::string> by_index;
  for (const Shard& s : shards) {
    const Manifest& m = s.manifest;
    const SourceLocation where{s.folder + "/manifest.json", 0, 0};
    if (!m.complete) {
      throw Error({s.folder, 0, 0}, "", "this shard did not finish (run it again with --resume)");
    }
    if (m.config_hash != first.config_hash) {
      throw Error(where, "config_hash",
                  "differs from " + shards.front().folder + " (" + m.config_hash + " vs " +
                      first.config_hash + "): shards of different configs, data or plugins");
    }
    if (m.version != first.version) {
      throw Error(where, "optbench_version",
                  m.version + " differs from " + first.version + " in " + shards.front().folder +
                      ": shards of one sweep must come from one build");
    }
    if (m.git_revision != first.git_revision) {
      throw Error(where, "git_revision",
                  m.git_revision + " differs from " + first.git_revision + " in " +
                      shards.front().folder + ": shards of one sweep must come from one build");
    }
    if (m.csv_format != kCsvFormat) {
      throw Error(where, "csv_format",
                  std::to_string(m.csv_format) + " is the CSV format of optbench " + m.version +
                      ", which wrote this shard; this build writes format " +
                      std::to_string(kCsvFormat) +
                      " (lists as [a b], results/README.md): merge with the build that ran the "
                      "shards");
    }
    if (m.shard_count != first.shard_count) {
      throw Error(where, "shard",
                  "is one of " + std::to_string(m.shard_count) + " shards, " +
                      shards.front().folder + " one of " + std::to_string(first.shard_count));
    }
    if (!by_index.emplace(m.shard_index, s.folder).second) {
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
}

// What the shards ran, rebuilt from the config text their manifest carries: the kind and the
// plan, and for a tuned config (tune:, whose shards hold trials) the trials' plan and kind.
struct Rebuilt {
  std::unique_ptr<ExperimentKind> base;  // the config's kind
  std::unique_ptr<ExperimentKind> kind;  // what the shards ran (the trials' kind when tuned)
  std::optional<ExperimentSpec> tuned;   // the config, when it has tune:
};

RunPlan rebuild_plan(const Shard& shard, Rebuilt& rebuilt) {
  const Manifest& m = shard.manifest;
  try {
    const ExperimentSpec spec = parse_config(m.config_text, m.config_file);
    rebuilt.base = checked_kind(spec).make();
    RunPlan plan = [&] {
      if (!spec.tune) return expand_plan(spec, rebuilt.base->uses_optimizers(), true);
      rebuilt.tuned = spec;
      rebuilt.kind = trials_kind(*rebuilt.base);
      return tuning_plan_of(spec, true);
    }();
    if (!rebuilt.kind) rebuilt.kind = std::move(rebuilt.base);
    if (plan.run_count() != m.runs) {
      throw Error("", "the config expands to " + std::to_string(plan.run_count()) +
                          " runs, the manifest says " + std::to_string(m.runs));
    }
    return plan;
  } catch (const Error& e) {
    throw Error({shard.folder + "/manifest.json", 0, 0}, "config",
                "cannot rebuild the plan from the config it records (" + e.message() +
                    "); merge with the optbench build that ran the shards");
  }
}

// Every run of the shard's slice, verified; anything else refuses the shard.
void verify_shard(Shard& shard, const RunPlan& plan, const std::vector<TableSpec>& tables) {
  const auto count = static_cast<std::size_t>(shard.manifest.shard_count);
  const auto index = static_cast<std::size_t>(shard.manifest.shard_index - 1);
  RecordExpectation e;
  e.with_header = true;
  for (const auto& t : tables) {
    e.files.push_back(shard.folder + "/" + t.file);
    e.headers.push_back(t.header());
    e.timed_last_column.push_back(t.timed_last_column);
  }
  e.runs_columns = tables[0].columns.size();
  e.expected_ids = [&](std::size_t id) -> std::optional<std::vector<std::string>> {
    if (id >= plan.run_count() || id % count != index) return std::nullopt;
    return plan.id_cells(plan.run(id));
  };
  shard.records = check_records(e);
  std::vector<std::string> problems = shard.records.problems;
  std::size_t missing = 0;
  std::string first_missing;
  for (std::size_t id = index; id < plan.run_count(); id += count) {
    if (shard.records.runs.count(id) != 0) continue;
    if (++missing <= 5) first_missing += (first_missing.empty() ? "" : ", ") + std::to_string(id);
  }
  if (missing > 0) {
    problems.insert(problems.begin(), "misses " + std::to_string(missing) + " of its runs (run " +
                                          first_missing + (missing > 5 ? ", ..." : "") + ")");
  }
  if (problems.empty()) return;
  std::string text =
      "shard " + std::to_string(index + 1) + "/" + std::to_string(count) + " cannot be merged: ";
  for (std::size_t i = 0; i < problems.size() && i < kProblemsListed; ++i)
    text += (i == 0 ? "" : "; ") + problems[i];
  if (problems.size() > kProblemsListed)
    text += "; and " + std::to_string(problems.size() - kProblemsListed) + " more";
  text += ". Run that shard again (--force) and merge again";
  throw Error({shard.folder, 0, 0}, "", text);
}

// K-way merge of the shards' verified blocks of one table, by run_id.
void merge_table(const std::vector<Shard>& shards, std::size_t table, const TableSpec& spec,
                 const std::string& out_path) {
  AtomicFileWriter out(out_path);
  out.write(csv_line(spec.header()) + "\n");
  std::vector<std::size_t> at(shards.size(), 0);
  for (;;) {
    std::size_t best = shards.size();
    for (std::size_t s = 0; s < shards.size(); ++s) {
      const auto& blocks = shards[s].records.blocks[table];
      if (at[s] >= blocks.size()) continue;
      if (best == shards.size() ||
          blocks[at[s]].run_id < shards[best].records.blocks[table][at[best]].run_id) {
        best = s;
      }
    }
    if (best == shards.size()) break;
    const RecordBlock& b = shards[best].records.blocks[table][at[best]++];
    out.copy_range(shards[best].folder + "/" + spec.file, b.begin, b.end);
  }
  out.commit();
}

}  // namespace

int merge_command(const std::vector<std::string>& args) {
  po::options_description flags("optbench merge");
  flags.add_options()("out", po::value<std::string>(), "results root to write DIR/<name>")(
      "wait", "wait while another process writes a shard or the destination")(
      "shards", po::value<std::vector<std::string>>(), "shard folders");
  po::positional_options_description positional;
  positional.add("shards", -1);
  po::variables_map vm;
  po::store(po::command_line_parser(args).options(flags).positional(positional).run(), vm);
  po::notify(vm);
  if (vm.count("out") == 0) throw Error("--out", "missing: where to write the merged result");
  if (vm.count("shards") == 0)
    throw Error("", "merge: which shard folders? usage: optbench merge --out DIR SHARD_DIR...");
  const bool wait = vm.count("wait") != 0;
  auto waiting = [](const std::string& holder) {
    std::cerr << "optbench: waiting for " << holder << " to finish\n";
  };
  install_interrupt_handler();

  std::vector<Shard> shards;
  for (const auto& dir : vm["shards"].as<std::vector<std::string>>()) {
    Shard s;
    s.folder = result_folder(dir);
    s.lock = std::make_unique<FolderLock>(s.folder, FolderLock::Mode::shared, "merge", wait,
                                          waiting, stop_requested);
    s.manifest = *read_manifest(s.folder);
    shards.push_back(std::move(s));
  }
  check_manifests(shards);
  const Manifest& first = shards.front().manifest;

  Rebuilt rebuilt;
  const RunPlan plan = rebuild_plan(shards.front(), rebuilt);
  const ExperimentKind* kind = rebuilt.kind.get();
  const std::vector<TableSpec> tables = with_integrity_columns(kind->tables(plan));
  for (Shard& s : shards) verify_shard(s, plan, tables);

  const fs::path root = vm["out"].as<std::string>();
  const std::string dir = (root / first.name).string();
  if (fs::exists(dir) && !fs::is_empty(dir)) {
    const auto there = read_manifest(dir);
    if (there && there->complete && there->config_hash == first.config_hash &&
        there->shard_count == 1) {
      std::cout << dir << " already holds the complete merged result\n";
      return kExitOk;
    }
    throw Error({dir, 0, 0}, "", "exists and is not empty: merge into a new --out");
  }
  // Written beside its destination and renamed into place: complete or absent, never half.
  fs::create_directories(root);
  const std::string temp = (root / ("." + first.name + ".merging")).string();
  fs::create_directories(temp);
  const FolderLock lock(temp, FolderLock::Mode::exclusive, "merge", wait, waiting, stop_requested);
  try {
    for (const auto& entry : fs::directory_iterator(temp)) {
      // What a merge that died left behind: the lock says nobody is working on it now.
      if (entry.path().filename() != kLockFileName) fs::remove_all(entry.path());
    }
    for (std::size_t t = 0; t < tables.size(); ++t) {
      merge_table(shards, t, tables[t], temp + "/" + tables[t].file);
    }
    std::string manifest = read_file(shards.front().folder + "/manifest.json");
    manifest = std::regex_replace(manifest, std::regex("\"shard\": \"[0-9]+/[0-9]+\""),
                                  "\"shard\": \"1/1\"");
    manifest = std::regex_replace(
        manifest, std::regex("\"finished\": "),
        "\"merged_from_shards\": " + std::to_string(first.shard_count) + ",\n  \"finished\": ");
    write_file_atomically(temp + "/manifest.json", manifest);
    kind->finish(temp);  // summary.csv and comparisons.csv (which read the manifest's config)
    if (rebuilt.tuned) {
      // The trials are all here now: the selection (tuning.csv, chosen.csv, tuning_curve.csv),
      // as the unsharded run writes it; the final runs follow with run --resume.
      write_selection(plan, selection_metric(*rebuilt.tuned, *rebuilt.base->ranking_rule()), temp);
    }
    sync_directory(temp);
    if (fs::exists(dir)) fs::remove(dir);  // an empty folder left by an earlier attempt
    fs::rename(temp, dir);
    sync_directory(root.string());
  } catch (...) {
    std::error_code ec;
    fs::remove_all(temp, ec);  // ours while we hold its lock
    throw;
  }
  std::cout << "merged " << first.shard_count << " shards of " << first.name << " -> " << dir
            << "\n";
  if (rebuilt.tuned) {
    std::cout << "the trials are complete and chosen.csv is written: optbench run CONFIG --out "
              << root.string() << " --resume runs the final runs\n";
  }
  return kExitOk;
}

}  // namespace optbench::cli
