#include "optbench/analysis/derivative_check.hpp"

#include <cmath>
#include <limits>
#include <string>

#include "optbench/analysis/hessian_analysis.hpp"
#include "optbench/core/random.hpp"

namespace optbench {

namespace {

// max |a - d| / max(1, max |d|); infinity when an entry is not finite.
double relative_error(const Eigen::Ref<const Eigen::MatrixXd>& analytic,
                      const Eigen::Ref<const Eigen::MatrixXd>& difference) {
  if (!analytic.allFinite() || !difference.allFinite()) {
    return std::numeric_limits<double>::infinity();
  }
  if (analytic.size() == 0) return 0.0;
  const double scale = std::max(1.0, difference.cwiseAbs().maxCoeff());
  return (analytic - difference).cwiseAbs().maxCoeff() / scale;
}

}  // namespace

double central_difference_step(double x) {
  // scipy.optimize._numdiff._compute_absolute_step with rel_step None: EPS**(1/3) is a pow, not
  // a cbrt (they differ in the last bit).
  static const double base = std::pow(std::numeric_limits<double>::epsilon(), 1.0 / 3.0);
  return base * (x >= 0.0 ? 1.0 : -1.0) * std::max(1.0, std::abs(x));
}

namespace {

// Both difference quotients from the same 2n evaluations, as _dense_difference forms them.
void central_differences(const TestFunction& f, const Eigen::Ref<const Eigen::VectorXd>& x,
                         Eigen::VectorXd* gradient, Eigen::MatrixXd* hessian,
                         double step_scale = 1.0) {
  const Eigen::Index n = f.dim();
  if (gradient != nullptr) gradient->resize(n);
  if (hessian != nullptr) hessian->resize(n, n);
  Eigen::VectorXd plus = x;
  Eigen::VectorXd minus = x;
  Eigen::VectorXd grad_plus(n);
  Eigen::VectorXd grad_minus(n);
  for (Eigen::Index j = 0; j < n; ++j) {
    const double h = step_scale * central_difference_step(x(j));
    plus(j) = x(j) + h;
    minus(j) = x(j) - h;
    const double width = plus(j) - minus(j);
    const double f_plus = f.value_and_gradient(plus, grad_plus);
    const double f_minus = f.value_and_gradient(minus, grad_minus);
    if (gradient != nullptr) (*gradient)(j) = (f_plus - f_minus) / width;
    if (hessian != nullptr) hessian->col(j) = (grad_plus - grad_minus) / width;
    plus(j) = x(j);
    minus(j) = x(j);
  }
}

}  // namespace

Eigen::VectorXd central_difference_gradient(const TestFunction& f,
                                            const Eigen::Ref<const Eigen::VectorXd>& x) {
  Eigen::VectorXd g;
  central_differences(f, x, &g, nullptr);
  return g;
}

Eigen::MatrixXd central_difference_hessian(const TestFunction& f,
                                           const Eigen::Ref<const Eigen::VectorXd>& x) {
  Eigen::MatrixXd h;
  central_differences(f, x, nullptr, &h);
  return h;
}

DerivativeCheck check_derivatives(const TestFunction& f,
                                  const Eigen::Ref<const Eigen::VectorXd>& x) {
  const Eigen::Index n = f.dim();
  DerivativeCheck check;
  check.point = x;
  Eigen::VectorXd grad(n);
  const double value = f.value_and_gradient(x, grad);
  if (!std::isfinite(value)) {
    check.defined = false;
    return check;
  }
  check.hessian_checked = n <= kDenseHessianLimit;
  // Richardson's extrapolation of scipy's central differences at h and h/2: its error is O(h^4)
  // instead of O(h^2). scipy's step grows with |x|, which at x = 600 spans a sizeable part of an
  // oscillating function's period (Griewank, Schwefel, Ackley): there a plain central difference
  // is off by 1e-6 relative while the extrapolation stays near rounding.
  Eigen::VectorXd fd_grad;
  Eigen::MatrixXd fd_hess;
  Eigen::MatrixXd* const hess_out = check.hessian_checked ? &fd_hess : nullptr;
  central_differences(f, x, &fd_grad, hess_out);
  Eigen::VectorXd half_grad;
  Eigen::MatrixXd half_hess;
  central_differences(f, x, &half_grad, check.hessian_checked ? &half_hess : nullptr, 0.5);
  fd_grad = (4.0 * half_grad - fd_grad) / 3.0;
  if (check.hessian_checked) fd_hess = (4.0 * half_hess - fd_hess) / 3.0;
  check.gradient_error = relative_error(grad, fd_grad);
  if (check.hessian_checked) {
    Eigen::MatrixXd hess(n, n);
    f.hessian(x, hess);
    check.hessian_error = relative_error(hess, fd_hess);
  }
  return check;
}

std::vector<Eigen::VectorXd> check_points(const TestFunction& f, int count, std::uint64_t seed) {
  Rng rng(stable_hash({"optbench check", std::to_string(seed)}));
  const SearchBox box = f.search_box();
  std::vector<Eigen::VectorXd> points;
  points.reserve(static_cast<std::size_t>(count));
  for (int k = 0; k < count; ++k) {
    Eigen::VectorXd x(f.dim());
    for (Eigen::Index i = 0; i < f.dim(); ++i) {
      const auto [low, high] = box[static_cast<std::size_t>(i)];
      x(i) = low + (high - low) * rng.uniform();
    }
    points.push_back(std::move(x));
  }
  return points;
}

bool passes(const DerivativeCheck& check, double tol) {
  return !check.defined || (check.gradient_error <= tol && check.hessian_error <= tol);
}

}  // namespace optbench
