#pragma once
// timings.csv from Google Benchmark: a reporter that turns every benchmark run (and every
// aggregate of repetitions) into a row, and passes the reports on to a display reporter (the
// console table) so that `optbench bench` shows what Google Benchmark always shows.

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include <benchmark/benchmark.h>

#include "optbench/io/column_type.hpp"

namespace optbench {

/// What timings.csv says about a benchmark besides its numbers, keyed by the registered name.
struct BenchmarkLabel {
  std::string problem;            ///< test function or data set
  std::string optimizer;          ///< optimizer name as the config writes it
  std::int64_t dim = 0;           ///< parameters updated per step
  std::int64_t batch_size = 0;    ///< samples per step; 0 for function problems (empty cell)
  std::string dtype = "float64";  ///< the scalar type of the step (train.dtype of a network)
};

/// The columns of timings.csv, in order, with their types.
const std::vector<Column>& timings_columns();

/// Collects timings.csv rows. Per row: the benchmark's name, its label, the iterations Google
/// Benchmark ran, real and CPU ns per step, steps/s and bytes/s (Google Benchmark's rate
/// counters `steps_per_second` and `bytes_per_second`, per CPU second as its console prints
/// them; bytes/s is empty where the benchmark reports no bytes) and the aggregate (empty for a
/// measurement, else mean, median or stddev; the coefficient of variation is left out).
/// Runs that ended in an error are not rows; errors() lists them.
class TimingsReporter final : public benchmark::BenchmarkReporter {
 public:
  /// `display` (may be null) receives every call first; it must outlive this reporter.
  TimingsReporter(std::map<std::string, BenchmarkLabel> labels,
                  benchmark::BenchmarkReporter* display);

  bool ReportContext(const Context& context) override;
  void ReportRuns(const std::vector<Run>& reports) override;
  void Finalize() override;

  /// The rows so far, cells in timings_columns() order.
  const std::vector<std::vector<std::string>>& rows() const { return rows_; }
  /// "name: message" of every run that reported an error.
  const std::vector<std::string>& errors() const { return errors_; }
  /// The whole file: header and rows, RFC 4180, numbers in shortest round-trip form.
  std::string csv() const;
  /// Writes csv() to `path` atomically.
  void write(const std::string& path) const;

 private:
  std::map<std::string, BenchmarkLabel> labels_;
  benchmark::BenchmarkReporter* display_;
  std::vector<std::vector<std::string>> rows_;
  std::vector<std::string> errors_;
};

}  // namespace optbench
