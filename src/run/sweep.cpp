#include "optbench/run/sweep.hpp"

#include <atomic>
#include <filesystem>
#include <mutex>
#include <thread>

#include "optbench/core/error.hpp"
#include "optbench/io/atomic_file.hpp"
#include "optbench/io/folder_lock.hpp"
#include "optbench/io/manifest.hpp"
#include "optbench/run/interrupt.hpp"
#include "optbench/run/plan_manifest.hpp"
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

bool is_lock_or_part(const std::string& file) {
  return file == kLockFileName ||
         (file.size() > 5 && file.compare(file.size() - 5, 5, ".part") == 0);
}

// A folder optbench did not write is never touched, not even by a lock file: checked before the
// lock is taken (and again under it).
void refuse_foreign_folder(const RunPlan& plan, const SweepOptions& options,
                           const std::string& dir) {
  std::error_code ec;
  if (options.force || !fs::exists(dir, ec)) return;
  if (!fs::is_directory(dir, ec)) {
    throw Error({plan.spec.file, 0, 0}, "",
                dir + " exists and is not a folder; pass --out to choose another");
  }
  if (fs::exists(dir + "/manifest.json", ec)) return;
  for (const auto& entry : fs::directory_iterator(dir)) {
    if (!is_lock_or_part(entry.path().filename().string())) {
      throw Error({plan.spec.file, 0, 0}, "",
                  dir +
                      " exists and is not an optbench result; pass --force to "
                      "write into it or --out to choose another folder");
    }
  }
}

// How the plugins a folder's runs used differ from those loaded now; "" when they do not.
std::string changed_plugins(const std::vector<InputFile>& was, const std::vector<InputFile>& now) {
  auto text = [](const InputFile& f) {
    return f.path + " (" + std::to_string(f.bytes) + " bytes, crc32 " + f.crc32 + ")";
  };
  for (std::size_t i = 0; i < was.size() && i < now.size(); ++i) {
    if (was[i].bytes != now[i].bytes || was[i].crc32 != now[i].crc32) {
      return "plugin " + text(was[i]) + " is now " + text(now[i]);
    }
  }
  if (was.size() > now.size()) return "they loaded " + text(was[now.size()]) + ", not loaded now";
  if (now.size() > was.size()) return "plugin " + text(now[was.size()]) + " was not loaded then";
  return "";
}

// Why a folder's manifest does not match this plan, as specifically as the manifest allows.
std::string mismatch(const Manifest& there, const RunPlan& plan, const std::string& dir) {
  if (there.config_text == plan.spec.source_text && there.inputs.size() == plan.inputs.size()) {
    for (std::size_t i = 0; i < there.inputs.size(); ++i) {
      const InputFile& was = there.inputs[i];
      const InputFile& now = plan.inputs[i];
      if (was.bytes != now.bytes || was.crc32 != now.crc32) {
        return dir + " holds runs on other data: " + now.path + " changed since they ran (" +
               std::to_string(was.bytes) + " bytes, crc32 " + was.crc32 + "; now " +
               std::to_string(now.bytes) + " bytes, crc32 " + now.crc32 +
               "), so the results would mix two data sets; pass --force to start over or --out "
               "to keep both";
      }
    }
  }
  if (there.config_text == plan.spec.source_text) {
    if (const std::string changed = changed_plugins(there.plugins, plan.plugins);
        !changed.empty()) {
      return dir + " holds runs made with other plugin code: " + changed +
             ", so the results would mix two versions of an optimizer or function; pass --force "
             "to start over or --out to keep both";
    }
  }
  return dir + " holds results of a different config (hash " + there.config_hash + ", this one " +
         plan.hash + "); pass --force to replace them or --out to keep both";
}

// An unfinished folder whose rows this build cannot extend: their cells are of an older form.
std::string older_csv_format(const Manifest& there, const std::string& dir) {
  return dir + " holds an unfinished sweep written by optbench " + there.version +
         " in CSV format " + std::to_string(there.csv_format) +
         " (lists space-separated); this build writes format " + std::to_string(kCsvFormat) +
         " (lists as [a b], results/README.md), so it cannot resume it: pass --force to run it "
         "again, --out to keep both, or resume with the optbench that started it";
}

