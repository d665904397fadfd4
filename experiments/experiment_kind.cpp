#include "optbench/experiments/experiment_kind.hpp"

#include "optbench/core/error.hpp"
#include "optbench/core/suggest.hpp"
#include "optbench/io/csv.hpp"

namespace optbench {

RunRecorder::RunRecorder(std::size_t run_id, std::size_t tables)
    : id_(std::to_string(run_id)), buffers_(tables) {}

std::string& RunRecorder::begin_row(std::size_t table) {
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

const ExperimentInfo& find_experiment(const std::string& name) {
  std::vector<std::string> names;
  for (const auto& info : experiment_registry()) {
    if (info.name == name) return info;
    names.push_back(info.name);
  }
  throw Error("kind", "unknown experiment kind '" + name + "'" + did_you_mean(name, names));
}

}  // namespace optbench
