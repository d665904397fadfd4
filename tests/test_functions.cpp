// The test functions against independent oracles: Eigen's AutoDiff (nested for the Hessian) on
// each class's templated `evaluate`, central differences of the analytic gradient, and the
// critical points the functions claim to know. Every registered function is covered: the
// parameterized suites iterate the registry, and a function registered without an AutoDiff
// oracle in this file fails EveryRegisteredFunctionHasAnAutoDiffOracle.

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <initializer_list>
#include <limits>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include <Eigen/Eigenvalues>
#include <unsupported/Eigen/AutoDiff>

#include "optbench/core/error.hpp"
#include "optbench/core/random.hpp"
#include "optbench/functions/ackley.hpp"
#include "optbench/functions/beale.hpp"
#include "optbench/functions/function_registry.hpp"
#include "optbench/functions/griewank.hpp"
#include "optbench/functions/himmelblau.hpp"
#include "optbench/functions/levy.hpp"
#include "optbench/functions/michalewicz.hpp"
#include "optbench/functions/monkey_saddle.hpp"
#include "optbench/functions/quadratic.hpp"
#include "optbench/functions/quartic_saddle.hpp"
#include "optbench/functions/rastrigin.hpp"
#include "optbench/functions/rosenbrock.hpp"
#include "optbench/functions/schwefel.hpp"
#include "optbench/functions/six_hump_camel.hpp"
#include "optbench/functions/strict_saddle.hpp"
#include "optbench/functions/styblinski_tang.hpp"
#include "optbench/functions/tiny_linear_net.hpp"

