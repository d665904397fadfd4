#include "timings_reporter.hpp"

#include <utility>

#include "optbench/io/atomic_file.hpp"
#include "optbench/io/csv.hpp"
#include "optbench/io/number_format.hpp"

namespace optbench {

namespace {

// Nanoseconds per unit of a run's time_unit.
double ns_per_unit(benchmark::TimeUnit unit) {
  switch (unit) {
    case benchmark::kNanosecond:
      return 1.0;
    case benchmark::kMicrosecond:
      return 1e3;
    case benchmark::kMillisecond:
      return 1e6;
    case benchmark::kSecond:
      return 1e9;
  }
  return 1.0;
}

std::string counter_cell(const benchmark::UserCounters& counters, const char* name) {
  const auto it = counters.find(name);
  return it == counters.end() ? std::string() : format_number(it->second.value);
}

}  // namespace

const std::vector<Column>& timings_columns() {
  static const std::vector<Column> columns{{"name", ColumnType::Text},
                                           {"problem", ColumnType::Text},
                                           {"optimizer", ColumnType::Text},
                                           {"dim", ColumnType::Integer},
                                           {"batch_size", ColumnType::Integer},
                                           {"dtype", ColumnType::Text},
                                           {"iterations", ColumnType::Integer},
                                           {"real_ns_per_step", ColumnType::Number},
                                           {"cpu_ns_per_step", ColumnType::Number},
                                           {"steps_per_second", ColumnType::Number},
                                           {"bytes_per_second", ColumnType::Number},
                                           {"aggregate", ColumnType::Text}};
  return columns;
}

TimingsReporter::TimingsReporter(std::map<std::string, BenchmarkLabel> labels,
                                 benchmark::BenchmarkReporter* display)
    : labels_(std::move(labels)), display_(display) {}

bool TimingsReporter::ReportContext(const Context& context) {
  if (display_ == nullptr) return true;
  display_->SetOutputStream(&GetOutputStream());
  display_->SetErrorStream(&GetErrorStream());
  return display_->ReportContext(context);
}

void TimingsReporter::ReportRuns(const std::vector<Run>& reports) {
  if (display_ != nullptr) display_->ReportRuns(reports);
  for (const Run& run : reports) {
    const std::string name = run.run_name.str();
    if (run.error_occurred) {
      errors_.push_back(name + ": " + run.error_message);
      continue;
    }
    std::string aggregate;
    if (run.run_type == Run::RT_Aggregate) {
      // mean, median, stddev; the coefficient of variation (a percentage) has no ns per step.
      if (run.aggregate_unit != benchmark::kTime) continue;
      aggregate = run.aggregate_name;
    }
    const auto label = labels_.find(run.run_name.function_name);
    const BenchmarkLabel info = label != labels_.end() ? label->second : BenchmarkLabel{};
    const double scale = ns_per_unit(run.time_unit);
    std::vector<std::string> row{
        name,
        info.problem,
        info.optimizer,
        info.dim > 0 ? std::to_string(info.dim) : std::string(),
        info.batch_size > 0 ? std::to_string(info.batch_size) : std::string(),
        info.dtype,
        std::to_string(run.iterations),
        format_number(run.GetAdjustedRealTime() * scale),
        format_number(run.GetAdjustedCPUTime() * scale),
        counter_cell(run.counters, "steps_per_second"),
        counter_cell(run.counters, "bytes_per_second"),
        aggregate};
    rows_.push_back(std::move(row));
  }
}

void TimingsReporter::Finalize() {
  if (display_ != nullptr) display_->Finalize();
}

std::string TimingsReporter::csv() const {
  std::string out = csv_line(column_names(timings_columns())) + "\n";
  for (const auto& row : rows_) out += csv_line(row) + "\n";
  return out;
}

void TimingsReporter::write(const std::string& path) const {
  write_file_atomically(path, csv());
}

}  // namespace optbench
