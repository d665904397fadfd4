#include "optbench/optimizers/adamax.hpp"

#include <algorithm>
#include <cmath>

#include "kernel_dispatch.hpp"
#include "state_check.hpp"

namespace optbench {

const std::vector<ParamField<AdamaxParams>>& AdamaxParams::fields() {
  static const std::vector<ParamField<AdamaxParams>> table{
      field("lr", &AdamaxParams::lr, at_least(0.0), "learning rate"),
      field("betas", &AdamaxParams::betas, within(0.0, 1.0, false, true),
            "decay rates of the first and second moment estimates"),
      field("eps", &AdamaxParams::eps, at_least(0.0), "added to |g| in the infinity norm"),
      field("weight_decay", &AdamaxParams::weight_decay, at_least(0.0),
            "L2 penalty added to the gradient"),
      field("maximize", &AdamaxParams::maximize,
            "ascend: the gradient is negated before the update")};
  return table;
}

void AdamaxParams::validate() const {
  check_fields(*this);
}

Adamax::Adamax(const AdamaxParams& params) : Optimizer(validated(params).lr), p_(params) {}

void Adamax::allocate(Eigen::Index n, Precision precision) {
  const auto size = [&](auto& state, bool active) {
    const Eigen::Index k = active ? n : 0;
    state.m.setZero(k);
    state.u.setZero(k);
    state.n = active ? n : -1;
  };
  size(state64_, precision == Precision::float64);
  size(state32_, precision == Precision::float32);
  t_ = 0;
}

// The scalars are computed in double and rounded to T once per step; the loop runs in T, in
// torch's order of operations (one division per element). Inlined into each step(), as in
// sgd.cpp.
template <typename T>
[[gnu::always_inline]] inline void Adamax::update(Eigen::Index n, T* x, const T* g,
                                                  State<T>& state) {
  detail::check_reset<T>("Adamax::step", state.n, n);
  ++t_;
  const bool negate = p_.maximize;
  const T wd = static_cast<T>(p_.weight_decay);
  const T beta1 = static_cast<T>(p_.betas[0]);
  const T beta2 = static_cast<T>(p_.betas[1]);
  const T one_minus_b1 = static_cast<T>(1.0 - p_.betas[0]);
  const T eps = static_cast<T>(p_.eps);
  const T step_size = static_cast<T>(lr_ / (1.0 - std::pow(p_.betas[0], static_cast<double>(t_))));
  T* __restrict m = state.m.data();
  T* __restrict u = state.u.data();
  for (Eigen::Index i = 0; i < n; ++i) {
    const T gi = (negate ? -g[i] : g[i]) + wd * x[i];
    m[i] = m[i] * beta1 + one_minus_b1 * gi;
    u[i] = std::max(u[i] * beta2, std::abs(gi) + eps);
    x[i] -= step_size * m[i] / u[i];
  }
}

void Adamax::step(Eigen::Ref<Eigen::VectorXd> params, Eigen::Ref<const Eigen::VectorXd> grad) {
  detail::run_kernel([&] { update(params.size(), params.data(), grad.data(), state64_); });
}

void Adamax::step(Eigen::Ref<Eigen::VectorXf> params, Eigen::Ref<const Eigen::VectorXf> grad) {
  detail::run_kernel([&] { update(params.size(), params.data(), grad.data(), state32_); });
}

}  // namespace optbench
