// The report's memory-bound readers against what the files hold: RunTable's cells are runs.csv's
// (numbers and their exact text), and the curves for_each_group streams per (instance, setting)
// are the runs' trace.csv rows, so the median band per step equals the median over seeds
// computed directly from trace.csv, whether a setting's seeds come together or interleaved and
// whether a run's rows come together or not.

#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <fstream>
#include <iterator>
#include <map>
#include <string>
#include <vector>

#include "optbench/io/csv.hpp"
#include "optbench/io/manifest.hpp"
#include "optbench/report/plot_data.hpp"
#include "optbench/report/result_data.hpp"
#include "optbench/report/run_table.hpp"
#include "optbench/report/trace_reader.hpp"
#include "test_support.hpp"

namespace optbench {
namespace {

constexpr int kSettings = 3;
constexpr int kSeeds = 5;
constexpr int kSteps = 4;

// A folder of kSettings x kSeeds runs of strict_saddle: seeds interleaved (run ids go seed-major)
// or not (setting-major), each run's trace rows together or spread (every run's first row, then
// every run's second, ...), runs of varying length (a run that stopped early).
std::string write_folder(const testing::TempDir& dir, bool interleaved, bool spread) {
  const std::string folder = dir.str();
  std::string runs =
      "run_id,problem,dim,optimizer,lr,seed,setting,status,steps,steps_to_target,final_loss,"
      "wall_ms\n";
  struct Run {
    int id, setting, seed;
  };
  std::vector<Run> order;
  for (int a = 0; a < (interleaved ? kSeeds : kSettings); ++a) {
    for (int b = 0; b < (interleaved ? kSettings : kSeeds); ++b) {
      const int setting = interleaved ? b : a;
      const int seed = interleaved ? a : b;
      order.push_back({static_cast<int>(order.size()), setting, seed});
    }
  }
  const auto loss = [](const Run& r, int step) {
    // Distinct values per run and step, some runs worse than others, one diverged row (NaN).
    if (r.setting == 1 && r.seed == 2 && step == 3) return std::nan("");
    return 1.0 / (1.0 + step * (r.setting + 1)) + 0.01 * ((r.seed * 7 + step * 3) % 5);
  };
  const auto length = [](const Run& r) { return r.seed == 4 ? 2 : kSteps; };
  for (const Run& r : order) {
    const char* lr = r.setting == 0 ? "0.1" : r.setting == 1 ? "1e-06" : "0.010";
    runs += std::to_string(r.id) + ",strict_saddle,2,sgd," + lr + "," + std::to_string(r.seed) +
            ",sgd lr=" + lr + "," + (r.seed == 3 ? "diverged" : "max_steps") + "," +
            std::to_string(length(r) * 10) + "," + (r.seed % 2 == 0 ? "12" : "") + "," +
            (r.seed == 1   ? "nan"
             : r.seed == 2 ? "0.30000000000000004"
                           : "-1.5e-07") +
            "," + (r.seed == 0 ? "0.163097" : "12.50") + "\n";
  }
  std::string trace = "run_id,step,loss,x0,x1\n";
  const auto row = [&](const Run& r, int step) {
    const double v = loss(r, step);
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.17g", v);
    trace += std::to_string(r.id) + "," + std::to_string(step * 10) + "," +
             (std::isnan(v) ? std::string() : std::string(buf)) + ",0.5,-0.25\n";
  };
  if (spread) {
    for (int step = 0; step < kSteps; ++step) {
      for (const Run& r : order) {
        if (step < length(r)) row(r, step);
      }
    }
  } else {
    for (const Run& r : order) {
      for (int step = 0; step < length(r); ++step) row(r, step);
    }
  }
  trace += "7,torn\n";  // a torn line: left out by every reader
  testing::write_text(folder + "/runs.csv", runs);
  testing::write_text(folder + "/trace.csv", trace);
  // The kind comes from the manifest (the report does not guess it from the files).
  Manifest manifest = build_manifest();
  manifest.kind = "function";
  testing::write_text(folder + "/manifest.json", to_json(manifest));
  return folder;
}

// Median of values (pandas' linear interpolation), NaN counting as the worst.
double median_of(std::vector<double> v) {
  for (double& x : v) {
    if (std::isnan(x)) x = INFINITY;
  }
  std::sort(v.begin(), v.end());
  const double at = 0.5 * static_cast<double>(v.size() - 1);
  const auto lo = static_cast<std::size_t>(std::floor(at));
  const std::size_t hi = std::min(lo + 1, v.size() - 1);
  if (v[lo] == v[hi] || std::isinf(v[lo])) return v[lo];
  if (std::isinf(v[hi])) return v[hi];
  return v[lo] + (v[hi] - v[lo]) * (at - static_cast<double>(lo));
}

// trace.csv read directly, whole lines of the header's width only: run id -> (step, loss) pairs
// of the rows with a loss, in file order.
std::map<std::string, std::vector<std::array<double, 2>>> direct_trace(const std::string& folder) {
  std::map<std::string, std::vector<std::array<double, 2>>> out;
  std::ifstream in(folder + "/trace.csv", std::ios::binary);
  const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const auto records = split_records(text, true);
  for (std::size_t r = 1; r < records.size(); ++r) {
    const auto cells = split_csv_line(records[r]);
    if (cells.size() != 5 || cells[2].empty()) continue;
    out[cells[0]].push_back({std::stod(cells[1]), std::stod(cells[2])});
  }
  return out;
}

class ReportMemory : public ::testing::TestWithParam<std::pair<bool, bool>> {};

TEST_P(ReportMemory, RunTableHoldsRunsCsvCellsExactly) {
  testing::TempDir dir;
  const std::string folder = write_folder(dir, GetParam().first, GetParam().second);
  const report::ResultData data = report::load_results(folder);
  const auto records = testing::csv_records(folder + "/runs.csv");
  ASSERT_EQ(data.runs.size(), records.size());
  ASSERT_EQ(data.groups.run_id.size(), records.size());
  for (std::size_t r = 0; r < records.size(); ++r) {
    for (const char* column : {"status", "steps", "steps_to_target", "final_loss", "wall_ms"}) {
      const std::string& cell = records[r].at(column);
      EXPECT_EQ(data.runs.text(r, column), cell) << "row " << r << " " << column;
      const double n = report::number_or_nan(cell);
      const double held = data.runs.number(r, column);
      EXPECT_TRUE(held == n || (std::isnan(held) && std::isnan(n))) << "row " << r << " " << column;
    }
    EXPECT_EQ(data.groups.seed(r), records[r].at("seed"));
    EXPECT_EQ(data.groups.run_id[r], std::stoul(records[r].at("run_id")));
    EXPECT_EQ(data.groups.setting_labels[data.groups.setting[r]], records[r].at("setting"));
  }
  // A column the report does not read is known by name only.
  ASSERT_TRUE(data.runs.column("setting"));
  EXPECT_FALSE(data.runs.held(*data.runs.column("setting")));
  EXPECT_THROW((void)data.runs.text(0, *data.runs.column("setting")), std::logic_error);
}

TEST_P(ReportMemory, StreamedCurvesAndMedianBandsAreTraceCsvs) {
  testing::TempDir dir;
  const std::string folder = write_folder(dir, GetParam().first, GetParam().second);
  const report::ResultData data = report::load_results(folder);
  EXPECT_EQ(data.trace.ordered, !GetParam().second);
  const auto& g = data.groups;
  const auto direct = direct_trace(folder);
  const auto records = testing::csv_records(folder + "/runs.csv");
  // One problem instance: a group per setting.
  ASSERT_EQ(g.instance_rows.size(), 1U);
  ASSERT_EQ(g.setting_labels.size(), static_cast<std::size_t>(kSettings));
  const std::vector<std::size_t> of_row = g.setting.values();
  std::vector<int> handed(kSettings, 0);
  report::for_each_group(
      data.trace, g.run_id, of_row, *data.trace.column("step"), *data.trace.column("loss"), true,
      [&](std::size_t k, std::vector<report::Curve>& cs) {
        ++handed[k];
        // The group's runs in runs.csv order, each with its rows from trace.csv.
        std::vector<std::size_t> rows;
        for (std::size_t r = 0; r < records.size(); ++r) {
          if (of_row[r] == k) rows.push_back(r);
        }
        ASSERT_EQ(cs.size(), rows.size());
        for (std::size_t j = 0; j < rows.size(); ++j) {
          EXPECT_EQ(cs[j], direct.at(records[rows[j]].at("run_id")))
              << "group " << k << " run " << j;
        }
        // The median band per step: the median over seeds of each run's last loss at or before
        // the step (a diverged row counting as the worst: it is no point, so the run holds its
        // last value), straight from trace.csv.
        const auto band = report::median_band(cs);
        ASSERT_EQ(band.size(), static_cast<std::size_t>(kSteps));
        for (const auto& b : band) {
          std::vector<double> at_step;
          for (const std::size_t r : rows) {
            const auto& c = direct.at(records[r].at("run_id"));
            double last = NAN;
            for (const auto& p : c) {
              if (p[0] <= b[0]) last = p[1];
            }
            at_step.push_back(last);
          }
          EXPECT_EQ(b[1], median_of(at_step)) << "group " << k << " step " << b[0];
        }
      });
  for (const int n : handed) EXPECT_EQ(n, 1);
}

TEST_P(ReportMemory, TrajectoryRowsAreTheRunsRows) {
  testing::TempDir dir;
  const std::string folder = write_folder(dir, GetParam().first, GetParam().second);
  const report::ResultData data = report::load_results(folder);
  const auto rows = report::trace_rows_of(data.trace, {4, 9}, {*data.trace.column("step")});
  const auto direct = direct_trace(folder);
  ASSERT_EQ(rows.size(), 2U);
  for (const std::size_t id : {4U, 9U}) {
    const auto& want = direct.at(std::to_string(id));
    ASSERT_EQ(rows.at(id).size(), want.size()) << id;
    for (std::size_t k = 0; k < want.size(); ++k) EXPECT_EQ(rows.at(id)[k][0], want[k][0]);
  }
}

INSTANTIATE_TEST_SUITE_P(Orders, ReportMemory,
                         ::testing::Values(std::make_pair(false, false),
                                           std::make_pair(true, false), std::make_pair(false, true),
                                           std::make_pair(true, true)),
                         [](const auto& info) {
                           return std::string(info.param.first ? "Interleaved" : "Together") +
                                  (info.param.second ? "Spread" : "Contiguous");
                         });

}  // namespace
}  // namespace optbench