// Under the lock: refuses what must not be touched, clears the folder when --force says so.
// Returns true when the folder already holds this complete result.
bool prepare_folder(const RunPlan& plan, const std::vector<TableSpec>& tables,
                    const SweepOptions& options, const std::string& dir) {
  const SourceLocation config{plan.spec.file, 0, 0};
  const auto manifest = read_manifest(dir);
  if (!options.force) {
    refuse_foreign_folder(plan, options, dir);
    if (!manifest) return false;
    if (manifest->config_hash != plan.hash) throw Error(config, "", mismatch(*manifest, plan, dir));
    if (manifest->csv_format != kCsvFormat && !manifest->complete) {
      throw Error(config, "", older_csv_format(*manifest, dir));
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

// At most this many notes are listed one by one; the rest are counted.
constexpr std::size_t kNotesListed = 20;

void add_notes(std::vector<std::string>& into, const std::vector<std::string>& notes,
               const std::string& context) {
  for (std::size_t i = 0; i < notes.size() && i < kNotesListed; ++i)
    into.push_back(context + notes[i]);
  if (notes.size() > kNotesListed) {
    into.push_back(context + "and " + std::to_string(notes.size() - kNotesListed) +
                   " more runs dropped the same way");
  }
}

// Clears the finishing state however the final write ends.
struct Finishing {
  Finishing() { set_finishing(true); }
  ~Finishing() { set_finishing(false); }
  Finishing(const Finishing&) = delete;
  Finishing& operator=(const Finishing&) = delete;
};

}  // namespace

SweepReport run_sweep(const RunPlan& plan, const ExperimentKind& kind,
                      const SweepOptions& options) {
  SweepReport report;
  report.dir = (fs::path(options.out_root) / plan.spec.name).string();
  const std::vector<TableSpec> tables = with_integrity_columns(kind.tables(plan));
  // The shard's runs are first + k * stride: counted and derived, never listed, so that a sweep's
  // memory does not grow with its runs.
  const auto first = static_cast<std::size_t>(options.shard_index - 1);
  const auto stride = static_cast<std::size_t>(options.shard_count);
  const std::size_t total = plan.run_count();
  const std::size_t mine = total > first ? (total - first + stride - 1) / stride : 0;
  report.shard_runs = mine;

  refuse_foreign_folder(plan, options, report.dir);
  fs::create_directories(report.dir);
  const FolderLock lock(report.dir, FolderLock::Mode::exclusive, options.command, options.wait,
                        options.waiting, stop_requested);
  if (!lock.stale_note().empty()) report.notes.push_back(lock.stale_note());
  if (prepare_folder(plan, tables, options, report.dir)) {
    report.state = SweepState::AlreadyComplete;
    return report;
  }
  Manifest manifest = make_manifest(plan, options.shard_index, options.shard_count);
  if (const auto earlier = read_manifest(report.dir)) manifest.started = earlier->started;
  write_file_atomically(report.dir + "/manifest.json", to_json(manifest));

  // A run belongs to this folder when it is in the plan and in this shard.
  auto expected_ids = [&plan, &options](std::size_t id) -> std::optional<std::vector<std::string>> {
    if (id >= plan.run_count()) return std::nullopt;
    if (id % static_cast<std::size_t>(options.shard_count) !=
        static_cast<std::size_t>(options.shard_index - 1)) {
      return std::nullopt;
    }
    return plan.id_cells(plan.run(id));
  };
  ResultStore store(report.dir, tables, expected_ids);
  std::vector<std::string> dropped;
  const RunIds finished = store.recover(dropped);
  add_notes(report.notes, dropped, "resume: ");
  report.resumed = finished.size();
  store.open();
  if (options.starting) options.starting(report.resumed, mine);

  std::atomic<std::size_t> next{0};
  std::atomic<std::size_t> done{report.resumed};
  std::atomic<bool> broken{false};  // the part files could not be written: stop everything
  std::mutex failure_mutex;
  auto fail = [&](const std::string& what) {
    const std::lock_guard<std::mutex> guard(failure_mutex);
    if (report.failure.empty()) report.failure = what;
  };
  auto worker = [&] {
    while (!stop_requested() && !broken.load()) {
      const std::size_t k = next.fetch_add(1);
      if (k >= mine) return;
      const std::size_t id = first + k * stride;
      if (finished.count(id) != 0) continue;
      const RunSpec run = plan.run(id);
      RunRecorder rows(run.run_id, tables, store.spill_prefix(run.run_id));
      try {
        kind.run(plan, run, rows);
      } catch (const RunInterrupted&) {
        return;  // not recorded: it runs again on --resume
      } catch (const std::exception& e) {
        fail("run " + std::to_string(run.run_id) + ": " + e.what());
        continue;
      }
      try {
        store.commit(rows);
      } catch (const std::exception& e) {
        broken.store(true);
        fail("cannot record run " + std::to_string(run.run_id) + ": " + e.what());
        return;
      }
      const std::size_t now = ++done;
      if (options.progress) options.progress(now, mine);
    }
  };
  const unsigned threads = std::max(
      1u, static_cast<unsigned>(std::min<std::size_t>(options.jobs, mine - report.resumed)));
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
  if (done < mine) {
    report.state = SweepState::Interrupted;
    return report;
  }

  // Every run is done: the final files are written whole whatever signal comes now.
  const Finishing finishing;
  std::vector<std::string> damaged;
  const std::size_t missing = store.verify(mine, damaged);
  if (missing > 0) {
    add_notes(report.notes, damaged, "");
    report.failure = std::to_string(missing) +
                     " finished run(s) did not verify in the part files (changed during the "
                     "sweep?); --resume runs them again";
    report.state = SweepState::Failed;
    return report;
  }
  store.finalize();
  kind.finish(report.dir);
  manifest.finished = utc_now();
  manifest.complete = true;
  write_file_atomically(report.dir + "/manifest.json", to_json(manifest));
  sync_directory(report.dir);
  // Only now: until the manifest says complete, the part files are what a resume starts from.
  store.remove_parts();
  return report;
}

}  // namespace optbench
