// The derivative check: its steps and differences are scipy's (tests/data, from
// tools/derivative_check_reference.py), every registered function passes it, a wrong gradient or
// Hessian fails it, and `optbench check` reports both.

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "optbench/analysis/derivative_check.hpp"
#include "optbench/functions/function_registry.hpp"
#include "optbench/io/csv.hpp"
#include "optbench/io/list_cell.hpp"
#include "test_support.hpp"

namespace optbench {
namespace {

std::vector<double> numbers(const std::string& cell) {
  std::istringstream in(cell);
  std::vector<double> out;
  for (std::string v; in >> v;) out.push_back(std::stod(v));
  return out;
}

struct ReferenceRow {
  std::string kind, function;
  std::vector<double> x, values;
};

std::vector<ReferenceRow> reference() {
  std::ifstream in(std::string(OPTBENCH_TEST_DATA) + "/derivative_check_reference.csv");
  EXPECT_TRUE(in) << "tests/data/derivative_check_reference.csv is missing";
  std::vector<ReferenceRow> rows;
  std::string line;
  std::getline(in, line);  // the comment naming the generator
  std::getline(in, line);  // the header
  while (std::getline(in, line)) {
    std::vector<std::string> cells;
    std::istringstream fields(line);
    for (std::string c; std::getline(fields, c, ',');) cells.push_back(c);
    rows.push_back({cells[0], cells[1], numbers(cells[2]), numbers(cells[3])});
  }
  return rows;
}

Eigen::VectorXd vector_of(const std::vector<double>& v) {
  return Eigen::Map<const Eigen::VectorXd>(v.data(), static_cast<Eigen::Index>(v.size()));
}

TEST(DerivativeCheck, StepsAreScipysBitForBit) {
  int steps = 0;
  for (const auto& row : reference()) {
    if (row.kind != "step") continue;
    ++steps;
    EXPECT_EQ(central_difference_step(row.x[0]), row.values[0]) << "at " << row.x[0];
  }
  EXPECT_EQ(steps, 8);
}

TEST(DerivativeCheck, DifferencesMatchScipysApproxDerivative) {
  int rows = 0;
  for (const auto& row : reference()) {
    if (row.kind == "step") continue;
    ++rows;
    const auto f = make_function(row.function, 2, Settings{});
    const Eigen::VectorXd x = vector_of(row.x);
    // Only the rounding of f itself differs between numpy and C++ (the differences amplify it by
    // |f| eps / h); a different step or scheme would differ by far more.
    if (row.kind == "gradient") {
      const Eigen::VectorXd mine = central_difference_gradient(*f, x);
      const Eigen::VectorXd scipy = vector_of(row.values);
      EXPECT_LE((mine - scipy).cwiseAbs().maxCoeff(),
                1e-9 * std::max(1.0, scipy.cwiseAbs().maxCoeff()))
          << row.function << " at " << x.transpose() << "\n"
          << mine.transpose() << "\n"
          << scipy.transpose();
    } else {
      const Eigen::MatrixXd mine = central_difference_hessian(*f, x);
      const Eigen::MatrixXd scipy =
          Eigen::Map<const Eigen::Matrix<double, 2, 2, Eigen::RowMajor>>(row.values.data());
      EXPECT_LE((mine - scipy).cwiseAbs().maxCoeff(),
                1e-9 * std::max(1.0, scipy.cwiseAbs().maxCoeff()))
          << row.function << " at " << x.transpose() << "\n"
          << mine << "\n"
          << scipy;
    }
  }
  EXPECT_EQ(rows, 20);
}

TEST(DerivativeCheck, EveryRegisteredFunctionPassesAtTwentySeededPoints) {
  for (const FunctionInfo& info : function_registry().all()) {
    for (const Eigen::Index dim : {Eigen::Index{2}, Eigen::Index{5}}) {
      if (info.fixed_dim != 0 && dim != info.fixed_dim) continue;
      const auto f = make_function(info.name, dim, Settings{});
      double worst_gradient = 0.0;
      double worst_hessian = 0.0;
      for (const auto& x : check_points(*f, 20, 0)) {
        const DerivativeCheck c = check_derivatives(*f, x);
        ASSERT_TRUE(c.defined) << info.name;
        worst_gradient = std::max(worst_gradient, c.gradient_error);
        worst_hessian = std::max(worst_hessian, c.hessian_error);
        EXPECT_TRUE(passes(c, kDerivativeCheckTol))
            << info.name << " dim " << dim << " at " << x.transpose() << ": gradient "
            << c.gradient_error << ", Hessian " << c.hessian_error;
      }
      // Far below the tolerance: the tolerance is not what makes them pass.
      EXPECT_LT(worst_gradient, 1e-8) << info.name;
      EXPECT_LT(worst_hessian, 1e-7) << info.name;
    }
  }
}

/// himmelblau with a mistake in one derivative.
class Broken final : public TestFunction {
 public:
  Broken(bool wrong_gradient, bool wrong_hessian)
      : TestFunction(2),
        good_(make_function("himmelblau", 2, Settings{})),
        wrong_gradient_(wrong_gradient),
        wrong_hessian_(wrong_hessian) {}
  double value(Eigen::Ref<const Eigen::VectorXd> x) const override { return good_->value(x); }
  double value_and_gradient(Eigen::Ref<const Eigen::VectorXd> x,
                            Eigen::Ref<Eigen::VectorXd> grad) const override {
    const double v = good_->value_and_gradient(x, grad);
    if (wrong_gradient_) grad(1) *= 1.01;
    return v;
  }
  void hessian(Eigen::Ref<const Eigen::VectorXd> x,
               Eigen::Ref<Eigen::MatrixXd> hess) const override {
    good_->hessian(x, hess);
    if (wrong_hessian_) hess(0, 1) = hess(1, 0) = hess(0, 1) + 0.01;
  }

