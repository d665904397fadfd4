#include "optbench/optimizers/adam.hpp"

#include <algorithm>
#include <cmath>

#include "kernel_dispatch.hpp"
#include "state_check.hpp"

namespace optbench {

const std::vector<ParamField<AdamParams>>& AdamParams::fields() {
  static const std::vector<ParamField<AdamParams>> table{
      field("lr", &AdamParams::lr, at_least(0.0), "learning rate"),
      field("betas", &AdamParams::betas, within(0.0, 1.0, false, true),
            "decay rates of the first and second moment estimates"),
      field("eps", &AdamParams::eps, at_least(0.0),
            "added to the denominator after the square root"),
      field("weight_decay", &AdamParams::weight_decay, at_least(0.0),
            "L2 penalty added to the gradient"),
      field("amsgrad", &AdamParams::amsgrad, "use the running maximum of the second moment"),
      field("maximize", &AdamParams::maximize,
            "ascend: the gradient is negated before the update")};
  return table;
}

void AdamParams::validate() const {
  check_fields(*this);
}

Adam::Adam(const AdamParams& params, bool decoupled)
    : Optimizer(validated(params).lr), p_(params), decoupled_(decoupled) {}

void Adam::allocate(Eigen::Index n, Precision precision) {
  const auto size = [&](auto& state, bool active) {
    const Eigen::Index k = active ? n : 0;
    state.m.setZero(k);
    state.v.setZero(k);
    state.v_max.setZero(p_.amsgrad ? k : 0);
    state.n = active ? n : -1;
  };
  size(state64_, precision == Precision::float64);
  size(state32_, precision == Precision::float32);
  t_ = 0;
  saturated1_ = false;
  saturated2_ = false;
}

void Adam::set_momentum(double value) {
  if (value == p_.betas[0]) return;
  p_.betas[0] = value;
  saturated1_ = false;  // a larger beta1 makes 1 - beta1^t differ from 1 again
}

// torch: bias_correction = 1 - beta**step. Once beta**step <= 2^-54, 1 - beta**step rounds to
// exactly 1, and it stays 1 (beta**step only shrinks), so pow is not called again: the same
// numbers without pow's cost, whose slow path for tiny results (beta 0.9 after ~7000 steps)
// would triple the cost of a small step.
double Adam::bias_correction(double beta, bool& saturated) const {
  if (saturated) return 1.0;
  const double c = 1.0 - std::pow(beta, static_cast<double>(t_));
  saturated = c == 1.0;
  return c;
}

// The scalars are computed in double and rounded to T once per step; the loops run in T. Inlined
// into each step(), as in sgd.cpp.
template <typename T>
[[gnu::always_inline]] inline void Adam::update(Eigen::Index n, T* x, const T* g, State<T>& state) {
  detail::check_reset<T>("Adam::step", state.n, n);
  ++t_;
  T* m = state.m.data();
  T* v = state.v.data();
  const T b1 = static_cast<T>(p_.betas[0]);
  const T b2 = static_cast<T>(p_.betas[1]);
  const T one_minus_b1 = static_cast<T>(1.0 - p_.betas[0]);
  const T one_minus_b2 = static_cast<T>(1.0 - p_.betas[1]);
  const T eps = static_cast<T>(p_.eps);
  const T step_size = static_cast<T>(lr_ / bias_correction(p_.betas[0], saturated1_));
  const T correction2_sqrt = static_cast<T>(std::sqrt(bias_correction(p_.betas[1], saturated2_)));
  const T decay = static_cast<T>(decoupled_ ? 1.0 - lr_ * p_.weight_decay : 1.0);
  const T l2 = static_cast<T>(decoupled_ ? 0.0 : p_.weight_decay);
  // maximize: torch negates the gradient before anything else (weight decay included). A
  // select, not a product with -1: the multiply-adds below then contract into the same FMAs as
  // without maximize, so those numbers stay bit for bit what they were.
  const bool negate = p_.maximize;
  if (p_.amsgrad) {
    T* vm = state.v_max.data();
    for (Eigen::Index i = 0; i < n; ++i) {
      const T xi = x[i] * decay;
      const T gi = (negate ? -g[i] : g[i]) + l2 * xi;
      m[i] = m[i] * b1 + one_minus_b1 * gi;
      v[i] = v[i] * b2 + one_minus_b2 * (gi * gi);
      vm[i] = std::max(vm[i], v[i]);
      x[i] = xi - step_size * (m[i] / (std::sqrt(vm[i]) / correction2_sqrt + eps));
    }
    return;
  }
  for (Eigen::Index i = 0; i < n; ++i) {
    const T xi = x[i] * decay;
    const T gi = (negate ? -g[i] : g[i]) + l2 * xi;
    m[i] = m[i] * b1 + one_minus_b1 * gi;
    v[i] = v[i] * b2 + one_minus_b2 * (gi * gi);
    x[i] = xi - step_size * (m[i] / (std::sqrt(v[i]) / correction2_sqrt + eps));
  }
}

void Adam::step(Eigen::Ref<Eigen::VectorXd> params, Eigen::Ref<const Eigen::VectorXd> grad) {
  detail::run_kernel([&] { update(params.size(), params.data(), grad.data(), state64_); });
}

void Adam::step(Eigen::Ref<Eigen::VectorXf> params, Eigen::Ref<const Eigen::VectorXf> grad) {
  detail::run_kernel([&] { update(params.size(), params.data(), grad.data(), state32_); });
}

}  // namespace optbench
