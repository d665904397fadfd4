#include "optbench/optimizers/adadelta.hpp"

#include <cmath>

#include "kernel_dispatch.hpp"
#include "state_check.hpp"

namespace optbench {

const std::vector<ParamField<AdadeltaParams>>& AdadeltaParams::fields() {
  static const std::vector<ParamField<AdadeltaParams>> table{
      field("lr", &AdadeltaParams::lr, at_least(0.0), "scales the update"),
      field("rho", &AdadeltaParams::rho, within(0.0, 1.0), "decay rate of the running averages"),
      field("eps", &AdadeltaParams::eps, at_least(0.0), "added inside both square roots"),
      field("weight_decay", &AdadeltaParams::weight_decay, at_least(0.0),
            "L2 penalty added to the gradient"),
      field("maximize", &AdadeltaParams::maximize,
            "ascend: the gradient is negated before the update")};
  return table;
}

void AdadeltaParams::validate() const {
  check_fields(*this);
}

Adadelta::Adadelta(const AdadeltaParams& params) : Optimizer(validated(params).lr), p_(params) {}

void Adadelta::allocate(Eigen::Index n, Precision precision) {
  const auto size = [&](auto& state, bool active) {
    const Eigen::Index k = active ? n : 0;
    state.square_avg.setZero(k);
    state.acc_delta.setZero(k);
    state.n = active ? n : -1;
  };
  size(state64_, precision == Precision::float64);
  size(state32_, precision == Precision::float32);
}

// The scalars are rounded to T once per step; the loop runs in T. torch takes two square roots
// and divides one by the other; one root of the quotient is the same number up to the last bits
// and keeps the loop memory-bound. Inlined into each step(), as in sgd.cpp.
template <typename T>
[[gnu::always_inline]] inline void Adadelta::update(Eigen::Index n, T* x, const T* g,
                                                    State<T>& state) {
  detail::check_reset<T>("Adadelta::step", state.n, n);
  const bool negate = p_.maximize;
  const T wd = static_cast<T>(p_.weight_decay);
  const T rho = static_cast<T>(p_.rho);
  const T one_minus_rho = static_cast<T>(1.0 - p_.rho);
  const T eps = static_cast<T>(p_.eps);
  const T lr = static_cast<T>(lr_);
  T* __restrict v = state.square_avg.data();
  T* __restrict a = state.acc_delta.data();
  for (Eigen::Index i = 0; i < n; ++i) {
    const T gi = (negate ? -g[i] : g[i]) + wd * x[i];
    v[i] = v[i] * rho + one_minus_rho * gi * gi;
    const T delta = std::sqrt((a[i] + eps) / (v[i] + eps)) * gi;
    a[i] = a[i] * rho + one_minus_rho * delta * delta;
    x[i] -= lr * delta;
  }
}

void Adadelta::step(Eigen::Ref<Eigen::VectorXd> params, Eigen::Ref<const Eigen::VectorXd> grad) {
  detail::run_kernel([&] { update(params.size(), params.data(), grad.data(), state64_); });
}

void Adadelta::step(Eigen::Ref<Eigen::VectorXf> params, Eigen::Ref<const Eigen::VectorXf> grad) {
  detail::run_kernel([&] { update(params.size(), params.data(), grad.data(), state32_); });
}

}  // namespace optbench
