#include "optbench/optimizers/adagrad.hpp"

#include <cmath>
#include <type_traits>

#include "kernel_dispatch.hpp"
#include "state_check.hpp"

namespace optbench {

const std::vector<ParamField<AdagradParams>>& AdagradParams::fields() {
  static const std::vector<ParamField<AdagradParams>> table{
      field("lr", &AdagradParams::lr, at_least(0.0), "learning rate"),
      field("lr_decay", &AdagradParams::lr_decay, at_least(0.0), "learning-rate decay per step"),
      field("weight_decay", &AdagradParams::weight_decay, at_least(0.0),
            "L2 penalty added to the gradient"),
      field("initial_accumulator_value", &AdagradParams::initial_accumulator_value, at_least(0.0),
            "start of the sum of squares"),
      field("eps", &AdagradParams::eps, at_least(0.0),
            "added to the denominator after the square root"),
      field("maximize", &AdagradParams::maximize,
            "ascend: the gradient is negated before the update")};
  return table;
}

void AdagradParams::validate() const {
  check_fields(*this);
}

Adagrad::Adagrad(const AdagradParams& params) : Optimizer(validated(params).lr), p_(params) {}

void Adagrad::allocate(Eigen::Index n, Precision precision) {
  const auto size = [&](auto& state, bool active) {
    using T = typename std::decay_t<decltype(state.sum)>::Scalar;
    state.sum.setConstant(active ? n : 0, static_cast<T>(p_.initial_accumulator_value));
    state.n = active ? n : -1;
  };
  size(state64_, precision == Precision::float64);
  size(state32_, precision == Precision::float32);
  t_ = 0;
}

// The scalars are computed in double and rounded to T once per step; the loops run in T. Inlined
// into each step(), as in sgd.cpp.
template <typename T>
[[gnu::always_inline]] inline void Adagrad::update(Eigen::Index n, T* x, const T* g,
                                                   State<T>& state) {
  detail::check_reset<T>("Adagrad::step", state.n, n);
  ++t_;
  T* s = state.sum.data();
  const T wd = static_cast<T>(p_.weight_decay);
  const T eps = static_cast<T>(p_.eps);
  const T clr = static_cast<T>(lr_ / (1.0 + static_cast<double>(t_ - 1) * p_.lr_decay));
  // maximize: torch negates the gradient before anything else (weight decay included). A
  // select, not a product with -1: the multiply-adds below then contract into the same FMAs as
  // without maximize, so those numbers stay bit for bit what they were.
  const bool negate = p_.maximize;
  for (Eigen::Index i = 0; i < n; ++i) {
    const T gi = (negate ? -g[i] : g[i]) + wd * x[i];
    s[i] += gi * gi;
    x[i] -= clr * (gi / (std::sqrt(s[i]) + eps));
  }
}

void Adagrad::step(Eigen::Ref<Eigen::VectorXd> params, Eigen::Ref<const Eigen::VectorXd> grad) {
  detail::run_kernel([&] { update(params.size(), params.data(), grad.data(), state64_); });
}

void Adagrad::step(Eigen::Ref<Eigen::VectorXf> params, Eigen::Ref<const Eigen::VectorXf> grad) {
  detail::run_kernel([&] { update(params.size(), params.data(), grad.data(), state32_); });
}

}  // namespace optbench
