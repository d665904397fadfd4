#include "optbench/optimizers/nadam.hpp"

#include <cmath>

#include "kernel_dispatch.hpp"
#include "state_check.hpp"

namespace optbench {

const std::vector<ParamField<NAdamParams>>& NAdamParams::fields() {
  static const std::vector<ParamField<NAdamParams>> table{
      field("lr", &NAdamParams::lr, at_least(0.0), "learning rate"),
      field("betas", &NAdamParams::betas, within(0.0, 1.0, false, true),
            "decay rates of the first and second moment estimates"),
      field("eps", &NAdamParams::eps, at_least(0.0),
            "added to the denominator after the square root"),
      field("weight_decay", &NAdamParams::weight_decay, at_least(0.0),
            "L2 penalty added to the gradient"),
      field("momentum_decay", &NAdamParams::momentum_decay, at_least(0.0),
            "psi in mu_t = b1*(1 - 0.96^(t*psi)/2)"),
      field("maximize", &NAdamParams::maximize,
            "ascend: the gradient is negated before the update")};
  return table;
}

void NAdamParams::validate() const {
  check_fields(*this);
}

NAdam::NAdam(const NAdamParams& params) : Optimizer(validated(params).lr), p_(params) {}

void NAdam::allocate(Eigen::Index n, Precision precision) {
  const auto size = [&](auto& state, bool active) {
    const Eigen::Index k = active ? n : 0;
    state.m.setZero(k);
    state.v.setZero(k);
    state.n = active ? n : -1;
  };
  size(state64_, precision == Precision::float64);
  size(state32_, precision == Precision::float32);
  t_ = 0;
  mu_product_ = 1.0;
}

// The scalars are computed in double, as torch computes them in Python, and rounded to T once
// per step; the loop runs in T. torch divides three times per element (by sqrt(1 - b2^t), then g
// and m each by the denominator); here it is one square root and one division, which keeps the
// loop memory-bound (three divisions made it twice the triad's time at n = 1e5). The results
// differ from torch's in the last bits only. Inlined into each step(), as in sgd.cpp.
template <typename T>
[[gnu::always_inline]] inline void NAdam::update(Eigen::Index n, T* x, const T* g,
                                                 State<T>& state) {
  detail::check_reset<T>("NAdam::step", state.n, n);
  ++t_;
  const double t = static_cast<double>(t_);
  const double b1 = p_.betas[0];
  const double b2 = p_.betas[1];
  const double mu = b1 * (1.0 - 0.5 * std::pow(0.96, t * p_.momentum_decay));
  const double mu_next = b1 * (1.0 - 0.5 * std::pow(0.96, (t + 1.0) * p_.momentum_decay));
  mu_product_ *= mu;
  const T grad_step = static_cast<T>(lr_ * (1.0 - mu) / (1.0 - mu_product_));
  const T avg_step = static_cast<T>(lr_ * mu_next / (1.0 - mu_product_ * mu_next));
  const T inv_correction2_sqrt = static_cast<T>(1.0 / std::sqrt(1.0 - std::pow(b2, t)));
  const T beta1 = static_cast<T>(b1);
  const T beta2 = static_cast<T>(b2);
  const T one_minus_b1 = static_cast<T>(1.0 - b1);
  const T one_minus_b2 = static_cast<T>(1.0 - b2);
  const T eps = static_cast<T>(p_.eps);
  const T wd = static_cast<T>(p_.weight_decay);
  const bool negate = p_.maximize;
  T* __restrict m = state.m.data();
  T* __restrict v = state.v.data();
  for (Eigen::Index i = 0; i < n; ++i) {
    const T gi = (negate ? -g[i] : g[i]) + wd * x[i];
    m[i] = m[i] * beta1 + one_minus_b1 * gi;
    v[i] = v[i] * beta2 + one_minus_b2 * gi * gi;
    const T denom = std::sqrt(v[i]) * inv_correction2_sqrt + eps;
    x[i] -= (grad_step * gi + avg_step * m[i]) / denom;
  }
}

void NAdam::step(Eigen::Ref<Eigen::VectorXd> params, Eigen::Ref<const Eigen::VectorXd> grad) {
  detail::run_kernel([&] { update(params.size(), params.data(), grad.data(), state64_); });
}

void NAdam::step(Eigen::Ref<Eigen::VectorXf> params, Eigen::Ref<const Eigen::VectorXf> grad) {
  detail::run_kernel([&] { update(params.size(), params.data(), grad.data(), state32_); });
}

}  // namespace optbench
