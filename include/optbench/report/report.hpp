#pragma once
// `optbench report`: a result folder's summary.csv (when missing), plots drawn with gnuplot,
// and report.html. Prints nothing: what to tell the user comes back in ReportOutcome.

#include <string>
#include <vector>

#include "optbench/report/gnuplot.hpp"

namespace optbench::report {

struct ReportOptions {
  ImageFormat format = ImageFormat::Png;
  /// gnuplot to run; empty: look it up on PATH.
  std::string gnuplot;
  /// A runs.csv column to split every figure by (small multiples, one panel per value); empty:
  /// only figures with more than kMaxSeriesPerPanel series are split, by optimizer.
  std::string facet;
};

struct ReportOutcome {
  std::string html;            ///< path of report.html
  bool wrote_summary = false;  ///< summary.csv was missing and is now written
  std::size_t plots = 0;       ///< figures prepared (a script each, under plots/)
  std::size_t drawn = 0;       ///< images gnuplot wrote
  bool gnuplot_missing = false;
  std::vector<std::string> failed;  ///< plots gnuplot failed on, with its message
};

/// Writes DIR/summary.csv (if missing), DIR/plots/ and DIR/report.html. Throws Error, having
/// written nothing, when DIR is not a result folder or options.facet is not one of its axes.
ReportOutcome write_report(const std::string& dir, const ReportOptions& options);

/// The result folders under `dir`: dir itself when it holds runs.csv or timings.csv, else its
/// subfolders that do (sorted); throws Error when there are none.
std::vector<std::string> result_folders(const std::string& dir);

}  // namespace optbench::report
