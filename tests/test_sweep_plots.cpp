// The report's plots across a sweep's axes, checked against runs.csv: the final loss against a
// swept lr per optimizer, and the escape step against the dimension, as medians over seeds.

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "optbench/report/plot_data.hpp"
#include "optbench/report/result_data.hpp"
#include "test_support.hpp"

namespace optbench {
namespace {

// numpy's median (linear interpolation), a run without a value counting as +inf.
double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  const std::size_t n = v.size();
  return n % 2 == 1 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

double cell_or_inf(const std::string& cell) {
  return cell.empty() ? std::numeric_limits<double>::infinity() : std::stod(cell);
}

TEST(SweepPlots, SensitivityAndDimensionCurvesAreMediansOfRunsCsv) {
  testing::TempDir dir;
  testing::sweep_config(R"(name: axes
kind: function
seeds: 3
problems:
  - {function: strict_saddle, dim: [2, 5, 20], negative: 1, start: zeros, start_noise: 1.0e-6}
optimizers:
  - {name: sgd, lr: [0.01, 0.05, 0.2]}
  - {name: adam, lr: [0.001, 0.01, 0.1]}
stop: {max_steps: 300}
)",
                        dir.str());
  const std::string folder = dir.str() + "/axes";
  const auto runs = testing::csv_records(folder + "/runs.csv");
  const auto plots = report::sweep_axis_plots(report::load_results(folder));

  // Expected: (dim, optimizer, lr) -> final losses and escape steps over the seeds.
  std::map<std::string, std::vector<double>> losses, escapes;
  for (const auto& r : runs) {
    losses[r.at("dim") + " " + r.at("optimizer") + " " + r.at("lr")].push_back(
        std::stod(r.at("final_loss")));
    escapes[r.at("dim") + " " + r.at("optimizer") + " " + r.at("lr")].push_back(
        cell_or_inf(r.at("escape_step")));
  }
  std::size_t sensitivity = 0, dimension = 0, compared = 0;
  for (const auto& plot : plots) {
    if (plot.name.rfind("sensitivity-lr-", 0) == 0) {
      ++sensitivity;
      // "final loss against lr: strict_saddle dim=D ..."
      const std::string dim = plot.title.substr(
          plot.title.find("dim=") + 4,
          plot.title.find(' ', plot.title.find("dim=")) - plot.title.find("dim=") - 4);
      std::size_t lines = 0;
      for (const auto& s : plot.series) {
        if (s.style == report::SeriesStyle::Band) continue;
        ++lines;
        ASSERT_EQ(s.rows.size(), 3u) << s.label;
        for (const auto& row : s.rows) {
          // runs.csv writes the shortest text of the number; find the key by value.
          for (const auto& [key, values] : losses) {
            std::istringstream in(key);
            std::string d, o, l;
            in >> d >> o >> l;
            if (d == dim && o == s.label && std::stod(l) == row[0]) {
              EXPECT_DOUBLE_EQ(row[1], median(values)) << key;
              ++compared;
            }
          }
        }
      }
      EXPECT_EQ(lines, 2u);  // sgd and adam
    } else if (plot.name.rfind("escape-against-dimension-", 0) == 0) {
      ++dimension;
      std::size_t lines = 0;
      for (const auto& s : plot.series) {
        if (s.style == report::SeriesStyle::Band) continue;
        ++lines;
        ASSERT_EQ(s.rows.size(), 3u) << s.label;  // dims 2, 5, 20
        const std::string optimizer = s.label.substr(0, s.label.find(' '));
        const std::string lr = s.label.substr(s.label.find("lr=") + 3);
        for (const auto& row : s.rows) {
          const char* d = row[0] == 2.0 ? "2" : row[0] == 5.0 ? "5" : "20";
          const double expected = median(escapes.at(std::string(d) + " " + optimizer + " " + lr));
          if (std::isfinite(expected)) {
            EXPECT_DOUBLE_EQ(row[1], expected) << s.label << " dim " << d;
          } else {
            EXPECT_TRUE(std::isnan(row[1])) << s.label << " dim " << d;
          }
        }
      }
      EXPECT_EQ(lines, 6u);  // two optimizers x three lr
    }
  }
  EXPECT_EQ(sensitivity, 3u);         // one per dimension
  EXPECT_EQ(compared, 3u * 2u * 3u);  // every point of every sensitivity line was checked
  EXPECT_EQ(dimension, 1u);
}

}  // namespace
}  // namespace optbench
