// function: expression in configs and on the command line: runs like its built-in twin, errors
// at the character inside the expression (plain, quoted, escaped, flow and block scalars), the
// hash covers the definition, critical_points and classify work on it, the compiled code lands in
// the cache folder and never beside the results, a missing compiler falls back with one note, and
// a 10 MB expression is refused quickly.

#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <Eigen/Eigenvalues>

#include "optbench/config/load_config.hpp"
#include "optbench/config/problem_function.hpp"
#include "optbench/config/run_plan.hpp"
#include "optbench/core/error.hpp"
#include "optbench/functions/expression/expression_function.hpp"
#include "optbench/io/csv.hpp"
#include "optbench/io/list_cell.hpp"
#include "optbench/run/experiment_kind.hpp"
#include "optbench/run/sweep.hpp"
#include "test_support.hpp"

namespace optbench {
namespace {

namespace fs = std::filesystem;

Error error_of(const std::string& text) {
  try {
    const ExperimentSpec spec = parse_config(text, "t.yaml");
    (void)expand_plan(spec, !spec.optimizers.empty());
  } catch (const Error& e) {
    return e;
  }
  ADD_FAILURE() << "no error for:\n" << text;
  return Error("", "");
}

std::string with_problem(const std::string& problem, const std::string& kind = "function") {
  std::string text = "name: t\nkind: " + kind + "\nproblems:\n" + problem;
  if (kind != "critical_points") text += "optimizers: [sgd]\n";
  return text;
}

/// Sets an environment variable for the scope, restoring it after.
class ScopedEnv {
 public:
  ScopedEnv(const char* name, const std::string& value) : name_(name) {
    const char* old = std::getenv(name);
    had_ = old != nullptr;
    if (had_) old_ = old;
    ::setenv(name, value.c_str(), 1);
  }
  ~ScopedEnv() {
    if (had_) {
      ::setenv(name_, old_.c_str(), 1);
    } else {
      ::unsetenv(name_);
    }
  }
  ScopedEnv(const ScopedEnv&) = delete;
  ScopedEnv& operator=(const ScopedEnv&) = delete;

