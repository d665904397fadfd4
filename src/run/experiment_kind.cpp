#include "optbench/run/experiment_kind.hpp"

#include <cstdio>
#include <stdexcept>

#include "optbench/config/load_config.hpp"
#include "optbench/core/error.hpp"
#include "optbench/io/csv.hpp"
#include "optbench/io/manifest.hpp"

namespace optbench {

RunRecorder::RunRecorder(std::size_t run_id, const std::vector<TableSpec>& tables,
                         std::string spill_prefix)
    : id_(std::to_string(run_id)),
      buffers_(tables.size()),
      spill_prefix_(std::move(spill_prefix)),
      spilled_(tables.size(), false),
      digests_(tables.size()) {
  for (const TableSpec& t : tables) timed_.push_back(t.timed_last_column);
}

RunRecorder::~RunRecorder() {
  // A run that failed or was not committed leaves no spill file behind.
  for (std::size_t t = 0; t < spilled_.size(); ++t) {
    if (spilled_[t]) std::remove(spilled(t).c_str());
  }
}

std::string RunRecorder::spilled(std::size_t table) const {
  return spilled_[table] ? spill_prefix_ + ".t" + std::to_string(table) : std::string();
}

void RunRecorder::end_row(std::size_t table) {
  std::string& buffer = buffers_[table];
  if (table == 0) {
    for (std::size_t t = 1; t < digests_.size(); ++t) {
      buffer += ',' + rows_cell(digests_[t]) + ',' + checksum_cell(digests_[t]);
    }
    finished_ = true;
  } else {
    add_record(digests_[table],
               checked_part(std::string_view(buffer).substr(row_begin_), timed_[table]));
  }
  buffer += '\n';
  if (spill_prefix_.empty() || buffer.size() < kSpillBytes) return;
  spilled_[table] = true;
  const std::string path = spilled(table);
  std::FILE* file = std::fopen(path.c_str(), "ab");
  if (file == nullptr || std::fwrite(buffer.data(), 1, buffer.size(), file) != buffer.size()) {
    if (file != nullptr) std::fclose(file);
    throw std::runtime_error("cannot write the spill file " + path);
  }
  std::fclose(file);
  buffer.clear();
}

std::string& RunRecorder::begin_row(std::size_t table) {
  // runs.csv's row vouches for the rows before it; a row after it would go unchecked.
  if (finished_) throw std::logic_error("a run wrote a row after its runs.csv row");
  row_begin_ = buffers_[table].size();
  buffers_[table] += id_;
  return buffers_[table];
}

void RunRecorder::add_row(std::size_t table, const std::vector<std::string>& cells) {
  std::string& row = begin_row(table);
  for (const auto& cell : cells) {
    row += ',';
    append_cell(row, cell);
  }
  end_row(table);
}

std::vector<TableSpec> with_integrity_columns(std::vector<TableSpec> tables) {
  for (std::size_t t = 1; t < tables.size(); ++t) {
    for (auto& column : integrity_columns(tables[t].file)) tables[0].columns.push_back(column);
  }
  return tables;
}

void ExperimentKind::check_spec(const ExperimentSpec& spec) const {
  if (spec.tune) {
    throw Error(spec.tune->where, "tune",
                "kind " + spec.kind +
                    " has nothing to tune: it runs no optimizer settings to "
                    "choose from");
  }
}

SummaryOptions ExperimentKind::summary_options(const ExperimentSpec& spec) const {
  SummaryOptions options;
  options.bootstrap.resamples = static_cast<std::size_t>(spec.bootstrap_resamples);
  options.bootstrap.confidence = spec.confidence;
  return options;
}

std::optional<ExperimentSpec> result_config(const std::string& dir) {
  const auto manifest = read_manifest(dir);
  if (!manifest || manifest->config_text.empty()) return std::nullopt;
  try {
    return parse_config(manifest->config_text, manifest->config_file);
  } catch (const Error&) {
    return std::nullopt;  // written by an optbench that accepted other keys
  }
}

SummaryOptions result_summary_options(const ExperimentKind& kind, const std::string& dir) {
  const auto spec = result_config(dir);
  return spec ? kind.summary_options(*spec) : SummaryOptions{};
}

bool ExperimentKind::run_own(const ExperimentSpec& /*spec*/,
                             const OwnRunOptions& /*options*/) const {
  throw std::logic_error("run_own() called on a kind without its own runner");
}

bool write_kind_verdicts(const ExperimentKind& kind, const std::string& dir) {
  const auto rule = kind.ranking_rule();
  if (!rule) return false;
  write_verdicts(dir, *rule, result_summary_options(kind, dir));
  return true;
}

}  // namespace optbench
