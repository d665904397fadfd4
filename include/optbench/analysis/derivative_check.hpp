#pragma once
// Analytic derivatives against finite differences: the gradient against central differences of
// f, the Hessian against central differences of the gradient (the Jacobian of the gradient),
// each extrapolated from scipy's step and half of it (Richardson) in check_derivatives.
// `optbench check` prints it; the tests run it over every registered function.

#include <cstdint>
#include <vector>

#include <Eigen/Core>

#include "optbench/functions/test_function.hpp"

namespace optbench {

/// The default tolerance of the verdict: a correct derivative stays orders of magnitude below.
inline constexpr double kDerivativeCheckTol = 1e-6;

/// The central-difference step scipy.optimize.approx_derivative takes (method '3-point'):
/// EPS**(1/3) * sign(x) * max(1, |x|), with sign(0) = 1.
double central_difference_step(double x);

/// scipy's '3-point' gradient: (f(x + h_j e_j) - f(x - h_j e_j)) / (x_j + h_j - (x_j - h_j)).
Eigen::VectorXd central_difference_gradient(const TestFunction& f,
                                            const Eigen::Ref<const Eigen::VectorXd>& x);

/// The Jacobian of the analytic gradient by the same central differences (column j from
/// x +- h_j e_j): what the analytic Hessian is checked against.
Eigen::MatrixXd central_difference_hessian(const TestFunction& f,
                                           const Eigen::Ref<const Eigen::VectorXd>& x);

/// How far the analytic derivatives are from the differences at one point. An error is
/// max |analytic - difference| / max(1, max |difference|) over the entries: relative to the
/// largest entry, absolute below 1.
struct DerivativeCheck {
  Eigen::VectorXd point;
  bool defined = true;          ///< false: f is not finite at the point (nothing compared)
  double gradient_error = 0.0;  ///< infinity where a derivative is not finite
  double hessian_error = 0.0;
  bool hessian_checked = true;  ///< false above the dense Hessian limit
};

/// Checks f's gradient and Hessian at x.
DerivativeCheck check_derivatives(const TestFunction& f,
                                  const Eigen::Ref<const Eigen::VectorXd>& x);

/// `count` points uniform in f's search box, from a generator seeded by `seed`.
std::vector<Eigen::VectorXd> check_points(const TestFunction& f, int count, std::uint64_t seed);

/// Whether a check passes at `tol` (an undefined point neither passes nor fails: true).
bool passes(const DerivativeCheck& check, double tol);

}  // namespace optbench
