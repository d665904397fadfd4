// function: expression against independent references: every built-in function rewritten as an
// expression agrees with its C++ class (value, gradient, Hessian to 1e-12 relative), the library
// functions' derivatives match their closed forms, errors are placed at their character, the
// compiled and the interpreted evaluators agree bit for bit, and a tape does not depend on
// GiNaC's per-process ordering.

#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <ginac/ginac.h>

#include "functions/expression/expression_program.hpp"
#include "functions/expression/symbolic_expression.hpp"
#include "optbench/core/error.hpp"
#include "optbench/core/random.hpp"
#include "optbench/functions/expression/expression_error.hpp"
#include "optbench/functions/expression/expression_function.hpp"
#include "optbench/functions/expression/expression_syntax.hpp"
#include "optbench/functions/function_registry.hpp"
#include "optbench/io/number_format.hpp"
#include "test_support.hpp"

namespace optbench {
namespace {

std::shared_ptr<const ExpressionProblem> problem_of(const std::string& text) {
  auto p = std::make_shared<ExpressionProblem>();
  p->text = text;
  return p;
}

ExpressionFunction expression(const std::string& text, Eigen::Index dim,
                              ExpressionEvaluator evaluator = ExpressionEvaluator::Interpreted) {
  return ExpressionFunction(problem_of(text), dim, evaluator);
}

Eigen::VectorXd gradient_of(const TestFunction& f, const Eigen::VectorXd& x) {
  Eigen::VectorXd g(f.dim());
  f.value_and_gradient(x, g);
  return g;
}

Eigen::MatrixXd hessian_of(const TestFunction& f, const Eigen::VectorXd& x) {
  Eigen::MatrixXd h(f.dim(), f.dim());
  f.hessian(x, h);
  return h;
}

Eigen::VectorXd vec(std::initializer_list<double> values) {
  Eigen::VectorXd v(static_cast<Eigen::Index>(values.size()));
  Eigen::Index i = 0;
  for (const double value : values) v(i++) = value;
  return v;
}

/// Entry by entry |a - b| <= rtol * max(1, max |b|): relative to the largest entry.
::testing::AssertionResult agree(const Eigen::MatrixXd& a, const Eigen::MatrixXd& b, double rtol) {
  if (a.rows() != b.rows() || a.cols() != b.cols()) {
    return ::testing::AssertionFailure() << "shapes differ";
  }
  const double scale = std::max(1.0, b.size() > 0 ? b.cwiseAbs().maxCoeff() : 0.0);
  for (Eigen::Index i = 0; i < a.rows(); ++i) {
    for (Eigen::Index j = 0; j < a.cols(); ++j) {
      if (!(std::abs(a(i, j) - b(i, j)) <= rtol * scale)) {
        return ::testing::AssertionFailure()
               << "entry (" << i << ", " << j << "): " << format_number(a(i, j)) << " vs "
               << format_number(b(i, j)) << " (relative " << std::abs(a(i, j) - b(i, j)) / scale
               << ")";
      }
    }
  }
  return ::testing::AssertionSuccess();
}

std::vector<Eigen::VectorXd> box_points(const TestFunction& f, const std::string& label,
                                        int count = 20) {
  Rng rng(stable_hash({"test_expressions", label}));
  const SearchBox box = f.search_box();
  std::vector<Eigen::VectorXd> points;
  for (int k = 0; k < count; ++k) {
    Eigen::VectorXd x(f.dim());
    for (Eigen::Index i = 0; i < f.dim(); ++i) {
      const auto [lo, hi] = box[static_cast<std::size_t>(i)];
      x(i) = lo + (hi - lo) * rng.uniform();
    }
    points.push_back(x);
  }
  return points;
}

// ---------------------------------------------------------------------------------------------
// Every built-in function, rewritten as an expression.

/// The expression text of a registered function with complete `params` at dimension `dim`.
using Rewrite = std::function<std::string(const Settings& params, Eigen::Index dim)>;

/// x<i> as an expression variable.
std::string var(Eigen::Index i) {
  return "x" + std::to_string(i);
}

const std::map<std::string, Rewrite>& rewrites() {
  static const std::map<std::string, Rewrite> table{
      {"tiny_linear_net", [](const Settings&, Eigen::Index) { return "(1 - x0*x1)^2"; }},
      {"quartic_saddle", [](const Settings&, Eigen::Index) { return "x0^2 + x1^4/4 - x1^2/2"; }},
      {"strict_saddle",
       [](const Settings& p, Eigen::Index) {
         const std::string k = std::to_string(p.integer("negative"));
         return "sum(i, 0, " + k + " - 1, x[i]^4/4 - x[i]^2/2) + sum(i, " + k +
                ", dim - 1, x[i]^2/2)";
       }},
      {"monkey_saddle", [](const Settings&, Eigen::Index) { return "x0^3 - 3*x0*x1^2"; }},
      {"rosenbrock",
       [](const Settings&, Eigen::Index) {
         return "sum(i, 0, dim-2, 100*(x[i+1] - x[i]^2)^2 + (1 - x[i])^2)";
       }},
      {"himmelblau",
       [](const Settings&, Eigen::Index) { return "(x0^2 + x1 - 11)^2 + (x0 + x1^2 - 7)^2"; }},
      {"six_hump_camel",
       [](const Settings&, Eigen::Index) {
         return "(4 - 2.1*x0^2 + x0^4/3)*x0^2 + x0*x1 + (-4 + 4*x1^2)*x1^2";
       }},
      {"beale",
       [](const Settings&, Eigen::Index) {
         return "(1.5 - x0 + x0*x1)^2 + (2.25 - x0 + x0*x1^2)^2 + (2.625 - x0 + x0*x1^3)^2";
       }},
      {"styblinski_tang",
       [](const Settings&, Eigen::Index) {
         return "0.5*sum(i, 0, dim-1, x[i]^4 - 16*x[i]^2 + 5*x[i])";
       }},
      {"rastrigin",
       [](const Settings&, Eigen::Index) {
         return "10*dim + sum(i, 0, dim-1, x[i]^2 - 10*cos(2*pi*x[i]))";
       }},
      {"quadratic",
       [](const Settings& p, Eigen::Index) {
         return "(" + format_number(p.real("a")) + "*x0^2 + 2*" + format_number(p.real("b")) +
                "*x0*x1 + " + format_number(p.real("c")) + "*x1^2)/2";
       }},
      {"ackley",
       [](const Settings&, Eigen::Index) {
         return "-20*exp(-0.2*sqrt(sum(i, 0, dim-1, x[i]^2)/dim)) - "
                "exp(sum(i, 0, dim-1, cos(2*pi*x[i]))/dim) + 20 + exp(1)";
       }},
      // No product over an index: the cosines written out.
      {"griewank",
       [](const Settings&, Eigen::Index dim) {
         std::string product;
         for (Eigen::Index i = 0; i < dim; ++i) {
           product += (i == 0 ? "" : "*") + std::string("cos(") + var(i) + "/sqrt(" +
                      std::to_string(i + 1) + "))";
         }
         return "1 + sum(i, 0, dim-1, x[i]^2)/4000 - " + product;
       }},
      {"schwefel",
       [](const Settings&, Eigen::Index) {
         return "418.9829*dim - sum(i, 0, dim-1, x[i]*sin(sqrt(sqrt(x[i]^2))))";
       }},
      {"levy",
       [](const Settings&, Eigen::Index dim) {
         const auto w = [](Eigen::Index i) { return "(1 + (" + var(i) + " - 1)/4)"; };
         const std::string last = w(dim - 1);
         return "sin(pi*" + w(0) + ")^2 + sum(i, 0, dim-2, ((x[i] - 1)/4)^2*(1 + 10*sin(pi*(1 + " +
                "(x[i] - 1)/4) + 1)^2)) + (" + last + " - 1)^2*(1 + sin(2*pi*" + last + ")^2)";
       }},
      {"michalewicz",
       [](const Settings&, Eigen::Index) {
         return "-sum(i, 0, dim-1, sin(x[i])*sin((i + 1)*x[i]^2/pi)^20)";
       }},
  };
  return table;
}

struct RewriteCase {
  std::string function;
  Eigen::Index dim = 2;
  Settings params;
  std::string label;
};

void PrintTo(const RewriteCase& c, std::ostream* os) {
  *os << c.label;
}

std::vector<RewriteCase> rewrite_cases() {
  std::vector<RewriteCase> cases;
  for (const FunctionInfo& info : function_registry().all()) {
    std::vector<Eigen::Index> dims;
    if (info.fixed_dim != 0) {
      dims.push_back(info.fixed_dim);
    } else {
      dims = {std::max<Eigen::Index>(2, info.min_dim), 5};
    }
    for (const Eigen::Index dim : dims) {
      const std::string base = info.name + "_dim" + std::to_string(dim);
      cases.push_back({info.name, dim, Settings{}, base});
      for (const ParamSpec& spec : info.params) {
        if (spec.type == SettingType::Integer) {
          for (const std::int64_t v : std::set<std::int64_t>{0, 2, dim}) {
            Settings params;
            params.set(spec.name, v);
            cases.push_back({info.name, dim, params, base + "_" + spec.name + std::to_string(v)});
          }
        }
      }
      if (info.name == "quadratic") {
        cases.push_back({info.name, dim, testing::settings({{"a", 0.0}, {"b", -2.0}, {"c", 0.0}}),
                         base + "_saddle"});
        cases.push_back({info.name, dim, testing::settings({{"a", -2.5}, {"b", 0.75}, {"c", 3.0}}),
                         base + "_mixed"});
      }
    }
  }
  return cases;
}

class BuiltInRewrite : public ::testing::TestWithParam<RewriteCase> {};

TEST_P(BuiltInRewrite, AgreesWithItsClassInValueGradientAndHessian) {
  const RewriteCase& c = GetParam();
  const auto it = rewrites().find(c.function);
  ASSERT_NE(it, rewrites().end()) << "rewrite " << c.function << " as an expression in "
                                  << "tests/test_expressions.cpp";
  const FunctionInfo& info = *function_registry().find(c.function);
  const auto builtin = make_function(c.function, c.dim, c.params);
  const std::string text = it->second(complete_settings(info.params, c.params), c.dim);
  for (const auto evaluator : {ExpressionEvaluator::Interpreted, ExpressionEvaluator::Compiled}) {
    const ExpressionFunction f(problem_of(text), c.dim, evaluator);
    for (const Eigen::VectorXd& x : box_points(*builtin, c.label)) {
      const double value = builtin->value(x);
      EXPECT_LE(std::abs(f.value(x) - value), 1e-12 * std::max(1.0, std::abs(value)))
          << text << " at " << x.transpose();
      Eigen::VectorXd g(c.dim);
      EXPECT_LE(std::abs(f.value_and_gradient(x, g) - value),
                1e-12 * std::max(1.0, std::abs(value)));
      EXPECT_TRUE(agree(g, gradient_of(*builtin, x), 1e-12)) << text << " at " << x.transpose();
      EXPECT_TRUE(agree(hessian_of(f, x), hessian_of(*builtin, x), 1e-12))
          << text << " at " << x.transpose();
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Registry, BuiltInRewrite, ::testing::ValuesIn(rewrite_cases()),
                         [](const ::testing::TestParamInfo<RewriteCase>& info) {
                           return info.param.label;
                         });

TEST(Expressions, EveryRegisteredFunctionHasARewrite) {
  for (const std::string& name : function_registry().names()) {
    EXPECT_EQ(rewrites().count(name), 1u)
        << "write '" << name << "' as an expression in tests/test_expressions.cpp";
  }
}

TEST(Expressions, SeparableSumsHaveADiagonalHessianAtDim1000) {
  // Rastrigin at dim 1000 in one line: the Hessian is diagonal, so large dims are analysed.
  const ExpressionFunction f =
      expression("10*dim + sum(i, 0, dim-1, x[i]^2 - 10*cos(2*pi*x[i]))", 1000);
  const auto builtin = make_function("rastrigin", 1000, Settings{});
  Rng rng(7);
  Eigen::VectorXd x(1000);
  for (Eigen::Index i = 0; i < x.size(); ++i) x(i) = 10.0 * rng.uniform() - 5.0;
  EXPECT_LE(std::abs(f.value(x) - builtin->value(x)), 1e-12 * builtin->value(x));
  EXPECT_TRUE(agree(gradient_of(f, x), gradient_of(*builtin, x), 1e-12));
  const auto diagonal = f.diagonal_hessian(x);
  ASSERT_TRUE(diagonal.has_value());
  EXPECT_TRUE(agree(*diagonal, *builtin->diagonal_hessian(x), 1e-12));
  // Rosenbrock couples neighbours: no diagonal Hessian.
  EXPECT_FALSE(expression("sum(i, 0, dim-2, 100*(x[i+1] - x[i]^2)^2 + (1 - x[i])^2)", 10)
                   .diagonal_hessian(Eigen::VectorXd::Zero(10))
                   .has_value());
}

// ---------------------------------------------------------------------------------------------
// Library functions against closed forms.

struct ClosedForm {
  std::string text;            // in x0
  std::vector<double> points;  // inside the domain
  std::function<double(double)> f, d1, d2;
};

TEST(Expressions, LibraryFunctionDerivativesMatchClosedForms) {
  const auto sq = [](double v) { return v * v; };
  const std::vector<ClosedForm> forms{
      {"exp(x0)",
       {-3.0, 0.0, 0.7, 4.0},
       [](double x) { return std::exp(x); },
       [](double x) { return std::exp(x); },
       [](double x) { return std::exp(x); }},
      {"log(x0)",
       {0.1, 1.0, 2.5, 40.0},
       [](double x) { return std::log(x); },
       [](double x) { return 1.0 / x; },
       [](double x) { return -1.0 / (x * x); }},
      {"sqrt(x0)",
       {0.2, 1.0, 9.0},
       [](double x) { return std::sqrt(x); },
       [](double x) { return 0.5 / std::sqrt(x); },
       [](double x) { return -0.25 / (x * std::sqrt(x)); }},
      {"abs(x0)",
       {-2.0, -0.3, 0.5, 3.0},
       [](double x) { return std::abs(x); },
       [](double x) { return x > 0 ? 1.0 : -1.0; },
       [](double) { return 0.0; }},
      {"sin(x0)",
       {-2.0, 0.0, 0.5, 3.0},
       [](double x) { return std::sin(x); },
       [](double x) { return std::cos(x); },
       [](double x) { return -std::sin(x); }},
      {"cos(x0)",
       {-2.0, 0.0, 0.5, 3.0},
       [](double x) { return std::cos(x); },
       [](double x) { return -std::sin(x); },
       [](double x) { return -std::cos(x); }},
      {"tan(x0)",
       {-1.0, 0.0, 0.5, 1.2},
       [](double x) { return std::tan(x); },
       [sq](double x) { return 1.0 + sq(std::tan(x)); },
       [sq](double x) { return 2.0 * std::tan(x) * (1.0 + sq(std::tan(x))); }},
      {"asin(x0)",
       {-0.9, 0.0, 0.3, 0.8},
       [](double x) { return std::asin(x); },
       [](double x) { return 1.0 / std::sqrt(1.0 - x * x); },
       [](double x) { return x / std::pow(1.0 - x * x, 1.5); }},
      {"acos(x0)",
       {-0.9, 0.0, 0.3, 0.8},
       [](double x) { return std::acos(x); },
       [](double x) { return -1.0 / std::sqrt(1.0 - x * x); },
       [](double x) { return -x / std::pow(1.0 - x * x, 1.5); }},
      {"atan(x0)",
       {-3.0, 0.0, 0.4, 2.0},
       [](double x) { return std::atan(x); },
       [](double x) { return 1.0 / (1.0 + x * x); },
       [sq](double x) { return -2.0 * x / sq(1.0 + x * x); }},
      {"sinh(x0)",
       {-2.0, 0.0, 1.5},
       [](double x) { return std::sinh(x); },
       [](double x) { return std::cosh(x); },
       [](double x) { return std::sinh(x); }},
      {"cosh(x0)",
       {-2.0, 0.0, 1.5},
       [](double x) { return std::cosh(x); },
       [](double x) { return std::sinh(x); },
       [](double x) { return std::cosh(x); }},
      {"tanh(x0)",
       {-2.0, 0.0, 0.3, 1.5},
       [](double x) { return std::tanh(x); },
       [sq](double x) { return 1.0 - sq(std::tanh(x)); },
       [sq](double x) { return -2.0 * std::tanh(x) * (1.0 - sq(std::tanh(x))); }},
      {"asinh(x0)",
       {-2.0, 0.0, 0.6, 5.0},
       [](double x) { return std::asinh(x); },
       [](double x) { return 1.0 / std::sqrt(x * x + 1.0); },
       [](double x) { return -x / std::pow(x * x + 1.0, 1.5); }},
      {"acosh(x0)",
       {1.2, 2.0, 7.0},
       [](double x) { return std::acosh(x); },
       [](double x) { return 1.0 / std::sqrt(x * x - 1.0); },
       [](double x) { return -x / std::pow(x * x - 1.0, 1.5); }},
      {"atanh(x0)",
       {-0.8, 0.0, 0.4, 0.9},
       [](double x) { return std::atanh(x); },
       [](double x) { return 1.0 / (1.0 - x * x); },
       [sq](double x) { return 2.0 * x / sq(1.0 - x * x); }},
      {"pow(x0, 3.5)",
       {0.3, 1.0, 2.7},
       [](double x) { return std::pow(x, 3.5); },
       [](double x) { return 3.5 * std::pow(x, 2.5); },
       [](double x) { return 8.75 * std::pow(x, 1.5); }},
      {"pow(2, x0)",
       {-1.5, 0.0, 3.0},
       [](double x) { return std::pow(2.0, x); },
       [](double x) { return std::log(2.0) * std::pow(2.0, x); },
       [](double x) { return std::log(2.0) * std::log(2.0) * std::pow(2.0, x); }},
      {"1/(1 + exp(-x0))",
       {-4.0, 0.0, 0.5, 3.0},
       [](double x) { return 1.0 / (1.0 + std::exp(-x)); },
       [](double x) {
         const double s = 1.0 / (1.0 + std::exp(-x));
         return s * (1.0 - s);
       },
       [](double x) {
         const double s = 1.0 / (1.0 + std::exp(-x));
         return s * (1.0 - s) * (1.0 - 2.0 * s);
       }},
  };
  for (const auto& form : forms) {
    for (const auto evaluator : {ExpressionEvaluator::Interpreted, ExpressionEvaluator::Compiled}) {
      const ExpressionFunction f = expression(form.text, 1, evaluator);
      for (const double p : form.points) {
        const Eigen::VectorXd x = vec({p});
        const double tol = 1e-13;
        EXPECT_NEAR(f.value(x), form.f(p), tol * std::max(1.0, std::abs(form.f(p))))
            << form.text << " at " << p;
        EXPECT_NEAR(gradient_of(f, x)(0), form.d1(p), tol * std::max(1.0, std::abs(form.d1(p))))
            << "d/dx " << form.text << " at " << p;
        EXPECT_NEAR(hessian_of(f, x)(0, 0), form.d2(p), tol * std::max(1.0, std::abs(form.d2(p))))
            << "d2/dx2 " << form.text << " at " << p;
      }
    }
  }
}

TEST(Expressions, PowerOfTwoVariablesHasTheClosedFormHessian) {
  const ExpressionFunction f = expression("x0^x1", 2);
  for (const auto& [a, b] : std::vector<std::pair<double, double>>{{1.5, 2.5}, {0.4, -1.2}}) {
    const double v = std::pow(a, b);
    const double l = std::log(a);
    Eigen::MatrixXd expected(2, 2);
    expected << b * (b - 1.0) * std::pow(a, b - 2.0), std::pow(a, b - 1.0) * (1.0 + b * l),
        std::pow(a, b - 1.0) * (1.0 + b * l), v * l * l;
    const Eigen::VectorXd x = vec({a, b});
    EXPECT_TRUE(agree(gradient_of(f, x), vec({b * std::pow(a, b - 1.0), v * l}), 1e-13));
    EXPECT_TRUE(agree(hessian_of(f, x), expected, 1e-13));
  }
}

TEST(Expressions, NumbersAreExactSoDerivativesAreToo) {
  // 0.1 is exact in the expression: d/dx (0.1*x0^2) at 1 is 0.2 (the double nearest), not 0.1+0.1
  // rounded twice, and 2.1*x0^2 differentiates to 4.2 exactly as written.
  EXPECT_EQ(gradient_of(expression("0.1*x0^2", 1), vec({1.0}))(0), 0.2);
  EXPECT_EQ(hessian_of(expression("2.1*x0^2", 1), vec({0.0}))(0, 0), 4.2);
  EXPECT_EQ(expression("1e-3*x0 + 2.5E2", 1).value(vec({1000.0})), 251.0);
  EXPECT_EQ(expression("-x0^2", 1).value(vec({3.0})), -9.0);          // -(x0^2), not (-x0)^2
  EXPECT_EQ(expression("2^3^2 + 0*x0", 1).value(vec({0.0})), 512.0);  // right-associative
  EXPECT_EQ(expression("2**-1 + 0*x0", 1).value(vec({0.0})), 0.5);
}

// ---------------------------------------------------------------------------------------------
// Errors at their character.

struct BadExpression {
  std::string text;
  std::size_t offset;
  std::string message;  // a substring
  Eigen::Index dim = 2;
};

TEST(Expressions, ErrorsNameTheOffendingCharacter) {
  const std::vector<BadExpression> cases{
      {"x0^2 + sinn(x1)", 7, "unknown function 'sinn' (did you mean 'sin'?)"},
      {"x0 + y", 5, "unknown variable 'y'"},
      {"x0 + x5", 5, "x5 is out of range: dim is 2, so the variables are x0 .. x1"},
      {"(x0 + (x1 - 1)", 0, "this '(' is never closed"},
      {"x0 + x1)", 7, "this ')' has no '(' to close"},
      {"", 0, "the expression is empty"},
      {"   ", 0, "the expression is empty"},
      {"x0 / (x1 - x1)", 3, "division by zero"},
      {"2x0", 1, "expected an operator before 'x0'"},
      {"x0 +", 4, "the expression ends where a value is expected"},
      {"x0 $ x1", 3, "unexpected character '$'"},
      {"sin(x0, x1)", 0, "sin takes 1 argument, got 2"},
      {"sin x0", 4, "expected an operator before 'x0'"},
      {"x01", 0, "write x1, not x01"},
      {"sum(x0, 0, 1, x0)", 4, "'x0' cannot name a sum's index"},
      {"sum(i, 0, dim-1, x[i+1])", 17, "x2 is out of range"},
      {"sum(i, 0, 0.5, x[i])", 10, "the last index of sum must be a whole number"},
      {"x[x0]", 2, "the index of x[...] must be a whole number"},
      {"x[1", 1, "this '[' is never closed"},
      {"log(0) + x0", 0, "log(0)"},
      {"sqrt(-4)*x0", 0, "not a real number"},
      {"10^10^10*x0", 2, "(10)^(10000000000) is beyond the double range"},
      {"(-8)^(1/3)*x0", 4, "(-8)^(1/3) is not a real number"},
      {"1e999*x0", 0, "beyond the double range"},
      {"sin + x0", 0, "sin is a function: write sin(...)"},
      {"i + x0", 0, "unknown variable 'i'"},
      // Found by the fuzzer: GiNaC's derivative of 0^(2^x1) has a log(0).
      {"-0^2**x1", 2, "0 to a power that depends on x cannot be differentiated"},
      {"x1*pow(0, -x0)", 3, "0 to a power that depends on x cannot be differentiated"},
      {"-0^00*x0", 2, "0^(0) is undefined"},
      {"0^(-pi)*x0", 1, "0^(-Pi) is undefined"},
      // Found by the fuzzer: 1^x1 is the number 1, so 0.251^(20^(20^3)) came to CLN exactly.
      {"0.21^0.251^20^+ 20^3^1^0.21^0.251^20^+ 20^3^x1", 13,
       "(20)^(8000) is beyond the double range"},
      // Found by the fuzzer: GiNaC splits (-2*x1)^e into 2^e * ..., 2^631027018 exactly.
      {"(1 -1 - x1 -x1)^-025120.2512^2.", 15,
       "the exponent -246494929824649/390625 is too large to differentiate exactly"},
      {"(3*x0)^50000", 6, "is too large to differentiate exactly"},
      {"x0^70000", 2, "is too large to differentiate exactly"},
  };
  for (const auto& c : cases) {
    try {
      (void)expression_dim(c.text, c.dim);
      (void)expression(c.text, c.dim);
      ADD_FAILURE() << "accepted: " << c.text;
    } catch (const ExpressionError& e) {
      EXPECT_EQ(e.offset(), c.offset) << c.text << ": " << e.what();
      EXPECT_NE(std::string(e.what()).find(c.message), std::string::npos)
          << c.text << ": " << e.what();
    }
  }
}

TEST(Expressions, InputIsBoundedBeforeItIsParsedOrExpanded) {
  std::string text;
  while (text.size() <= kMaxExpressionLength) text += "x0 + ";
  text += "x1";
  try {
    (void)check_expression_syntax(text);
    ADD_FAILURE() << "a long expression was accepted";
  } catch (const ExpressionError& e) {
    EXPECT_EQ(e.offset(), 0u);
    EXPECT_NE(std::string(e.what()).find("at most 100000"), std::string::npos) << e.what();
  }
  std::string deep = "x0";
  for (int i = 0; i < 200; ++i) deep = "(" + deep + ")";
  EXPECT_THROW((void)check_expression_syntax(deep), ExpressionError);
  try {
    (void)expression("sum(i, 0, 100000000, x0)", 1);
    ADD_FAILURE() << "a huge sum was accepted";
  } catch (const ExpressionError& e) {
    EXPECT_EQ(e.offset(), 0u);
    EXPECT_NE(std::string(e.what()).find("this sum expands the expression to more than"),
              std::string::npos)
        << e.what();
  }
}

TEST(Expressions, TheDimensionIsGivenOrTheHighestVariablePlusOne) {
  EXPECT_EQ(expression_dim("x0^2 - x3", std::nullopt), 4);
  EXPECT_EQ(expression_dim("x0^2 - x3", 7), 7);
  EXPECT_THROW((void)expression_dim("sum(i, 0, dim-1, x[i]^2)", std::nullopt), ExpressionError);
  EXPECT_THROW((void)expression_dim("42", std::nullopt), ExpressionError);
  EXPECT_EQ(expression("42", 3).value(Eigen::VectorXd::Zero(3)), 42.0);
}

TEST(Expressions, AnUndefinedStartSaysWhatAndWhy) {
  struct Case {
    std::string text;
    Eigen::VectorXd x;
    std::string message;
  };
  const std::vector<Case> cases{
      {"1/x0 + x1", vec({0.0, 1.0}),
       "the value (inf) is undefined at the start [0, 1]: division by zero"},
      {"log(x0) + x1", vec({0.0, 1.0}),
       "the value (-inf) is undefined at the start [0, 1]: log of 0"},
      {"log(x0) + x1", vec({-1.0, 1.0}), "log of a negative number"},
      {"sqrt(x0) + x1", vec({0.0, 1.0}), "the gradient (df/dx0 = inf) is undefined"},
      {"abs(x0) + x1", vec({0.0, 1.0}), "the gradient (df/dx0 = nan) is undefined"},
      {"x0^(3/2) + x1", vec({0.0, 1.0}), "the Hessian (d2f/dx0dx0 = inf) is undefined"},
  };
  for (const auto& c : cases) {
    try {
      expression(c.text, 2).check_defined_at(c.x);
      ADD_FAILURE() << c.text << " passed at " << c.x.transpose();
    } catch (const ExpressionError& e) {
      EXPECT_NE(std::string(e.what()).find(c.message), std::string::npos) << e.what();
    }
  }
  EXPECT_NO_THROW(expression("log(x0) + x1", 2).check_defined_at(vec({1.0, 0.0})));
}

// ---------------------------------------------------------------------------------------------
// Evaluators.

TEST(Expressions, CompiledAndInterpretedAgreeBitForBit) {
  for (const std::string& text :
       {std::string("100*(x1 - x0^2)^2 + (1 - x0)^2"),
        std::string("tanh(x0*x1) + exp(-x2^2)/(1 + x0^2) + sqrt(x1^2 + 1) - atan(x2)^3"),
        std::string("sum(i, 0, dim-1, log(1 + x[i]^2) * sin(x[i]))")}) {
    const ExpressionFunction interpreted = expression(text, 3, ExpressionEvaluator::Interpreted);
    const ExpressionFunction compiled = expression(text, 3, ExpressionEvaluator::Compiled);
    if (!compiled.compiled()) GTEST_SKIP() << "no C compiler here";
    for (const Eigen::VectorXd& x : box_points(interpreted, text)) {
      EXPECT_EQ(compiled.value(x), interpreted.value(x)) << text;
      EXPECT_EQ(gradient_of(compiled, x), gradient_of(interpreted, x)) << text;
      EXPECT_EQ(hessian_of(compiled, x), hessian_of(interpreted, x)) << text;
    }
  }
}

TEST(Expressions, CompiledCodeIsCachedInTheUsersCacheFolder) {
  const testing::TempDir cache;
  const char* before = std::getenv("XDG_CACHE_HOME");
  const std::string saved = before != nullptr ? before : "";
  ::setenv("XDG_CACHE_HOME", cache.str().c_str(), 1);
  // A text no other test uses, so it is compiled here, into this folder.
  const ExpressionFunction f =
      expression("x0^2 + 0.123456789*x1^3", 2, ExpressionEvaluator::Compiled);
  if (before != nullptr) {
    ::setenv("XDG_CACHE_HOME", saved.c_str(), 1);
  } else {
    ::unsetenv("XDG_CACHE_HOME");
  }
  if (!f.compiled()) GTEST_SKIP() << "no C compiler here";
  int objects = 0;
  int sources = 0;
  for (const auto& entry :
       std::filesystem::directory_iterator(cache.path() / "optbench" / "expressions")) {
    objects += entry.path().extension() == ".so" ? 1 : 0;
    sources += entry.path().extension() == ".c" ? 1 : 0;
  }
  EXPECT_EQ(objects, 1);
  EXPECT_EQ(sources, 1);
  EXPECT_DOUBLE_EQ(f.value(vec({1.0, 2.0})), 1.0 + 0.123456789 * 8.0);
}

TEST(Expressions, TheTapeDoesNotDependOnGinacsOrderingInThisProcess) {
  // GiNaC orders sums and products by hashes that depend on symbol serial numbers and on the
  // address of type names (so on the process), and keeps a - b or b - a accordingly. Creating
  // symbols in between changes them; the generated code must not change, or the same config
  // would give other bits in another process.
  const std::vector<std::string> texts{
      "sum(i, 0, dim-2, 100*(x[i+1] - x[i]^2)^2 + (1 - x[i])^2) + x0*x1*x2 - exp(x2 - x1) + "
      "3*x2*x0^2 - 0.5*x1",
      "sin(x1 - x0)*cos(x0 - x2) + tanh(x2 - x3)^3 + (x3 - x1)^3/(1 + (x0 - x2)^2) - "
      "atan(x1 - x3)*sqrt(1 + (x2 - x0)^2) + abs(x3 - x0)",
  };
  for (const std::string& text : texts) {
    const std::string first = expression::build_expression_program(text, 4)->c_source();
    for (const int shift : {1, 997, 5003}) {
      {
        const std::lock_guard<std::mutex> lock(expression::ginac_mutex());
        GiNaC::exvector symbols;
        for (int i = 0; i < shift; ++i) symbols.emplace_back(GiNaC::realsymbol("shift"));
      }
      EXPECT_EQ(expression::build_expression_program(text, 4)->c_source(), first)
          << text << " after " << shift << " more symbols";
    }
  }
}

TEST(Expressions, AllFunctionsAreDocumented) {
  // docs/config.md lists exactly the functions the parser accepts.
  std::ifstream in(std::string(OPTBENCH_SOURCE_DIR) + "/docs/config.md");
  std::stringstream text;
  text << in.rdbuf();
  const std::string doc = text.str();
  const auto start = doc.find("### Functions an expression may call");
  ASSERT_NE(start, std::string::npos);
  const std::string section = doc.substr(start, doc.find("\n#", start + 1) - start);
  for (const auto& f : expression_functions()) {
    EXPECT_NE(section.find("| `" + f.name + "` | " + f.meaning + " |"), std::string::npos)
        << f.name << " is not documented as: " << f.meaning;
  }
  std::size_t rows = 0;
  for (std::size_t p = section.find("| `"); p != std::string::npos;
       p = section.find("| `", p + 1)) {
    ++rows;
  }
  EXPECT_EQ(rows, expression_functions().size());
}

}  // namespace
}  // namespace optbench