namespace optbench {
namespace {

// ---------------------------------------------------------------------------------------------
// AutoDiff oracles: name -> the concrete class's `evaluate` on AutoDiff scalars.

using AD = Eigen::AutoDiffScalar<Eigen::VectorXd>;
using ADVector = Eigen::Matrix<AD, Eigen::Dynamic, 1>;
using AD2 = Eigen::AutoDiffScalar<ADVector>;  // derivatives that are themselves AutoDiff
using AD2Vector = Eigen::Matrix<AD2, Eigen::Dynamic, 1>;

struct Oracle {
  /// evaluate<double>(x).
  std::function<double(const TestFunction&, const Eigen::VectorXd&)> value;
  /// The AutoDiff gradient into `grad`; returns the value.
  std::function<double(const TestFunction&, const Eigen::VectorXd&, Eigen::VectorXd& grad)>
      gradient;
  /// The nested-AutoDiff Hessian into `hess`.
  std::function<void(const TestFunction&, const Eigen::VectorXd&, Eigen::MatrixXd& hess)> hessian;
};

/// The oracle of class F; the dynamic_cast throws std::bad_cast when the registry builds
/// another class under F's name.
template <typename F>
Oracle oracle_of() {
  Oracle oracle;
  oracle.value = [](const TestFunction& f, const Eigen::VectorXd& x) {
    return dynamic_cast<const F&>(f).evaluate(x);
  };
  oracle.gradient = [](const TestFunction& f, const Eigen::VectorXd& x, Eigen::VectorXd& grad) {
    const Eigen::Index n = x.size();
    ADVector ax(n);
    for (Eigen::Index i = 0; i < n; ++i) ax(i) = AD(x(i), n, i);
    const AD y = dynamic_cast<const F&>(f).evaluate(ax);
    grad = Eigen::VectorXd::Zero(n);
    if (y.derivatives().size() == n) grad = y.derivatives();
    return y.value();
  };
  oracle.hessian = [](const TestFunction& f, const Eigen::VectorXd& x, Eigen::MatrixXd& hess) {
    const Eigen::Index n = x.size();
    AD2Vector ax(n);
    for (Eigen::Index i = 0; i < n; ++i) {
      ax(i).value() = AD(x(i), n, i);
      ax(i).derivatives().resize(n);
      for (Eigen::Index j = 0; j < n; ++j) {
        ax(i).derivatives()(j) = AD(i == j ? 1.0 : 0.0, Eigen::VectorXd::Zero(n));
      }
    }
    const AD2 y = dynamic_cast<const F&>(f).evaluate(ax);
    hess = Eigen::MatrixXd::Zero(n, n);
    if (y.derivatives().size() != n) return;
    for (Eigen::Index i = 0; i < n; ++i) {
      const Eigen::VectorXd& row = y.derivatives()(i).derivatives();
      if (row.size() == n) hess.row(i) = row.transpose();
    }
  };
  return oracle;
}

const std::map<std::string, Oracle>& oracles() {
  static const std::map<std::string, Oracle> table{
      {"tiny_linear_net", oracle_of<TinyLinearNet>()},
      {"quartic_saddle", oracle_of<QuarticSaddle>()},
      {"strict_saddle", oracle_of<StrictSaddle>()},
      {"monkey_saddle", oracle_of<MonkeySaddle>()},
      {"rosenbrock", oracle_of<Rosenbrock>()},
      {"himmelblau", oracle_of<Himmelblau>()},
      {"six_hump_camel", oracle_of<SixHumpCamel>()},
      {"beale", oracle_of<Beale>()},
      {"styblinski_tang", oracle_of<StyblinskiTang>()},
      {"rastrigin", oracle_of<Rastrigin>()},
      {"quadratic", oracle_of<Quadratic>()},
      {"ackley", oracle_of<Ackley>()},
      {"griewank", oracle_of<Griewank>()},
      {"schwefel", oracle_of<Schwefel>()},
      {"levy", oracle_of<Levy>()},
      {"michalewicz", oracle_of<Michalewicz>()},
  };
  return table;
}

// ---------------------------------------------------------------------------------------------
// Helpers.

/// The class of a point by its Hessian's eigenvalues, as the design defines it.
PointClass classify(const Eigen::MatrixXd& hess, double tol = 1e-12) {
  const Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> solver(hess, Eigen::EigenvaluesOnly);
  const Eigen::VectorXd& ev = solver.eigenvalues();
  const bool positive = (ev.array() > tol).any();
  const bool negative = (ev.array() < -tol).any();
  if (positive && negative) return PointClass::SaddlePoint;
  if ((ev.array() > tol).all()) return PointClass::LocalMinimum;
  if ((ev.array() < -tol).all()) return PointClass::LocalMaximum;
  return PointClass::Inconclusive;
}

/// |actual - expected| <= rtol |expected| + atol (1 + max |expected|), entry by entry.
::testing::AssertionResult all_close(const Eigen::MatrixXd& actual, const Eigen::MatrixXd& expected,
                                     double rtol, double atol) {
  if (actual.rows() != expected.rows() || actual.cols() != expected.cols()) {
    return ::testing::AssertionFailure() << "shape " << actual.rows() << "x" << actual.cols()
                                         << " != " << expected.rows() << "x" << expected.cols();
  }
  const double scale = 1.0 + (expected.size() > 0 ? expected.cwiseAbs().maxCoeff() : 0.0);
  for (Eigen::Index i = 0; i < actual.rows(); ++i) {
    for (Eigen::Index j = 0; j < actual.cols(); ++j) {
      const double a = actual(i, j);
      const double e = expected(i, j);
      if (!(std::abs(a - e) <= rtol * std::abs(e) + atol * scale)) {
        return ::testing::AssertionFailure() << "entry (" << i << ", " << j << "): " << a << " vs "
                                             << e << " (diff " << a - e << ")\nactual:\n"
                                             << actual << "\nexpected:\n"
                                             << expected;
      }
    }
  }
  return ::testing::AssertionSuccess();
}

std::string describe_point(const Eigen::VectorXd& x) {
  std::ostringstream out;
  out.precision(17);
  out << "at (" << x.transpose() << ")";
  return out.str();
}

/// One configuration of a registered function.
struct Case {
  std::string function;
  Eigen::Index dim = 2;
  Settings params;
  std::string label;  ///< a gtest-safe name, e.g. strict_saddle_dim5_negative2
};

void PrintTo(const Case& c, std::ostream* os) {
  *os << c.label;
}

/// Every registered function: the fixed dimension, or dims 2 and 5 for any-dimension ones; for
/// each integer parameter also the values 0, 1, 2 and dim where the function accepts them.
std::vector<Case> registry_cases() {
  std::vector<Case> cases;
  for (const FunctionInfo& info : function_registry().all()) {
    std::vector<Eigen::Index> dims;
    if (info.fixed_dim != 0) {
      dims.push_back(info.fixed_dim);
    } else {
      for (Eigen::Index d : {Eigen::Index{2}, Eigen::Index{5}}) {
        dims.push_back(std::max(d, info.min_dim));
      }
      dims.erase(std::unique(dims.begin(), dims.end()), dims.end());
    }
    for (const Eigen::Index dim : dims) {
      const std::string base = info.name + "_dim" + std::to_string(dim);
      cases.push_back({info.name, dim, Settings{}, base});
      for (const ParamSpec& spec : info.params) {
        if (spec.type != SettingType::Integer) continue;
        std::vector<std::int64_t> values{0, 1, 2, static_cast<std::int64_t>(dim)};
        std::sort(values.begin(), values.end());
        values.erase(std::unique(values.begin(), values.end()), values.end());
        for (const std::int64_t v : values) {
          Settings params;
          params.set(spec.name, v);
          try {
            make_function(info.name, dim, params);
          } catch (const Error&) {
            continue;  // out of range for this dim
          }
          cases.push_back({info.name, dim, params, base + "_" + spec.name + std::to_string(v)});
        }
      }
    }
  }
  return cases;
}

constexpr int kSamples = 20;

/// kSamples points uniform in the function's search box, seeded by the case label.
std::vector<Eigen::VectorXd> sample_points(const TestFunction& f, const std::string& label) {
  Rng rng(stable_hash({"test_functions", label}));
  const SearchBox box = f.search_box();
  std::vector<Eigen::VectorXd> points;
  for (int s = 0; s < kSamples; ++s) {
    Eigen::VectorXd x(f.dim());
    for (Eigen::Index i = 0; i < f.dim(); ++i) {
      const auto [lo, hi] = box[static_cast<std::size_t>(i)];
      x(i) = lo + (hi - lo) * rng.uniform();
    }
    points.push_back(x);
  }
  return points;
}

Eigen::VectorXd gradient_of(const TestFunction& f, const Eigen::VectorXd& x) {
  Eigen::VectorXd grad(f.dim());
  f.value_and_gradient(x, grad);
  return grad;
}

/// A dynamic-size vector (GCC 12 warns falsely about fixed-size 2-vectors with AVX-512).
Eigen::VectorXd vec(std::initializer_list<double> values) {
  Eigen::VectorXd v(static_cast<Eigen::Index>(values.size()));
  Eigen::Index i = 0;
  for (const double value : values) v(i++) = value;
  return v;
}

/// A dynamic-size 2x2 matrix, row by row.
Eigen::MatrixXd mat2(double a, double b, double c, double d) {
  Eigen::MatrixXd m(2, 2);
  m << a, b, c, d;
  return m;
}

Eigen::MatrixXd hessian_of(const TestFunction& f, const Eigen::VectorXd& x) {
  Eigen::MatrixXd hess(f.dim(), f.dim());
  f.hessian(x, hess);
  return hess;
}

// ---------------------------------------------------------------------------------------------
// Every registered function, every configuration.

class FunctionCase : public ::testing::TestWithParam<Case> {
 protected:
  void SetUp() override {
    f_ = make_function(GetParam().function, GetParam().dim, GetParam().params);
    ASSERT_NE(f_, nullptr);
    ASSERT_EQ(f_->dim(), GetParam().dim);
    const auto it = oracles().find(GetParam().function);
    ASSERT_NE(it, oracles().end()) << "no AutoDiff oracle for " << GetParam().function;
    oracle_ = &it->second;
  }