 private:
  const char* name_;
  bool had_ = false;
  std::string old_;
};

// ---------------------------------------------------------------------------------------------
// Errors placed inside the expression.

struct Located {
  std::string entry;  // the problem entry (YAML, indented under problems:)
  int line;
  int column;
  std::string keypath;
  std::string message;
};

TEST(ExpressionConfig, ErrorsArePlacedAtTheCharacterInsideTheExpression) {
  const std::vector<Located> cases{
      // plain scalar: line 4, the expression starts at column 17
      {"  - function: expression\n    expression: x0^2 + sinn(x1)\n", 5, 24,
       "problems[0].expression", "unknown function 'sinn' (did you mean 'sin'?)"},
      // double-quoted: the quote is column 17, x5 at offset 5
      {"  - function: expression\n    expression: \"x0 + x5\"\n    dim: 2\n", 5, 23,
       "problems[0].expression", "x5 is out of range: dim is 2, so the variables are x0 .. x1"},
      // an escape before the error counts its raw characters (\t is two)
      {"  - function: expression\n    expression: \"x0 +\\t(x1\"\n", 5, 24,
       "problems[0].expression", "this '(' is never closed"},
      // single-quoted with a doubled quote inside
      {"  - function: expression\n    expression: 'x0 + y'\n", 5, 23, "problems[0].expression",
       "unknown variable 'y'"},
      // a flow map
      {"  - {function: expression, expression: \"x0 + x1)\", dim: 2}\n", 4, 48,
       "problems[0].expression", "this ')' has no '(' to close"},
      // a block scalar over two lines: the error is on the second
      {"  - function: expression\n    expression: |\n      x0^2 +\n      x1^2 + foo(x0)\n", 7, 14,
       "problems[0].expression", "unknown function 'foo'"},
      // empty
      {"  - function: expression\n    expression: \"\"\n", 5, 17, "problems[0].expression",
       "the expression is empty"},
      // undefined at the start: the expression as a whole
      {"  - function: expression\n    expression: \"1/x0 + x1\"\n    start: [0, 1]\n", 5, 18,
       "problems[0].expression",
       "the value (inf) is undefined at the start [0, 1]: division by zero"},
      // x5 with dim 2 given
      {"  - function: expression\n    expression: x0 + x5\n    dim: 2\n", 5, 22,
       "problems[0].expression", "x5 is out of range"},
      // missing expression
      {"  - function: expression\n    dim: 2\n", 4, 5, "problems[0]",
       "function: expression needs an expression: key"},
      // f_star above a known point's value
      {"  - function: expression\n    expression: x0^2 - x1^2 + 0.25*x1^4\n    f_star: -0.25\n"
       "    known_points:\n      - {x: [0, 1.4142135623730951], class: local_minimum}\n",
       6, 13, "problems[0].f_star", "-0.25 is above the value -1 at known_points[0]"},
      {"  - function: expression\n    expression: x0^2\n    known_points: [{x: [0], class: "
       "saddle}]\n",
       6, 36, "problems[0].known_points[0].class", "unknown class 'saddle'"},
      {"  - function: expression\n    expression: x0^2\n    known_points: [{x: [0, 0], class: "
       "local_minimum}]\n",
       6, 24, "problems[0].known_points[0].x", "has 2 coordinates but the expression has dim 1"},
      {"  - function: expression\n    expression: x0^2\n    evaluator: compild\n", 6, 16,
       "problems[0].evaluator", "unknown evaluator 'compild' (compiled or interpreted)"},
      {"  - function: expresion\n", 4, 15, "problems[0].function",
       "unknown function 'expresion' (did you mean 'expression'?)"},
  };
  for (const auto& c : cases) {
    const Error e = error_of(with_problem(c.entry));
    EXPECT_EQ(e.where().line, c.line) << c.entry << e.what();
    EXPECT_EQ(e.where().column, c.column) << c.entry << e.what();
    EXPECT_EQ(e.keypath(), c.keypath) << c.entry << e.what();
    EXPECT_NE(e.message().find(c.message), std::string::npos) << c.entry << e.what();
  }
}

TEST(ExpressionConfig, TheCorpusErrorsPointInsideTheExpression) {
  struct Case {
    std::string file;
    int line, column;
  };
  const std::vector<Case> cases{
      {"70_expression_unknown_function.yaml", 6, 37},
      {"71_expression_unknown_variable.yaml", 6, 24},
      {"72_expression_variable_beyond_dim.yaml", 6, 32},
      {"73_expression_unbalanced_parentheses.yaml", 6, 38},
      {"74_expression_empty.yaml", 6, 17},
      {"75_expression_division_by_zero_at_start.yaml", 6, 18},
      {"76_expression_constant_division_by_zero.yaml", 6, 25},
      {"77_expression_missing.yaml", 5, 5},
      {"78_expression_log_at_start.yaml", 5, 41},
      {"79_expression_unknown_class.yaml", 8, 28},
      {"80_expression_missing_operator.yaml", 6, 25},
      {"81_expression_sum_without_dim.yaml", 6, 18},
  };
  for (const auto& c : cases) {
    const std::string path = std::string(OPTBENCH_SOURCE_DIR) + "/tests/bad_inputs/" + c.file;
    try {
      const ExperimentSpec spec = load_config(path);
      (void)expand_plan(spec, find_experiment(spec.kind).make()->uses_optimizers());
      ADD_FAILURE() << c.file << " was accepted";
    } catch (const Error& e) {
      EXPECT_EQ(e.where().line, c.line) << e.what();
      EXPECT_EQ(e.where().column, c.column) << e.what();
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Plans and runs.

TEST(ExpressionConfig, TheDimensionIsGivenInferredOrTheStartsLength) {
  const auto dims = [](const std::string& entry) {
    std::vector<Eigen::Index> out;
    for (const auto& p : expand_plan(parse_config(with_problem(entry), "t.yaml"), true).problems) {
      out.push_back(p.dim);
    }
    return out;
  };
  EXPECT_EQ(dims("  - {function: expression, expression: x0*x3}\n"), std::vector<Eigen::Index>{4});
  EXPECT_EQ(dims("  - {function: expression, expression: x0, dim: [3, 7]}\n"),
            (std::vector<Eigen::Index>{3, 7}));
  EXPECT_EQ(dims("  - {function: expression, expression: 'sum(i, 0, dim-1, x[i]^2)', start: [1, 2, "
                 "3]}\n"),
            std::vector<Eigen::Index>{3});
  const Error e =
      error_of(with_problem("  - {function: expression, expression: 'sum(i, 0, dim-1, "
                            "x[i]^2)'}\n"));
  EXPECT_NE(e.message().find("give its dimension with dim:"), std::string::npos) << e.what();
}

TEST(ExpressionConfig, RunsCsvNamesTheExpressionAndTheHashCoversItsDefinition) {
  const std::string base =
      "  - function: expression\n    expression: x0^2 - x1^2 + 0.25*x1^4\n"
      "    known_points: [{x: [0, 0], class: saddle_point}]\n";
  const RunPlan plan = expand_plan(parse_config(with_problem(base), "t.yaml"), true);
  const std::vector<std::string> cells = plan.id_cells(plan.run(0));
  const auto column = [&](const std::string& name) {
    const std::vector<std::string> names = column_names(plan.id_columns);
    const auto it = std::find(names.begin(), names.end(), name);
    EXPECT_NE(it, names.end()) << name;
    return cells[static_cast<std::size_t>(it - names.begin())];
  };
  EXPECT_EQ(column("problem"), "expression");
  EXPECT_EQ(column("expression"), "x0^2 - x1^2 + 0.25*x1^4");
  EXPECT_EQ(column("evaluator"), "compiled");
  EXPECT_EQ(column("dim"), "2");
  std::set<std::string> hashes{plan.hash};
  for (const std::string& changed :
       {std::string("  - function: expression\n    expression: x0^2 - x1^2 + 0.26*x1^4\n"
                    "    known_points: [{x: [0, 0], class: saddle_point}]\n"),
        base + "    f_star: -1\n", base + "    search_box: [[-2, 2], [-2, 2]]\n",
        std::string("  - function: expression\n    expression: x0^2 - x1^2 + 0.25*x1^4\n"
                    "    known_points: [{x: [0, 0], class: inconclusive}]\n")}) {
    hashes.insert(expand_plan(parse_config(with_problem(changed), "t.yaml"), true).hash);
  }
  EXPECT_EQ(hashes.size(), 5u) << "a change of the definition must change the hash";
}

TEST(ExpressionConfig, AnExpressionRunsLikeItsBuiltInTwin) {
  const testing::TempDir out;
  const std::string config =
      "name: twins\nkind: function\nproblems:\n"
      "  - {function: quartic_saddle, start: [[0.0, 1.0e-4], [0.5, -1.0e-3], [-2.0, 3.0]]}\n"
      "  - function: expression\n"
      "    expression: x0^2 + x1^4/4 - x1^2/2\n"
      "    f_star: -0.25\n"
      "    known_points: [{x: [0, 0], class: saddle_point}]\n"
      "    start: [[0.0, 1.0e-4], [0.5, -1.0e-3], [-2.0, 3.0]]\n"
      "optimizers: [{name: sgd, lr: 0.01}, {name: adam, lr: 0.01}]\n"
      "stop: {max_steps: 3000, target: f_star + 1.0e-6}\nescape: {radius: 0.1}\n";
  testing::sweep_config(config, out.str(), 2);
  // Same starts (no noise: the noise is seeded by the problem's cells, which differ).
  const auto runs = testing::csv_records(out.str() + "/twins/runs.csv");
  ASSERT_EQ(runs.size(), 12u);
  int escaped = 0;
  for (std::size_t i = 0; i < 6; ++i) {
    const auto& builtin = runs[i];
    const auto& mine = runs[i + 6];
    EXPECT_EQ(builtin.at("problem"), "quartic_saddle");
    EXPECT_EQ(mine.at("problem"), "expression");
    EXPECT_EQ(mine.at("start"), builtin.at("start"));
    EXPECT_EQ(builtin.at("status"), "reached_target");
    EXPECT_EQ(mine.at("status"), builtin.at("status"));
    EXPECT_EQ(mine.at("steps_to_target"), builtin.at("steps_to_target"));
    EXPECT_EQ(mine.at("escape_step"), builtin.at("escape_step"));
    escaped += builtin.at("escape_step").empty() ? 0 : 1;
    EXPECT_EQ(mine.at("final_point_class"), builtin.at("final_point_class"));
    EXPECT_NEAR(std::stod(mine.at("final_loss")), std::stod(builtin.at("final_loss")), 1e-12);
  }
  EXPECT_EQ(escaped, 2);  // the start next to the saddle, for each optimizer
}

TEST(ExpressionConfig, CriticalPointsAreFoundAndClassified) {
  const testing::TempDir out;
  const std::string config =
      "name: points\nkind: critical_points\nproblems:\n"
      "  - function: expression\n    expression: x0^2 - x1^2 + 0.25*x1^4\n"
      "    search_box: [[-2, 2], [-2, 2]]\n";
  const ExperimentSpec spec = parse_config(config, "t.yaml");
  const RunPlan plan = expand_plan(spec, false);
  const auto kind = find_experiment(spec.kind).make();
  SweepOptions options;
  options.out_root = out.str();
  ASSERT_EQ(run_sweep(plan, *kind, options).state, SweepState::Complete);
  // x0^2 - x1^2 + x1^4/4: a saddle at 0 and minima at (0, +-sqrt 2), nothing else in the box.
  const auto points = testing::csv_records(out.str() + "/points/critical_points.csv");
  ASSERT_EQ(points.size(), 3u);
  std::multiset<std::string> found;
  for (const auto& p : points) {
    const std::vector<double> xs =
        parse_number_list(p.at("point")).value_or(std::vector<double>{0.0, 0.0, 0.0});
    ASSERT_EQ(xs.size(), 2u) << p.at("point");
    const double x0 = xs[0];
    const double x1 = xs[1];
    EXPECT_NEAR(x0, 0.0, 1e-9) << p.at("point");
    const double expected = x1 > 0.5 ? std::sqrt(2.0) : (x1 < -0.5 ? -std::sqrt(2.0) : 0.0);
    EXPECT_NEAR(x1, expected, 1e-9) << p.at("point");
    found.insert(p.at("class") + (expected > 0 ? " +" : expected < 0 ? " -" : " 0"));
  }
  EXPECT_EQ(found,
            (std::multiset<std::string>{"local_minimum +", "local_minimum -", "saddle_point 0"}));
}

// ---------------------------------------------------------------------------------------------
// The command line.

TEST(ExpressionCli, ClassifyTakesAnExpression) {
  const testing::CliResult r =
      testing::run_cli({"classify", "--expression", "-2*x0*x1", "--at", "0,0", "--format", "csv"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  // Eigen's solver rounds ±2 as it does for classify --hessian "0,-2;-2,0".
  EXPECT_EQ(r.out,
            "point,f,grad_norm,eigenvalues,class\n"
            "0 0,0,0,-1.9999999999999996 1.9999999999999996,saddle_point\n");
  const testing::CliResult bad =
      testing::run_cli({"classify", "--expression", "x0 + (x1", "--at", "0,0"});
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_EQ(bad.err, "optbench: error: --expression: column 6: this '(' is never closed\n");
}

TEST(ExpressionCli, ARunWritesTheCompiledCodeToTheCacheFolderNotTheResults) {
  const testing::TempDir cache;
  const testing::TempDir out;
  const testing::TempDir dir;
  const ScopedEnv env("XDG_CACHE_HOME", cache.str());
  testing::write_text(dir.path() / "c.yaml",
                      "name: cached\nkind: function\nproblems:\n"
                      "  - {function: expression, expression: '(1 - x0*x1)^2 + 0.001*x0^4', "
                      "start: [0.5, 0.5]}\noptimizers: [adam]\nstop: {max_steps: 50}\n");
  const testing::CliResult r =
      testing::run_cli({"run", (dir.path() / "c.yaml").string(), "--out", out.str(), "--quiet"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::set<std::string> results;
  for (const auto& e : fs::recursive_directory_iterator(out.path())) {
    results.insert(e.path().filename().string());
  }
  for (const auto& name : results) {
    EXPECT_TRUE(name == "cached" || name.find(".csv") != std::string::npos ||
                name == "manifest.json" || name == ".optbench.lock")
        << "unexpected file in the results: " << name;
  }
  if (!r.err.empty()) GTEST_SKIP() << "no compiler here: " << r.err;
  int objects = 0;
  for (const auto& e : fs::directory_iterator(cache.path() / "optbench" / "expressions")) {
    objects += e.path().extension() == ".so" ? 1 : 0;
  }
  EXPECT_EQ(objects, 1);
}

TEST(ExpressionCli, WithoutACompilerItInterpretsWithOneNoteAndTheSameNumbers) {
  const testing::TempDir dir;
  const std::string config =
      "name: fallback\nkind: function\nseeds: 2\nproblems:\n"
      "  - function: expression\n    expression: 100*(x1 - x0^2)^2 + (1 - x0)^2\n"
      "    start: [-1.2, 1]\n    start_noise: 0.01\n"
      "  - function: expression\n    expression: tanh(x0)^2 + log(1 + x1^2)\n    start: [1, 1]\n"
      "optimizers: [{name: adam, lr: 0.01}, momentum]\nstop: {max_steps: 200}\n";
  testing::write_text(dir.path() / "f.yaml", config);
  const std::string file = (dir.path() / "f.yaml").string();
  const testing::TempDir compiled_cache;
  const testing::TempDir compiled_out;
  {
    const ScopedEnv cache("XDG_CACHE_HOME", compiled_cache.str());
    const testing::CliResult r =
        testing::run_cli({"run", file, "--out", compiled_out.str(), "--quiet"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
  }
  const testing::TempDir fresh_cache;
  const testing::TempDir interpreted_out;
  const ScopedEnv cache("XDG_CACHE_HOME", fresh_cache.str());
  const ScopedEnv cc("CC", "/nonexistent/bin/cc");
  const testing::CliResult r =
      testing::run_cli({"run", file, "--out", interpreted_out.str(), "--quiet", "--jobs", "2"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.err,
            "optbench: note: expressions are interpreted, not compiled: no C compiler "
            "('/nonexistent/bin/cc' is not on PATH)\n");
  EXPECT_EQ(testing::without_timing((interpreted_out.path() / "fallback" / "runs.csv").string()),
            testing::without_timing((compiled_out.path() / "fallback" / "runs.csv").string()));
  EXPECT_EQ(testing::without_timing((interpreted_out.path() / "fallback" / "trace.csv").string()),
            testing::without_timing((compiled_out.path() / "fallback" / "trace.csv").string()));
}

TEST(ExpressionCli, ATenMegabyteExpressionIsRefusedBeforeParsing) {
  const testing::TempDir dir;
  const testing::TempDir out;
  std::string text =
      "name: big\nkind: function\nproblems:\n  - function: expression\n"
      "    expression: \"";
  while (text.size() < 10 * 1024 * 1024) text += "x0^2 + x1*x0 - ";
  text += "x1\"\noptimizers: [sgd]\n";
  testing::write_text(dir.path() / "big.yaml", text);
  const std::string file = (dir.path() / "big.yaml").string();
  const testing::CliResult r = testing::run_cli({"run", file, "--out", out.str()});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.out, "");
  // Refused by its size before a byte of it is parsed (read_input_file's limit for configs).
  EXPECT_EQ(r.err, file + ": error: is 10 MiB; a config file may be at most 1 MiB\n");
  EXPECT_TRUE(fs::is_empty(out.path()));
  // Below the file limit, the expression's own limit says where.
  std::string long_one =
      "name: long\nkind: function\nproblems:\n  - function: expression\n"
      "    expression: \"";
  while (long_one.size() < 200000) long_one += "x0 + ";
  long_one += "x1\"\noptimizers: [sgd]\n";
  const Error e = error_of(long_one);
  EXPECT_EQ(e.where().line, 5);
  EXPECT_EQ(e.where().column, 18);  // the expression's first character
  EXPECT_NE(e.message().find("at most 100000 are accepted"), std::string::npos) << e.what();
}

// ---------------------------------------------------------------------------------------------
// The lesson's examples.

TEST(ExpressionConfig, TheLessonsKnownPointsAreCriticalPointsOfTheirClass) {
  const ExperimentSpec spec =
      load_config(std::string(OPTBENCH_SOURCE_DIR) + "/configs/lesson_expressions.yaml");
  const RunPlan plan = expand_plan(spec, true);
  int points = 0;
  for (const ProblemInstance& p : plan.problems) {
    ASSERT_TRUE(p.expression) << p.function;
    const auto f = make_problem_function(p);
    for (const KnownPoint& kp : f->known_points()) {
      ++points;
      Eigen::VectorXd g(f->dim());
      f->value_and_gradient(kp.x, g);
      EXPECT_LE(g.lpNorm<Eigen::Infinity>(), 1e-12)
          << p.expression->text << " at " << kp.x.transpose();
      Eigen::MatrixXd h(f->dim(), f->dim());
      f->hessian(kp.x, h);
      const Eigen::VectorXd ev = Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd>(h).eigenvalues();
      const bool up = (ev.array() > 1e-12).any();
      const bool down = (ev.array() < -1e-12).any();
      const PointClass c = up && down                    ? PointClass::SaddlePoint
                           : (ev.array() > 1e-12).all()  ? PointClass::LocalMinimum
                           : (ev.array() < -1e-12).all() ? PointClass::LocalMaximum
                                                         : PointClass::Inconclusive;
      EXPECT_EQ(to_string(c), to_string(kp.kind))
          << p.expression->text << " at " << kp.x.transpose() << "\n"
          << h;
    }
  }
  EXPECT_GE(points, 6);
}

}  // namespace
}  // namespace optbench
