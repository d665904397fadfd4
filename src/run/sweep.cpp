#include "optbench/run/sweep.hpp"

#include <atomic>
#include <filesystem>
#include <mutex>
#include <thread>

#include "optbench/core/error.hpp"
#include "optbench/io/atomic_file.hpp"
#include "optbench/io/manifest.hpp"
#include "optbench/run/interrupt.hpp"
#include "optbench/run/result_store.hpp"

namespace optbench {

namespace fs = std::filesystem;

std::vector<std::size_t> shard_runs(std::size_t total, int index, int count) {
  std::vector<std::size_t> out;
  for (std::size_t id = static_cast<std::size_t>(index - 1); id < total;
       id += static_cast<std::size_t>(count)) {
    out.push_back(id);
  }
  return out;
}

namespace {

// Refuses what must not be touched, and clears the folder when --force says so.
// Returns true when the folder already holds this complete result.
bool prepare_folder(const RunPlan& plan, const std::vector<TableSpec>& tables,
                    const SweepOptions& options, const std::string& dir) {
  if (!fs::exists(dir)) return false;
  const SourceLocation config{plan.spec.file, 0, 0};
  const auto manifest = read_manifest(dir);
  if (!options.force) {
    if (!manifest) {
      if (!fs::is_empty(dir)) {
        throw Error(config, "",
                    dir +
                        " exists and is not an optbench result; pass --force to "
                        "write into it or --out to choose another folder");
      }
      return false;
    }
    if (manifest->config_hash != plan.hash) {
      throw Error(config, "",
                  dir + " holds results of a different config (hash " + manifest->config_hash +
                      ", this one " + plan.hash +
                      "); pass --force to replace them or --out to keep both");
    }
    if (manifest->shard_index != options.shard_index ||
        manifest->shard_count != options.shard_count) {
      throw Error(config, "",
                  dir + " holds shard " + std::to_string(manifest->shard_index) + "/" +
                      std::to_string(manifest->shard_count) + "; give each shard its own --out");
    }
    if (manifest->complete) return true;
    if (!options.resume) {
      throw Error(config, "",
                  dir +
                      " holds an unfinished sweep of this config; pass --resume "
                      "to run the missing runs or --force to start over");
    }
    return false;
  }
  // --force: remove what optbench wrote there, nothing else.
  fs::remove(dir + "/manifest.json");
  for (const auto& t : tables) {
    fs::remove(dir + "/" + t.file);
    fs::remove(dir + "/" + t.file + ".part");
  }
  fs::remove(dir + "/summary.csv");
  fs::remove(dir + "/comparisons.csv");
  return false;
}

}  // namespace

SweepReport run_sweep(const RunPlan& plan, const ExperimentKind& kind,
                      const SweepOptions& options) {
  SweepReport report;
  report.dir = (fs::path(options.out_root) / plan.spec.name).string();
  const std::vector<TableSpec> tables = kind.tables(plan);
  const std::vector<std::size_t> mine =
      shard_runs(plan.runs.size(), options.shard_index, options.shard_count);
  report.shard_runs = mine.size();
  if (prepare_folder(plan, tables, options, report.dir)) {
    report.state = SweepState::AlreadyComplete;
    return report;
  }
  fs::create_directories(report.dir);
  Manifest manifest = make_manifest(plan, options.shard_index, options.shard_count);
  if (const auto earlier = read_manifest(report.dir)) manifest.started = earlier->started;
  write_file_atomically(report.dir + "/manifest.json", to_json(manifest));

  ResultStore store(report.dir, tables);
  const std::set<std::size_t> finished = store.recover();
  std::vector<std::size_t> todo;
  for (const std::size_t id : mine) {
    if (finished.count(id) == 0) todo.push_back(id);
  }
  report.resumed = mine.size() - todo.size();
  store.open();

  std::atomic<std::size_t> next{0};
  std::atomic<std::size_t> done{report.resumed};
  std::mutex failure_mutex;
  auto worker = [&] {
    while (!stop_requested()) {
      const std::size_t i = next.fetch_add(1);
      if (i >= todo.size()) return;
      const RunSpec& run = plan.runs[todo[i]];
      RunRecorder rows(run.run_id, tables.size(), store.spill_prefix(run.run_id));
      try {
        kind.run(plan, run, rows);
        store.commit(rows);
      } catch (const std::exception& e) {
        const std::lock_guard<std::mutex> lock(failure_mutex);
        if (report.failure.empty()) {
          report.failure = "run " + std::to_string(run.run_id) + ": " + e.what();
        }
        continue;
      }
      const std::size_t now = ++done;
      if (options.progress) options.progress(now, mine.size());
    }
  };
  const unsigned threads =
      std::max(1u, std::min<unsigned>(options.jobs, static_cast<unsigned>(todo.size())));
  if (threads == 1) {
    worker();
  } else {
    std::vector<std::thread> pool;
    for (unsigned t = 0; t < threads; ++t) pool.emplace_back(worker);
    for (auto& th : pool) th.join();
  }
  report.ran = done - report.resumed;
  if (!report.failure.empty()) {
    report.state = SweepState::Failed;
    return report;
  }
  if (done < mine.size()) {
    report.state = SweepState::Interrupted;
    return report;
  }
  store.finalize();
  kind.finish(report.dir);
  manifest.finished = utc_now();
  manifest.complete = true;
  write_file_atomically(report.dir + "/manifest.json", to_json(manifest));
  return report;
}

}  // namespace optbench
