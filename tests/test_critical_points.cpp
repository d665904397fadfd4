// kind: critical_points end to end: the known counts of critical points per class through the
// library and the CLI, the lesson's Hessian examples, search boxes, degenerate points, and
// files that do not depend on --jobs.

#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <sstream>
#include <string>
#include <vector>

#include "optbench/config/load_config.hpp"
#include "optbench/config/run_plan.hpp"
#include "optbench/core/error.hpp"
#include "optbench/io/atomic_file.hpp"
#include "optbench/io/csv.hpp"
#include "optbench/io/list_cell.hpp"
#include "optbench/run/experiment_kind.hpp"
#include "optbench/run/sweep.hpp"
#include "test_support.hpp"

namespace optbench {
namespace {

const std::string kConfig = std::string(OPTBENCH_SOURCE_DIR) + "/configs/critical_points.yaml";
const std::string kLesson = std::string(OPTBENCH_SOURCE_DIR) + "/configs/lesson_hessians.yaml";

/// Minima, saddles, maxima, inconclusive.
using Counts = std::array<int, 4>;

// A list cell's numbers (`[a b]`); a cell that is not one fails the test.
std::vector<double> numbers(const std::string& cell) {
  const auto list = parse_number_list(cell);
  EXPECT_TRUE(list && cell.starts_with('[') && cell.ends_with(']')) << cell;
  return list.value_or(std::vector<double>{});
}

RunPlan plan_of(const ExperimentSpec& spec) {
  return expand_plan(spec, find_experiment(spec.kind).make()->uses_optimizers());
}

void sweep(const RunPlan& plan, const std::string& out, unsigned jobs = 1) {
  const auto kind = find_experiment(plan.spec.kind).make();
  SweepOptions options;
  options.out_root = out;
  options.jobs = jobs;
  ASSERT_EQ(run_sweep(plan, *kind, options).state, SweepState::Complete);
}

/// runs.csv's counts per row, in run order, as (n_minima, n_saddles, n_maxima, n_inconclusive),
/// checking that n_points is their sum.
std::vector<Counts> run_counts(const CsvTable& runs) {
  std::vector<Counts> out;
  for (const auto& row : runs.rows) {
    const Counts c{
        std::stoi(row[runs.column("n_minima")]), std::stoi(row[runs.column("n_saddles")]),
        std::stoi(row[runs.column("n_maxima")]), std::stoi(row[runs.column("n_inconclusive")])};
    EXPECT_EQ(std::stoi(row[runs.column("n_points")]), c[0] + c[1] + c[2] + c[3]);
    out.push_back(c);
  }
  return out;
}

/// critical_points.csv's rows of one class.
int count_class(const CsvTable& points, const std::vector<std::size_t>& rows,
                const std::string& cls) {
  int n = 0;
  for (const std::size_t r : rows) n += points.rows[r][points.column("class")] == cls ? 1 : 0;
  return n;
}

/// The rows of critical_points.csv grouped by run: consecutive rows of one function and
/// dimension, in the order of runs.csv (the file is sorted by run).
std::vector<std::vector<std::size_t>> rows_per_run(const CsvTable& points, const CsvTable& runs) {
  std::vector<std::vector<std::size_t>> out;
  std::size_t next = 0;
  for (const auto& run : runs.rows) {
    const int n = std::stoi(run[runs.column("n_points")]);
    std::vector<std::size_t> rows;
    for (int i = 0; i < n && next < points.rows.size(); ++i) rows.push_back(next++);
    for (const std::size_t r : rows) {
      EXPECT_EQ(points.rows[r][points.column("run_id")], run[runs.column("run_id")]);
      EXPECT_EQ(points.rows[r][points.column("function")], run[runs.column("problem")]);
      EXPECT_EQ(static_cast<int>(numbers(points.rows[r][points.column("point")]).size()),
                std::stoi(run[runs.column("dim")]));
    }
    out.push_back(rows);
  }
  EXPECT_EQ(next, points.rows.size()) << "critical_points.csv has rows no run counted";
  return out;
}

const std::vector<Counts> kExpected{
    {4, 4, 1, 0},   // himmelblau in [-5,5]^2
    {6, 7, 2, 0},   // six_hump_camel in [-3,3]x[-2,2]
    {4, 4, 1, 0},   // styblinski_tang dim 2
    {8, 18, 1, 0},  // styblinski_tang dim 3
    {1, 2, 0, 0},   // beale: minimum (3, 0.5), saddles (0, 1) and (0.1005, -2.6445)
    {1, 0, 0, 0},   // rosenbrock dim 2: (1, 1)
};

/// Everything the shipped config's results must say, wherever they came from.
void check_shipped_results(const std::string& dir) {
  const CsvTable runs = read_csv(dir + "/runs.csv");
  const CsvTable points = read_csv(dir + "/critical_points.csv");
  EXPECT_EQ(points.header, (std::vector<std::string>{"run_id", "function", "point", "f",
                                                     "grad_norm", "eigenvalues", "class"}));
  ASSERT_EQ(runs.rows.size(), kExpected.size());
  const std::vector<std::string> problems{"himmelblau",      "six_hump_camel", "styblinski_tang",
                                          "styblinski_tang", "beale",          "rosenbrock"};
  for (std::size_t i = 0; i < runs.rows.size(); ++i) {
    EXPECT_EQ(runs.rows[i][runs.column("problem")], problems[i]);
    EXPECT_EQ(runs.rows[i][runs.column("seed")], "0");
  }
  EXPECT_EQ(runs.rows[3][runs.column("dim")], "3");
  EXPECT_EQ(run_counts(runs), kExpected);

  // critical_points.csv agrees with runs.csv, class by class.
  const auto groups = rows_per_run(points, runs);
  ASSERT_EQ(groups.size(), kExpected.size());
  for (std::size_t i = 0; i < groups.size(); ++i) {
    EXPECT_EQ(count_class(points, groups[i], "local_minimum"), kExpected[i][0]) << problems[i];
    EXPECT_EQ(count_class(points, groups[i], "saddle_point"), kExpected[i][1]) << problems[i];
    EXPECT_EQ(count_class(points, groups[i], "local_maximum"), kExpected[i][2]) << problems[i];
    EXPECT_EQ(count_class(points, groups[i], "inconclusive"), kExpected[i][3]) << problems[i];
  }

  bool found_3_2 = false;
  for (const auto& row : points.rows) {
    EXPECT_LT(std::stod(row[points.column("grad_norm")]), 1e-8) << csv_line(row);
    const std::vector<double> x = numbers(row[points.column("point")]);
    const std::vector<double> ev = numbers(row[points.column("eigenvalues")]);
    EXPECT_EQ(ev.size(), x.size()) << csv_line(row);
    EXPECT_TRUE(std::is_sorted(ev.begin(), ev.end())) << csv_line(row);
    if (row[points.column("function")] == "himmelblau" && std::abs(x[0] - 3.0) < 1e-9 &&
        std::abs(x[1] - 2.0) < 1e-9) {
      found_3_2 = true;
      EXPECT_NEAR(std::stod(row[points.column("f")]), 0.0, 1e-20);
      EXPECT_EQ(row[points.column("class")], "local_minimum");
    }
  }
  EXPECT_TRUE(found_3_2) << "himmelblau's minimum (3, 2) is missing";

  // Himmelblau's maximum and six_hump_camel's global minima, where the literature puts them.
  for (const auto& row : points.rows) {
    const std::vector<double> x = numbers(row[points.column("point")]);
    if (row[points.column("function")] == "himmelblau" &&
        row[points.column("class")] == "local_maximum") {
      EXPECT_NEAR(x[0], -0.270845, 1e-6);
      EXPECT_NEAR(x[1], -0.923039, 1e-6);
      EXPECT_NEAR(std::stod(row[points.column("f")]), 181.617, 1e-3);
    }
    if (row[points.column("function")] == "six_hump_camel" &&
        std::abs(std::stod(row[points.column("f")]) + 1.0316284534898774) < 1e-12) {
      EXPECT_NEAR(std::abs(x[0]), 0.089842013100318058, 1e-12);
      EXPECT_NEAR(std::abs(x[1]), 0.71265640302073963, 1e-12);
    }
  }
}

TEST(CriticalPoints, KindRunsNoOptimizersAndWritesTwoTables) {
  const auto kind = find_experiment("critical_points").make();
  EXPECT_FALSE(kind->uses_optimizers());
  const RunPlan plan = plan_of(load_config(kConfig));
  ASSERT_EQ(plan.run_count(), 6u);  // one per problem instance (styblinski_tang twice) and seed
  for (std::size_t id = 0; id < plan.run_count(); ++id)
    EXPECT_EQ(plan.run(id).optimizer, static_cast<std::size_t>(-1));
  EXPECT_EQ(plan.problems[3].dim, 3);
  const std::vector<TableSpec> tables = kind->tables(plan);
  ASSERT_EQ(tables.size(), 2u);
  EXPECT_EQ(tables[0].file, "runs.csv");
  EXPECT_TRUE(tables[0].write_run_id);
  std::vector<std::string> runs_columns = column_names(plan.id_columns);
  for (const char* c :
       {"n_points", "n_minima", "n_maxima", "n_saddles", "n_inconclusive", "wall_ms"}) {
    runs_columns.emplace_back(c);
  }
  EXPECT_EQ(tables[0].header(), runs_columns);
  EXPECT_EQ(tables[1].file, "critical_points.csv");
  EXPECT_TRUE(tables[1].write_run_id);
  EXPECT_EQ(tables[1].header(), (std::vector<std::string>{"run_id", "function", "point", "f",
                                                          "grad_norm", "eigenvalues", "class"}));
}

TEST(CriticalPoints, OptimizersAreRejected) {
  const ExperimentSpec spec = parse_config(R"(name: cp
kind: critical_points
problems:
  - {function: himmelblau}
optimizers:
  - {name: sgd, lr: 0.1}
)",
                                           "cp.yaml");
  EXPECT_THROW(plan_of(spec), Error);
}

TEST(CriticalPoints, ShippedConfigThroughTheLibraryGivesTheKnownCounts) {
  testing::TempDir dir;
  const RunPlan plan = plan_of(load_config(kConfig));
  sweep(plan, dir.str());
  check_shipped_results(dir.str() + "/" + plan.spec.name);
}

TEST(CriticalPoints, ShippedConfigThroughTheCliIsTheSameForEveryJobCount) {
  testing::TempDir one;
  testing::TempDir two;
  const auto first =
      testing::run_cli({"run", kConfig, "--out", one.str(), "--quiet", "--jobs", "1"});
  ASSERT_EQ(first.exit_code, 0) << first.err;
  const auto second =
      testing::run_cli({"run", kConfig, "--out", two.str(), "--quiet", "--jobs", "2"});
  ASSERT_EQ(second.exit_code, 0) << second.err;
  const std::string a = one.str() + "/critical-points";
  const std::string b = two.str() + "/critical-points";
  check_shipped_results(a);
  EXPECT_EQ(read_file(a + "/critical_points.csv"), read_file(b + "/critical_points.csv"));
  EXPECT_EQ(testing::without_timing(a + "/runs.csv"), testing::without_timing(b + "/runs.csv"));
}

TEST(CriticalPoints, LessonConfigFindsOnePointPerQuadraticOfTheRightClass) {
  testing::TempDir dir;
  const auto result = testing::run_cli({"run", kLesson, "--out", dir.str(), "--quiet"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const std::string out = dir.str() + "/lesson-hessians";
  const CsvTable runs = read_csv(out + "/runs.csv");
  const CsvTable points = read_csv(out + "/critical_points.csv");
  ASSERT_EQ(runs.rows.size(), 4u);
  EXPECT_EQ(run_counts(runs),
            (std::vector<Counts>{{0, 1, 0, 0}, {1, 0, 0, 0}, {0, 0, 1, 0}, {0, 1, 0, 0}}));
  EXPECT_EQ(runs.rows[0][runs.column("a")], "0");
  EXPECT_EQ(runs.rows[0][runs.column("b")], "-2");
  EXPECT_EQ(runs.rows[0][runs.column("c")], "0");
  EXPECT_EQ(runs.rows[3][runs.column("a")], "");  // tiny_linear_net has no a, b, c

  ASSERT_EQ(points.rows.size(), 4u);
  const std::vector<std::string> functions{"quadratic", "quadratic", "quadratic",
                                           "tiny_linear_net"};
  const std::vector<std::string> classes{"saddle_point", "local_minimum", "local_maximum",
                                         "saddle_point"};
  const std::vector<std::vector<double>> eigenvalues{
      {-2.0, 2.0}, {2.0, 2.0}, {-2.0, -2.0}, {-2.0, 2.0}};
  for (std::size_t i = 0; i < points.rows.size(); ++i) {
    const auto& row = points.rows[i];
    EXPECT_EQ(row[points.column("function")], functions[i]);
    EXPECT_EQ(row[points.column("class")], classes[i]);
    // Every start lands on the one critical point, the origin, exactly.
    EXPECT_EQ(numbers(row[points.column("point")]), (std::vector<double>{0.0, 0.0}));
    EXPECT_EQ(std::stod(row[points.column("grad_norm")]), 0.0);
    const std::vector<double> ev = numbers(row[points.column("eigenvalues")]);
    ASSERT_EQ(ev.size(), 2u);
    EXPECT_NEAR(ev[0], eigenvalues[i][0], 1e-12) << csv_line(row);
    EXPECT_NEAR(ev[1], eigenvalues[i][1], 1e-12) << csv_line(row);
  }
  EXPECT_EQ(std::stod(points.rows[0][points.column("f")]), 0.0);
  EXPECT_EQ(std::stod(points.rows[3][points.column("f")]), 1.0);  // tiny_linear_net: (1 - 0)^2
}

TEST(CriticalPoints, ABoxOfTheConfigRestrictsTheSearch) {
  testing::TempDir dir;
  const RunPlan plan = plan_of(parse_config(R"(name: quadrant
kind: critical_points
problems:
  - {function: himmelblau, box: [[0, 5], [0, 5]]}
)",
                                            "quadrant.yaml"));
  ASSERT_EQ(plan.problems[0].box, (std::vector<std::pair<double, double>>{{0.0, 5.0}, {0.0, 5.0}}));
  sweep(plan, dir.str());
  const CsvTable runs = read_csv(dir.str() + "/quadrant/runs.csv");
  // The first quadrant holds the minimum (3, 2) and the saddles near (3.385, 0.074) and
  // (0.087, 2.884).
  EXPECT_EQ(run_counts(runs), (std::vector<Counts>{{1, 2, 0, 0}}));
  const CsvTable points = read_csv(dir.str() + "/quadrant/critical_points.csv");
  ASSERT_EQ(points.rows.size(), 3u);
  EXPECT_EQ(points.rows[0][points.column("point")], "[3 2]");
  EXPECT_EQ(runs.rows[0][runs.column("box")], "[[0 5] [0 5]]");
  for (const auto& row : points.rows) {
    for (const double x : numbers(row[points.column("point")])) {
      EXPECT_GE(x, 0.0);
      EXPECT_LE(x, 5.0);
    }
  }
}

TEST(CriticalPoints, EverySeedFindsTheSamePoints) {
  testing::TempDir dir;
  const RunPlan plan = plan_of(parse_config(R"(name: seeds
kind: critical_points
seeds: 3
problems:
  - {function: six_hump_camel}
)",
                                            "seeds.yaml"));
  ASSERT_EQ(plan.run_count(), 3u);
  sweep(plan, dir.str(), 2);
  const CsvTable runs = read_csv(dir.str() + "/seeds/runs.csv");
  EXPECT_EQ(run_counts(runs), (std::vector<Counts>(3, Counts{6, 7, 2, 0})));
  const CsvTable points = read_csv(dir.str() + "/seeds/critical_points.csv");
  ASSERT_EQ(points.rows.size(), 45u);
  // The seed moves the starts, not the points (the order is by class, then coordinates).
  for (std::size_t i = 0; i < 15; ++i) {
    const std::vector<double> x = numbers(points.rows[i][points.column("point")]);
    for (std::size_t s = 1; s < 3; ++s) {
      const auto& other = points.rows[i + 15 * s];
      EXPECT_EQ(other[points.column("class")], points.rows[i][points.column("class")]);
      const std::vector<double> y = numbers(other[points.column("point")]);
      ASSERT_EQ(y.size(), 2u);
      EXPECT_NEAR(y[0], x[0], 1e-12);
      EXPECT_NEAR(y[1], x[1], 1e-12);
    }
  }
}

TEST(CriticalPoints, RandomStartsAboveThreeDimensionsAndDegeneratePoints) {
  testing::TempDir dir;
  const RunPlan plan = plan_of(parse_config(R"(name: more
kind: critical_points
problems:
  - {function: styblinski_tang, dim: 4}
  - {function: monkey_saddle}
  - {function: tiny_linear_net}
)",
                                            "more.yaml"));
  sweep(plan, dir.str());
  const CsvTable runs = read_csv(dir.str() + "/more/runs.csv");
  const std::vector<Counts> counts = run_counts(runs);
  ASSERT_EQ(counts.size(), 3u);
  // 3^4 points: 2^4 minima, the all-middle maximum, and 64 saddles.
  EXPECT_EQ(counts[0], (Counts{16, 64, 1, 0}));
  // The monkey saddle's only critical point has H = 0: inconclusive, found at 0 exactly
  // (Newton converges only linearly there).
  EXPECT_EQ(counts[1], (Counts{0, 0, 0, 1}));
  // tiny_linear_net in [-2, 2]^2: the saddle at 0, and the valley x0 x1 = 1 of minima, each
  // inconclusive (a flat direction along the valley) and each start finding its own.
  EXPECT_EQ(counts[2][0], 0);
  EXPECT_EQ(counts[2][1], 1);
  EXPECT_EQ(counts[2][2], 0);
  EXPECT_GT(counts[2][3], 100);

  const CsvTable points = read_csv(dir.str() + "/more/critical_points.csv");
  const auto groups = rows_per_run(points, runs);
  const auto& monkey = points.rows[groups[1].at(0)];
  EXPECT_EQ(numbers(monkey[points.column("point")]), (std::vector<double>{0.0, 0.0}));
  EXPECT_EQ(numbers(monkey[points.column("eigenvalues")]), (std::vector<double>{0.0, 0.0}));
  for (const std::size_t r : groups[2]) {
    const auto& row = points.rows[r];
    const std::vector<double> x = numbers(row[points.column("point")]);
    EXPECT_LT(std::stod(row[points.column("grad_norm")]), 1e-8);
    if (row[points.column("class")] == "saddle_point") {
      EXPECT_EQ(x, (std::vector<double>{0.0, 0.0}));
    } else {
      EXPECT_NEAR(x[0] * x[1], 1.0, 1e-8) << csv_line(row);
      EXPECT_LE(std::max(std::abs(x[0]), std::abs(x[1])), 2.0 + 1e-6) << csv_line(row);
    }
  }
}

}  // namespace
}  // namespace optbench