 private:
  std::unique_ptr<TestFunction> good_;
  bool wrong_gradient_;
  bool wrong_hessian_;
};

TEST(DerivativeCheck, AWrongGradientOrHessianFails) {
  const Broken gradient(true, false);
  const Broken hessian(false, true);
  const Eigen::VectorXd x = Eigen::Vector2d(1.3, -0.7);
  const DerivativeCheck g = check_derivatives(gradient, x);
  EXPECT_GT(g.gradient_error, 1e-4);
  EXPECT_FALSE(passes(g, kDerivativeCheckTol));
  const DerivativeCheck h = check_derivatives(hessian, x);
  EXPECT_LT(h.gradient_error, 1e-9);
  EXPECT_GT(h.hessian_error, 1e-4);
  EXPECT_FALSE(passes(h, kDerivativeCheckTol));
}

TEST(CheckCommand, PassesABuiltInAndAnExpressionAndSaysHow) {
  const testing::CliResult r = testing::run_cli({"check", "rosenbrock"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("rosenbrock (dim 2): analytic derivatives against central differences"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("at 20 points uniform in the search box (seed 0)"), std::string::npos);
  EXPECT_NE(r.out.find("check: pass"), std::string::npos) << r.out;

  const testing::CliResult csv =
      testing::run_cli({"check", "--expression", "sum(i, 0, dim-1, exp(-x[i]^2))*x0", "--dim", "3",
                        "--format", "csv"});
  ASSERT_EQ(csv.exit_code, 0) << csv.err;
  std::istringstream lines(csv.out);
  std::string line;
  std::getline(lines, line);
  EXPECT_EQ(line, "function,dim,point,gradient_error,hessian_error,tolerance,verdict");
  int rows = 0;
  while (std::getline(lines, line)) {
    ++rows;
    EXPECT_NE(line.find(",3,"), std::string::npos) << line;
    EXPECT_EQ(line.substr(line.size() - 5), ",pass") << line;
    const auto point = parse_number_list(split_csv_line(line).at(2));
    EXPECT_TRUE(split_csv_line(line).at(2).starts_with('[')) << line;
    EXPECT_EQ(point ? point->size() : 0u, 3u) << "the point is one list cell: " << line;
  }
  EXPECT_EQ(rows, 20);

  const testing::CliResult one = testing::run_cli(
      {"check", "quadratic", "--param", "b=-2", "--at", "0.5,-1", "--tol", "1e-9"});
  ASSERT_EQ(one.exit_code, 0) << one.err;
  EXPECT_NE(one.out.find("at the point 0.5 -1"), std::string::npos) << one.out;

  const testing::CliResult bad = testing::run_cli({"check", "rosenbrok"});
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.err.find("unknown function 'rosenbrok' (did you mean 'rosenbrock'?)"),
            std::string::npos)
      << bad.err;
}

}  // namespace
}  // namespace optbench
