#include "optbench/optimizers/radam.hpp"

#include <cmath>
#include <type_traits>

#include "kernel_dispatch.hpp"
#include "state_check.hpp"

namespace optbench {

const std::vector<ParamField<RAdamParams>>& RAdamParams::fields() {
  static const std::vector<ParamField<RAdamParams>> table{
      field("lr", &RAdamParams::lr, at_least(0.0), "learning rate"),
      field("betas", &RAdamParams::betas, within(0.0, 1.0, false, true),
            "decay rates of the first and second moment estimates"),
      field("eps", &RAdamParams::eps, at_least(0.0),
            "added to the denominator after the square root"),
      field("weight_decay", &RAdamParams::weight_decay, at_least(0.0),
            "L2 penalty added to the gradient"),
      field("maximize", &RAdamParams::maximize,
            "ascend: the gradient is negated before the update")};
  return table;
}

void RAdamParams::validate() const {
  check_fields(*this);
}

RAdam::RAdam(const RAdamParams& params) : Optimizer(validated(params).lr), p_(params) {}

void RAdam::allocate(Eigen::Index n, Precision precision) {
  const auto size = [&](auto& state, bool active) {
    const Eigen::Index k = active ? n : 0;
    state.m.setZero(k);
    state.v.setZero(k);
    state.n = active ? n : -1;
  };
  size(state64_, precision == Precision::float64);
  size(state32_, precision == Precision::float32);
  t_ = 0;
}

namespace {

// One pass; whether the step is rectified is one branch per step, so each loop is branch-free.
// `step` folds the per-step scalars: lr/(1 - b1^t), times sqrt(1 - b2^t) * r when rectified.
// torch divides twice per element (m by 1 - b1^t, sqrt(1 - b2^t) by the denominator); here it
// is one division, which keeps the loop memory-bound; the results differ in the last bits only.
template <bool Rectified, typename T>
void radam_pass(Eigen::Index n, T* __restrict x, const T* __restrict g, T* __restrict m,
                T* __restrict v, bool negate, T wd, T beta1, T beta2, T one_minus_b1,
                T one_minus_b2, T step, T eps) {
  for (Eigen::Index i = 0; i < n; ++i) {
    const T gi = (negate ? -g[i] : g[i]) + wd * x[i];
    m[i] = m[i] * beta1 + one_minus_b1 * gi;
    v[i] = v[i] * beta2 + one_minus_b2 * gi * gi;
    if constexpr (Rectified) {
      x[i] -= step * m[i] / (std::sqrt(v[i]) + eps);
    } else {
      x[i] -= step * m[i];
    }
  }
}

}  // namespace

// The scalars are computed in double, as torch computes them in Python, and rounded to T once
// per step; the loops run in T. Inlined into each step(), as in sgd.cpp.
template <typename T>
[[gnu::always_inline]] inline void RAdam::update(Eigen::Index n, T* x, const T* g,
                                                 State<T>& state) {
  detail::check_reset<T>("RAdam::step", state.n, n);
  ++t_;
  const double t = static_cast<double>(t_);
  const double b1 = p_.betas[0];
  const double b2 = p_.betas[1];
  const double b2_t = std::pow(b2, t);
  const double correction2 = 1.0 - b2_t;
  // The length of the approximated simple moving average, and its limit.
  const double rho_inf = 2.0 / (1.0 - b2) - 1.0;
  const double rho_t = rho_inf - 2.0 * t * b2_t / correction2;
  const bool negate = p_.maximize;
  const T wd = static_cast<T>(p_.weight_decay);
  const double step = lr_ / (1.0 - std::pow(b1, t));
  const auto pass = [&](auto rectified, double scale) {
    radam_pass<decltype(rectified)::value>(n, x, g, state.m.data(), state.v.data(), negate, wd,
                                           static_cast<T>(b1), static_cast<T>(b2),
                                           static_cast<T>(1.0 - b1), static_cast<T>(1.0 - b2),
                                           static_cast<T>(step * scale), static_cast<T>(p_.eps));
  };
  if (rho_t > 5.0) {
    const double rect = std::sqrt((rho_t - 4.0) * (rho_t - 2.0) * rho_inf /
                                  ((rho_inf - 4.0) * (rho_inf - 2.0) * rho_t));
    pass(std::true_type{}, std::sqrt(correction2) * rect);
  } else {
    pass(std::false_type{}, 1.0);
  }
}

void RAdam::step(Eigen::Ref<Eigen::VectorXd> params, Eigen::Ref<const Eigen::VectorXd> grad) {
  detail::run_kernel([&] { update(params.size(), params.data(), grad.data(), state64_); });
}

void RAdam::step(Eigen::Ref<Eigen::VectorXf> params, Eigen::Ref<const Eigen::VectorXf> grad) {
  detail::run_kernel([&] { update(params.size(), params.data(), grad.data(), state32_); });
}

}  // namespace optbench
