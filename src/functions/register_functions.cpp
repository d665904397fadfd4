// One line per test function: the catalogue `optbench list functions` and the tests iterate.

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

template <typename F>
FunctionInfo fixed2(std::string name, std::string formula, std::string known) {
  return {std::move(name),
          std::move(formula),
          2,
          2,
          {},
          std::move(known),
          [](Eigen::Index, const Settings&) { return std::make_unique<F>(); }};
}

template <typename F>
FunctionInfo any_dim(std::string name, std::string formula, Eigen::Index min_dim,
                     std::string known) {
  return {std::move(name),
          std::move(formula),
          0,
          min_dim,
          {},
          std::move(known),
          [](Eigen::Index dim, const Settings&) { return std::make_unique<F>(dim); }};
}

/// A function of any dimension with parameters: F declares them in F::params() and builds
/// itself from the complete settings in F::create(dim, settings).
template <typename F>
FunctionInfo any_dim_with_params(std::string name, std::string formula, Eigen::Index min_dim,
                                 std::string known) {
  return {std::move(name),
          std::move(formula),
          0,
          min_dim,
          F::params(),
          std::move(known),
          [](Eigen::Index dim, const Settings& params) { return F::create(dim, params); }};
}

FunctionRegistry build() {
  FunctionRegistry r("function");
  r.add(fixed2<TinyLinearNet>("tiny_linear_net", "(1 - x0*x1)^2",
                              "saddle at 0 (H = [[0,-2],[-2,0]]); f* = 0 on the valley x0*x1 = 1"));
  r.add(fixed2<QuarticSaddle>("quartic_saddle", "x0^2 + x1^4/4 - x1^2/2",
                              "saddle at 0 (eigenvalues -1, 2); minima (0, +-1), f* = -1/4"));
  r.add(any_dim_with_params<StrictSaddle>(
      "strict_saddle", "sum_{i<k} (x_i^4/4 - x_i^2/2) + sum_{i>=k} x_i^2/2 (k = negative)", 1,
      "saddle at 0 with k escape directions; minima x_i = +-1 (i < k), 0 else, f* = -k/4"));
  r.add(fixed2<MonkeySaddle>("monkey_saddle", "x0^3 - 3*x0*x1^2",
                             "degenerate saddle at 0 (H = 0, inconclusive); unbounded below"));
  r.add(any_dim<Rosenbrock>("rosenbrock", "sum 100(x_{i+1} - x_i^2)^2 + (1 - x_i)^2", 2,
                            "minimum at (1, ..., 1), f* = 0"));
  r.add(fixed2<Himmelblau>("himmelblau", "(x0^2 + x1 - 11)^2 + (x0 + x1^2 - 7)^2",
                           "in [-5,5]^2: 4 minima (f* = 0, e.g. (3, 2)), 4 saddles, 1 maximum"));
  r.add(fixed2<SixHumpCamel>(
      "six_hump_camel", "(4 - 2.1*x0^2 + x0^4/3)*x0^2 + x0*x1 + (-4 + 4*x1^2)*x1^2",
      "in [-3,3]x[-2,2]: 6 minima, 7 saddles, 2 maxima; f* = -1.0316284534898774 at "
      "+-(0.0898, -0.7127)"));
  r.add(fixed2<Beale>("beale",
                      "(1.5 - x0 + x0*x1)^2 + (2.25 - x0 + x0*x1^2)^2 + (2.625 - x0 + x0*x1^3)^2",
                      "minimum (3, 0.5), f* = 0; saddles (0, 1) and (0.1005, -2.6445)"));
  r.add(any_dim<StyblinskiTang>("styblinski_tang", "0.5*sum(x_i^4 - 16*x_i^2 + 5*x_i)", 1,
                                "3^D critical points in [-5,5]^D; f* = -39.166165703771412*D at "
                                "x_i = -2.903534027771177"));
  r.add(any_dim<Rastrigin>("rastrigin", "10*D + sum(x_i^2 - 10*cos(2*pi*x_i))", 1,
                           "global minimum at 0, f* = 0; a lattice of local minima"));
  r.add(any_dim<Ackley>("ackley",
                        "-20*exp(-0.2*sqrt(sum(x_i^2)/D)) - exp(sum(cos(2*pi*x_i))/D) + 20 + e", 1,
                        "global minimum at 0, f* = 0; many local minima"));
  r.add(any_dim<Griewank>("griewank", "1 + sum(x_i^2)/4000 - prod(cos(x_i/sqrt(i)))", 1,
                          "global minimum at 0, f* = 0; many local minima"));
  r.add(any_dim<Schwefel>("schwefel", "418.9829*D - sum(x_i*sin(sqrt(|x_i|)))", 1,
                          "global minimum at x_i = 420.96874635998205, f* = 1.2727566294e-5*D; "
                          "second-best minima at x_i = -302.52493561191176"));
  r.add(any_dim<Levy>("levy",
                      "sin^2(pi*w_1) + sum_{i<D}(w_i-1)^2*(1+10*sin^2(pi*w_i+1)) + "
                      "(w_D-1)^2*(1+sin^2(2*pi*w_D)), w_i = 1+(x_i-1)/4",
                      1, "global minimum at (1, ..., 1), f* = 0; many local minima"));
  r.add(any_dim<Michalewicz>("michalewicz", "-sum(sin(x_i)*sin(i*x_i^2/pi)^20)", 1,
                             "on [0,pi]^D: f* = -1.8013034100985525 (D = 2), -4.6876581790881463 "
                             "(D = 5), -9.6601517156413414 (D = 10); flat plateaus"));
  r.add({"quadratic", "(a*x0^2 + 2*b*x0*x1 + c*x1^2)/2 (Hessian [[a, b], [b, c]])", 2, 2,
         Quadratic::params(), "critical point 0, classified by the eigenvalues of [[a, b], [b, c]]",
         [](Eigen::Index, const Settings& params) { return Quadratic::create(params); }});
  return r;
}

}  // namespace

namespace {

FunctionRegistry& registry() {
  static FunctionRegistry all = build();
  return all;
}

}  // namespace

const FunctionRegistry& function_registry() {
  return registry();
}

void register_function(FunctionInfo info) {
  registry().add(std::move(info));
}

}  // namespace optbench
