// The saddle-point story, measured: classification through the CLI against the PyTorch
// references, who stays at a saddle and who leaves it, and escape times against theory.

#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include <cmath>
#include <sstream>

#include "optbench/io/csv.hpp"
#include "optbench/io/list_cell.hpp"
#include "test_support.hpp"

namespace optbench {
namespace {

CsvTable classify_csv(const std::vector<std::string>& args) {
  const auto r = testing::run_cli(args);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  testing::TempDir dir;
  testing::write_text(dir.path() / "out.csv", r.out);
  return read_csv((dir.path() / "out.csv").string());
}

// A list's numbers: `[a b]` (runs.csv) or `a b` (classify --format csv, the reference files).
std::vector<double> numbers(const std::string& cell) {
  const auto list = parse_number_list(cell);
  EXPECT_TRUE(list) << cell;
  return list.value_or(std::vector<double>{});
}

TEST(Classify, EveryReferencePointThroughTheCli) {
  const YAML::Node doc = YAML::LoadFile(std::string(OPTBENCH_TEST_DATA) + "/critical_points.yaml");
  int checked = 0;
  for (const auto& p : doc["points"]) {
    std::vector<std::string> args{"classify", p["function"].as<std::string>(), "--at"};
    std::string at;
    for (const auto& x : p["point"]) {
      char buf[40];
      std::snprintf(buf, sizeof buf, "%.17g", x.as<double>());
      at += (at.empty() ? "" : ",") + std::string(buf);
    }
    args.push_back(at);
    for (const auto& kv : p["function_params"]) {
      const std::string key =
          kv.first.as<std::string>() == "k" ? "negative" : kv.first.as<std::string>();
      args.push_back("--param");
      args.push_back(key + "=" + kv.second.as<std::string>());
    }
    args.insert(args.end(), {"--format", "csv"});
    const CsvTable t = classify_csv(args);
    ASSERT_EQ(t.rows.size(), 1u);
    SCOPED_TRACE(p["function"].as<std::string>() + " at " + at);
    const auto expected = p["eigenvalues"].as<std::vector<double>>();
    const auto got = numbers(t.rows[0][t.column("eigenvalues")]);
    ASSERT_EQ(got.size(), expected.size());
    double scale = 1.0;
    for (double e : expected) scale = std::max(scale, std::abs(e));
    for (std::size_t i = 0; i < got.size(); ++i) EXPECT_NEAR(got[i], expected[i], 1e-8 * scale);
    EXPECT_EQ(t.rows[0][t.column("class")], p["classification"].as<std::string>());
    EXPECT_NEAR(std::stod(t.rows[0][t.column("f")]), p["f"].as<double>(),
                1e-9 * std::max(1.0, std::abs(p["f"].as<double>())));
    ++checked;
  }
  EXPECT_GE(checked, 20);
}

TEST(Classify, TheLessonsMatrices) {
  struct Case {
    const char* matrix;
    const char* eigenvalues;
    const char* kind;
  };
  for (const Case& c :
       {Case{"0,-2;-2,0", "-2 2", "saddle_point"}, Case{"2,0;0,2", "2 2", "local_minimum"},
        Case{"-2,0;0,-2", "-2 -2", "local_maximum"}, Case{"0,0;0,1", "0 1", "inconclusive"}}) {
    const CsvTable t = classify_csv({"classify", "--hessian", c.matrix, "--format", "csv"});
    ASSERT_EQ(t.rows.size(), 1u);
    EXPECT_EQ(t.rows[0][t.column("class")], c.kind) << c.matrix;
    const auto got = numbers(t.rows[0][t.column("eigenvalues")]);
    const auto want = numbers(c.eigenvalues);
    ASSERT_EQ(got.size(), want.size());
    for (std::size_t i = 0; i < got.size(); ++i) EXPECT_NEAR(got[i], want[i], 1e-12) << c.matrix;
  }
  const auto asymmetric = testing::run_cli({"classify", "--hessian", "1,2;3,4"});
  EXPECT_EQ(asymmetric.exit_code, 2);
  EXPECT_NE(asymmetric.err.find("symmetric"), std::string::npos);
}

// Runs a config through the CLI and returns its runs.csv.
CsvTable run_config(const std::string& name, const std::string& body, testing::TempDir& dir) {
  const auto path = dir.path() / (name + ".yaml");
  testing::write_text(path, "name: " + name + "\nkind: function\n" + body);
  const auto r = testing::run_cli({"run", path.string(), "--out", dir.str(), "--quiet"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  return read_csv((dir.path() / name / "runs.csv").string());
}

std::string cell(const CsvTable& t, std::size_t row, const std::string& column) {
  return t.rows.at(row)[t.column(column)];
}

TEST(Saddles, GradientDescentStaysAtASaddleAndPerturbedGdLeavesIt) {
  testing::TempDir dir;
  const CsvTable t = run_config("at-saddle", R"(seeds: 3
problems:
  - {function: quartic_saddle, start: zeros}
  - {function: strict_saddle, dim: 10, negative: 1, start: zeros}
optimizers:
  - {name: sgd, lr: 0.05}
  - {name: perturbed_gd, lr: 0.05, radius: 1.0e-3, g_thres: 1.0e-3, t_thres: 10}
stop: {max_steps: 2000}
escape: {radius: 0.1}
)",
                                dir);
  ASSERT_EQ(t.rows.size(), 12u);
  for (std::size_t r = 0; r < t.rows.size(); ++r) {
    SCOPED_TRACE(cell(t, r, "problem") + " " + cell(t, r, "optimizer") + " seed " +
                 cell(t, r, "seed"));
    if (cell(t, r, "optimizer") == "sgd") {
      EXPECT_EQ(cell(t, r, "escape_step"), "");
      EXPECT_EQ(cell(t, r, "final_point_class"), "saddle_point");
      EXPECT_EQ(std::stod(cell(t, r, "final_grad_norm")), 0.0);
    } else {
      ASSERT_NE(cell(t, r, "escape_step"), "");
      EXPECT_GT(std::stoi(cell(t, r, "escape_step")), 0);
      EXPECT_EQ(cell(t, r, "final_point_class"), "local_minimum");
      // Near the minimum it keeps perturbing by up to radius 1e-3: f stays within ~radius^2.
      EXPECT_NEAR(std::stod(cell(t, r, "final_loss")), -0.25, 1e-5);
      // It leaves along the negative-curvature direction.
      EXPECT_GT(std::stod(cell(t, r, "escape_alignment")), 0.99);
    }
  }
}

TEST(Saddles, NewtonIsAttractedToTheSaddleAndSaddleFreeNewtonLeavesIt) {
  testing::TempDir dir;
  const CsvTable t = run_config("newton", R"(problems:
  - {function: quartic_saddle, start: [0.05, 0.05]}
  - {function: strict_saddle, dim: 10, negative: 1, start: zeros, start_noise: 0.05}
optimizers:
  - newton
  - {name: saddle_free_newton, damping: 1.0e-3}
stop: {max_steps: 50}
escape: {radius: 0.1}
)",
                                dir);
  ASSERT_EQ(t.rows.size(), 4u);
  for (std::size_t r = 0; r < t.rows.size(); ++r) {
    SCOPED_TRACE(cell(t, r, "problem") + " " + cell(t, r, "optimizer"));
    if (cell(t, r, "optimizer") == "newton") {
      EXPECT_EQ(cell(t, r, "escape_step"), "");
      EXPECT_EQ(cell(t, r, "final_point_class"), "saddle_point");
      EXPECT_LT(std::stod(cell(t, r, "final_grad_norm")), 1e-12);
      EXPECT_NEAR(std::stod(cell(t, r, "final_loss")), 0.0, 1e-20);
    } else {
      EXPECT_NE(cell(t, r, "escape_step"), "");
      EXPECT_EQ(cell(t, r, "final_point_class"), "local_minimum");
      EXPECT_NEAR(std::stod(cell(t, r, "final_loss")), -0.25, 1e-9);
    }
  }
}

// Linearised escape time from (0, delta): sgd multiplies x1 by (1 + lr*|l|) per step; heavy-ball
// momentum follows x_{t+1} = (1 + mu + a) x_t - mu x_{t-1} with x_1 = (1 + a) x_0 (torch's first
// step copies the gradient), whose solution is A r1^t + B r2^t.
double predicted_sgd(double delta, double lr) {
  return std::log(0.1 / delta) / std::log(1.0 + lr);
}

double predicted_momentum(double delta, double lr, double mu) {
  const double a = lr;
  const double s = 1.0 + mu + a;
  const double root = std::sqrt(s * s - 4.0 * mu);
  const double r1 = (s + root) / 2.0;
  const double r2 = (s - root) / 2.0;
  const double amplitude = delta * (1.0 + a - r2) / (r1 - r2);
  return std::log(0.1 / amplitude) / std::log(r1);
}

TEST(Saddles, EscapeTimesMatchTheLinearisedPrediction) {
  testing::TempDir dir;
  const auto r =
      testing::run_cli({"run", std::string(OPTBENCH_SOURCE_DIR) + "/configs/escape_offsets.yaml",
                        "--out", dir.str(), "--quiet"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const CsvTable t = read_csv(dir.str() + "/escape-offsets/runs.csv");
  ASSERT_EQ(t.rows.size(), 8u);
  int checked = 0;
  for (std::size_t row = 0; row < t.rows.size(); ++row) {
    const double delta = numbers(cell(t, row, "start"))[1];
    const double lr = std::stod(cell(t, row, "lr"));
    const double mu = std::stod(cell(t, row, "momentum"));
    const double predicted =
        mu == 0.0 ? predicted_sgd(delta, lr) : predicted_momentum(delta, lr, mu);
    ASSERT_NE(cell(t, row, "escape_step"), "");
    const double measured = std::stod(cell(t, row, "escape_step"));
    EXPECT_NEAR(measured, predicted, 0.1 * predicted) << "delta " << delta << " momentum " << mu;
    ++checked;
  }
  EXPECT_EQ(checked, 8);
}

}  // namespace
}  // namespace optbench