  std::unique_ptr<TestFunction> f_;
  const Oracle* oracle_ = nullptr;
};

TEST_P(FunctionCase, ValueAgreesWithValueAndGradientAndEvaluate) {
  for (const Eigen::VectorXd& x : sample_points(*f_, GetParam().label)) {
    Eigen::VectorXd grad(f_->dim());
    const double combined = f_->value_and_gradient(x, grad);
    const double value = f_->value(x);
    EXPECT_NEAR(combined, value, 1e-13 * (1.0 + std::abs(value))) << describe_point(x);
    EXPECT_EQ(value, oracle_->value(*f_, x)) << describe_point(x);
  }
}

TEST_P(FunctionCase, GradientMatchesAutoDiff) {
  for (const Eigen::VectorXd& x : sample_points(*f_, GetParam().label)) {
    Eigen::VectorXd ad_grad;
    const double ad_value = oracle_->gradient(*f_, x, ad_grad);
    EXPECT_NEAR(ad_value, f_->value(x), 1e-13 * (1.0 + std::abs(ad_value))) << describe_point(x);
    EXPECT_TRUE(all_close(gradient_of(*f_, x), ad_grad, 1e-10, 1e-12)) << describe_point(x);
  }
}

TEST_P(FunctionCase, HessianMatchesNestedAutoDiff) {
  for (const Eigen::VectorXd& x : sample_points(*f_, GetParam().label)) {
    Eigen::MatrixXd ad_hess;
    oracle_->hessian(*f_, x, ad_hess);
    const Eigen::MatrixXd hess = hessian_of(*f_, x);
    EXPECT_TRUE(all_close(hess, ad_hess, 1e-10, 1e-12)) << describe_point(x);
    EXPECT_EQ(hess, hess.transpose()) << "not symmetric " << describe_point(x);
  }
}

TEST_P(FunctionCase, HessianMatchesCentralDifferencesOfTheGradient) {
  const Eigen::Index n = f_->dim();
  for (const Eigen::VectorXd& x : sample_points(*f_, GetParam().label)) {
    Eigen::MatrixXd fd(n, n);
    for (Eigen::Index j = 0; j < n; ++j) {
      const double h = 1e-5 * std::max(1.0, std::abs(x(j)));
      Eigen::VectorXd plus = x;
      Eigen::VectorXd minus = x;
      plus(j) += h;
      minus(j) -= h;
      fd.col(j) = (gradient_of(*f_, plus) - gradient_of(*f_, minus)) / (plus(j) - minus(j));
    }
    EXPECT_TRUE(all_close(hessian_of(*f_, x), fd, 1e-5, 1e-7)) << describe_point(x);
  }
}

TEST_P(FunctionCase, DiagonalHessianIsTheDenseDiagonal) {
  const auto probe = f_->diagonal_hessian(Eigen::VectorXd::Zero(f_->dim()));
  if (!probe) {
    // Without diagonal_hessian an any-dimension function must really couple its coordinates:
    // a separable one has to override it, or large dimensions need a dense Hessian.
    if (function_registry().find(GetParam().function)->fixed_dim != 0) return;
    double largest_off_diagonal = 0.0;
    for (const Eigen::VectorXd& x : sample_points(*f_, GetParam().label)) {
      Eigen::MatrixXd hess = hessian_of(*f_, x);
      hess.diagonal().setZero();
      largest_off_diagonal = std::max(largest_off_diagonal, hess.cwiseAbs().maxCoeff());
    }
    EXPECT_GT(largest_off_diagonal, 0.0)
        << GetParam().function << " looks separable: override diagonal_hessian";
    return;
  }
  for (const Eigen::VectorXd& x : sample_points(*f_, GetParam().label)) {
    const auto diag = f_->diagonal_hessian(x);
    ASSERT_TRUE(diag.has_value()) << describe_point(x);
    ASSERT_EQ(diag->size(), f_->dim());
    Eigen::MatrixXd hess = hessian_of(*f_, x);
    EXPECT_EQ(*diag, hess.diagonal()) << describe_point(x);
    hess.diagonal().setZero();
    EXPECT_TRUE(hess.isZero(0.0)) << "off-diagonal entries " << describe_point(x) << "\n" << hess;
  }
}

TEST_P(FunctionCase, SearchBoxHasOneNonEmptyIntervalPerCoordinate) {
  const SearchBox box = f_->search_box();
  ASSERT_EQ(static_cast<Eigen::Index>(box.size()), f_->dim());
  for (const auto& [lo, hi] : box) {
    EXPECT_TRUE(std::isfinite(lo) && std::isfinite(hi));
    EXPECT_LT(lo, hi);
  }
}

TEST_P(FunctionCase, KnownPointsAreCriticalPointsOfTheirStatedClass) {
  const std::vector<KnownPoint> points = f_->known_points();
  ASSERT_FALSE(points.empty()) << GetParam().function << " knows no critical point";
  const SearchBox box = f_->search_box();
  for (std::size_t p = 0; p < points.size(); ++p) {
    const KnownPoint& kp = points[p];
    ASSERT_EQ(kp.x.size(), f_->dim());
    const Eigen::VectorXd grad = gradient_of(*f_, kp.x);
    EXPECT_LE(grad.lpNorm<Eigen::Infinity>(), 1e-9)
        << "gradient " << grad.transpose() << " " << describe_point(kp.x);
    EXPECT_EQ(to_string(classify(hessian_of(*f_, kp.x))), to_string(kp.kind))
        << describe_point(kp.x) << ", Hessian\n"
        << hessian_of(*f_, kp.x);
    for (Eigen::Index i = 0; i < f_->dim(); ++i) {
      const auto [lo, hi] = box[static_cast<std::size_t>(i)];
      EXPECT_TRUE(lo <= kp.x(i) && kp.x(i) <= hi)
          << "outside the search box " << describe_point(kp.x);
    }
    for (std::size_t q = 0; q < p; ++q) {
      EXPECT_GT((points[q].x - kp.x).norm(), 1e-6) << "listed twice " << describe_point(kp.x);
    }
  }
}

TEST_P(FunctionCase, FStarIsAttainedAtAKnownPointAndNotUndercut) {
  const auto f_star = f_->f_star();
  if (!f_star) GTEST_SKIP() << GetParam().function << " has no f*";
  const double tol = 1e-12 * (1.0 + std::abs(*f_star));
  double lowest = std::numeric_limits<double>::infinity();
  for (const KnownPoint& kp : f_->known_points()) lowest = std::min(lowest, f_->value(kp.x));
  EXPECT_NEAR(lowest, *f_star, tol) << "f* should be the value at the best known point";
  for (const Eigen::VectorXd& x : sample_points(*f_, GetParam().label)) {
    EXPECT_GE(f_->value(x), *f_star - tol) << "below f* " << describe_point(x);
  }
}

INSTANTIATE_TEST_SUITE_P(Registry, FunctionCase, ::testing::ValuesIn(registry_cases()),
                         [](const ::testing::TestParamInfo<Case>& info) {
                           return info.param.label;
                         });

TEST(Functions, EveryRegisteredFunctionHasAnAutoDiffOracle) {
  for (const std::string& name : function_registry().names()) {
    EXPECT_EQ(oracles().count(name), 1u)
        << "register an AutoDiff oracle for '" << name << "' in tests/test_functions.cpp";
  }
  for (const auto& [name, oracle] : oracles()) {
    EXPECT_NE(function_registry().find(name), nullptr) << "oracle for unregistered " << name;
  }
}

TEST(Functions, RegistryCoversTheDesignCatalogue) {
  for (const char* name :
       {"tiny_linear_net", "quartic_saddle", "strict_saddle", "monkey_saddle", "rosenbrock",
        "himmelblau", "six_hump_camel", "beale", "styblinski_tang", "rastrigin"}) {
    EXPECT_NE(function_registry().find(name), nullptr) << name;
  }
}

TEST(Functions, RegistryBuildsEveryFunction) {
  for (const auto& info : function_registry().all()) {
    const Eigen::Index dim = info.fixed_dim != 0 ? info.fixed_dim : 3;
    auto f = make_function(info.name, dim, Settings{});
    ASSERT_NE(f, nullptr) << info.name;
    EXPECT_EQ(f->dim(), dim);
    EXPECT_FALSE(info.formula.empty()) << info.name;
    EXPECT_FALSE(info.known.empty()) << info.name;
  }
}

// ---------------------------------------------------------------------------------------------
// Specific values.

TEST(Functions, QuarticSaddleHessianAtTheSaddle) {
  const auto f = make_function("quartic_saddle", 2, Settings{});
  EXPECT_EQ(hessian_of(*f, vec({0.0, 0.0})), mat2(2.0, 0.0, 0.0, -1.0));
  EXPECT_EQ(f->value(vec({0.0, 1.0})), -0.25);
}

TEST(Functions, TinyLinearNetHessianAtTheSaddleAndOnTheValley) {
  const auto f = make_function("tiny_linear_net", 2, Settings{});
  EXPECT_EQ(hessian_of(*f, vec({0.0, 0.0})), mat2(0.0, -2.0, -2.0, 0.0));
  EXPECT_EQ(f->value(vec({0.0, 0.0})), 1.0);
  // Every point of x0 x1 = 1 is a minimum with a flat direction along the valley.
  for (const double a : {0.5, 1.0, 2.0, -1.0}) {
    const Eigen::VectorXd x = vec({a, 1.0 / a});
    EXPECT_NEAR(f->value(x), 0.0, 1e-30);
    EXPECT_EQ(classify(hessian_of(*f, x), 1e-12), PointClass::Inconclusive) << a;
  }
}

TEST(Functions, QuadraticHessianIsItsParametersAndClassifiesTheOrigin) {
  const auto make = [](double a, double b, double c) {
    Settings params;
    params.set("a", a);
    params.set("b", b);
    params.set("c", c);
    return make_function("quadratic", 2, params);
  };
  const auto saddle = make(0.0, -2.0, 0.0);  // f = -2 x0 x1
  EXPECT_EQ(hessian_of(*saddle, vec({0.3, -0.7})), mat2(0.0, -2.0, -2.0, 0.0));
  EXPECT_EQ(saddle->value(vec({1.0, 2.0})), -4.0);
  EXPECT_EQ(saddle->known_points().at(0).kind, PointClass::SaddlePoint);
  EXPECT_FALSE(saddle->f_star().has_value());
  const auto minimum = make(2.0, 0.0, 2.0);
  EXPECT_EQ(minimum->value(vec({1.0, 2.0})), 5.0);
  EXPECT_EQ(minimum->known_points().at(0).kind, PointClass::LocalMinimum);
  EXPECT_EQ(minimum->f_star(), 0.0);
  const auto maximum = make(-2.0, 0.0, -2.0);
  EXPECT_EQ(maximum->known_points().at(0).kind, PointClass::LocalMaximum);
  EXPECT_FALSE(maximum->f_star().has_value());
  const auto flat = make(1.0, 1.0, 1.0);  // eigenvalues 0 and 2: positive semi-definite
  EXPECT_EQ(flat->known_points().at(0).kind, PointClass::Inconclusive);
  EXPECT_EQ(flat->f_star(), 0.0);
  // The defaults a = 1, b = 0, c = 1: f = |x|^2 / 2.
  EXPECT_EQ(make_function("quadratic", 2, Settings{})->value(vec({3.0, 4.0})), 12.5);
}

TEST(Functions, RosenbrockIsZeroAtOnes) {
  for (const Eigen::Index dim : {2, 3, 10}) {
    const auto f = make_function("rosenbrock", dim, Settings{});
    EXPECT_EQ(f->value(Eigen::VectorXd::Ones(dim)), 0.0);
    EXPECT_TRUE(gradient_of(*f, Eigen::VectorXd::Ones(dim)).isZero(0.0));
  }
  const auto f = make_function("rosenbrock", 2, Settings{});
  EXPECT_EQ(f->value(vec({0.0, 0.0})), 1.0);
  EXPECT_EQ(f->value(vec({-1.0, 1.0})), 4.0);
}

TEST(Functions, HimmelblauAndBealeMinima) {
  const auto himmelblau = make_function("himmelblau", 2, Settings{});
  EXPECT_EQ(himmelblau->value(vec({3.0, 2.0})), 0.0);
  EXPECT_EQ(himmelblau->value(vec({0.0, 0.0})), 170.0);
  const auto beale = make_function("beale", 2, Settings{});
  EXPECT_EQ(beale->value(vec({3.0, 0.5})), 0.0);
  EXPECT_EQ(beale->value(vec({0.0, 0.0})), 1.5 * 1.5 + 2.25 * 2.25 + 2.625 * 2.625);
}

TEST(Functions, MonkeySaddleIsDegenerateAndUnboundedBelow) {
  const auto f = make_function("monkey_saddle", 2, Settings{});
  EXPECT_FALSE(f->f_star().has_value());
  EXPECT_TRUE(hessian_of(*f, vec({0.0, 0.0})).isZero(0.0));
  EXPECT_EQ(f->value(vec({-10.0, 0.0})), -1000.0);
  EXPECT_EQ(f->value(vec({1.0, 1.0})), -2.0);
}

TEST(Functions, StrictSaddleWithThreeEscapeDirectionsInTenDimensions) {
  Settings params;
  params.set("negative", std::int64_t{3});
  const auto f = make_function("strict_saddle", 10, params);
  Eigen::VectorXd minimum = Eigen::VectorXd::Zero(10);
  minimum.head(3) << 1.0, -1.0, 1.0;
  EXPECT_EQ(f->value(minimum), -0.75);
  ASSERT_TRUE(f->f_star().has_value());
  EXPECT_EQ(*f->f_star(), -0.75);
  const Eigen::VectorXd diag = *f->diagonal_hessian(Eigen::VectorXd::Zero(10));
  EXPECT_EQ((diag.array() == -1.0).count(), 3);
  EXPECT_EQ((diag.array() == 1.0).count(), 7);
  // The default is one escape direction.
  const auto one = make_function("strict_saddle", 4, Settings{});
  EXPECT_EQ(*one->f_star(), -0.25);
}

TEST(Functions, StrictSaddleRejectsMoreEscapeDirectionsThanDimensions) {
  Settings params;
  params.set("negative", std::int64_t{3});
  try {
    make_function("strict_saddle", 2, params);
    FAIL() << "negative = 3 > dim = 2 was accepted";
  } catch (const Error& e) {
    EXPECT_EQ(e.keypath(), "negative");
  }
  params.set("negative", std::int64_t{-1});
  EXPECT_THROW(make_function("strict_saddle", 2, params), Error);
  params.set("negative", 1.5);
  EXPECT_THROW(make_function("strict_saddle", 2, params), Error);
  params.set("negative", std::int64_t{2});
  EXPECT_NO_THROW(make_function("strict_saddle", 2, params));
}

TEST(Functions, StyblinskiTangMinimumPerCoordinate) {
  // The three roots of 4t^3 - 32t + 5 (the derivative of t^4 - 16t^2 + 5t).
  for (const double t :
       {StyblinskiTang::kLowRoot, StyblinskiTang::kMiddleRoot, StyblinskiTang::kHighRoot}) {
    EXPECT_NEAR(4.0 * t * t * t - 32.0 * t + 5.0, 0.0, 1e-13) << t;
  }
  EXPECT_NEAR(StyblinskiTang::kLowRoot, -2.903534027771178, 2e-15);
  for (const Eigen::Index dim : {1, 2, 7}) {
    const auto f = make_function("styblinski_tang", dim, Settings{});
    const double d = static_cast<double>(dim);
    const double at_min = f->value(Eigen::VectorXd::Constant(dim, StyblinskiTang::kLowRoot));
    EXPECT_NEAR(at_min, -39.16616570377142 * d, 1e-13 * d);
    EXPECT_NEAR(*f->f_star(), at_min, 1e-13 * d);
  }
}

TEST(Functions, CriticalPointCountsOfTheDesignTable) {
  const auto count = [](const std::string& name, Eigen::Index dim) {
    std::map<PointClass, int> counts;
    for (const KnownPoint& kp : make_function(name, dim, Settings{})->known_points()) {
      ++counts[kp.kind];
    }
    return std::vector<int>{counts[PointClass::LocalMinimum], counts[PointClass::SaddlePoint],
                            counts[PointClass::LocalMaximum]};
  };
  EXPECT_EQ(count("himmelblau", 2), (std::vector<int>{4, 4, 1}));
  EXPECT_EQ(count("six_hump_camel", 2), (std::vector<int>{6, 7, 2}));
  EXPECT_EQ(count("styblinski_tang", 2), (std::vector<int>{4, 4, 1}));
  EXPECT_EQ(count("styblinski_tang", 3), (std::vector<int>{8, 18, 1}));
}

TEST(Functions, SixHumpCamelGlobalMinima) {
  const auto f = make_function("six_hump_camel", 2, Settings{});
  EXPECT_EQ(*f->f_star(), -1.0316284534898774);
  for (const double sign : {1.0, -1.0}) {
    const Eigen::VectorXd x = sign * vec({0.089842013100318058, -0.71265640302073963});
    EXPECT_NEAR(f->value(x), -1.0316284534898774, 1e-15);
  }
}

TEST(Functions, RastriginAtLatticePoints) {
  for (const Eigen::Index dim : {1, 2, 5, 100}) {
    const auto f = make_function("rastrigin", dim, Settings{});
    EXPECT_EQ(f->value(Eigen::VectorXd::Zero(dim)), 0.0);
  }
  const auto f = make_function("rastrigin", 2, Settings{});
  EXPECT_NEAR(f->value(vec({1.0, -2.0})), 5.0, 1e-12);
  EXPECT_NEAR(f->value(vec({0.5, 0.0})), 20.25, 1e-12);
}

TEST(Functions, UnknownNameSuggestsTheNearest) {
  try {
    make_function("rosenbrok", 2, Settings{});
    FAIL() << "an unknown name was accepted";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("did you mean 'rosenbrock'"), std::string::npos)
        << e.what();
  }
}

TEST(Functions, WrongDimensionsAndUnknownParametersAreRejected) {
  EXPECT_THROW(make_function("himmelblau", 3, Settings{}), Error);
  EXPECT_THROW(make_function("rosenbrock", 1, Settings{}), Error);
  Settings params;
  params.set("k", std::int64_t{1});
  EXPECT_THROW(make_function("strict_saddle", 2, params), Error);
}

}  // namespace
}  // namespace optbench
