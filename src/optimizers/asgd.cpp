#include "optbench/optimizers/asgd.hpp"

#include <algorithm>
#include <cmath>

#include "kernel_dispatch.hpp"
#include "state_check.hpp"

namespace optbench {

const std::vector<ParamField<AsgdParams>>& AsgdParams::fields() {
  static const std::vector<ParamField<AsgdParams>> table{
      field("lr", &AsgdParams::lr, at_least(0.0), "learning rate"),
      field("lambd", &AsgdParams::lambd, at_least(0.0), "decay term"),
      field("alpha", &AsgdParams::alpha, any_finite, "power of the eta update"),
      field("t0", &AsgdParams::t0, any_finite, "the step after which averaging starts"),
      field("weight_decay", &AsgdParams::weight_decay, at_least(0.0),
            "L2 penalty added to the gradient"),
      field("maximize", &AsgdParams::maximize,
            "ascend: the gradient is negated before the update")};
  return table;
}

void AsgdParams::validate() const {
  check_fields(*this);
}

Asgd::Asgd(const AsgdParams& params) : Optimizer(validated(params).lr), p_(params) {}

void Asgd::allocate(Eigen::Index n, Precision precision) {
  const auto size = [&](auto& state, bool active) {
    state.ax.setZero(active ? n : 0);
    state.n = active ? n : -1;
  };
  size(state64_, precision == Precision::float64);
  size(state32_, precision == Precision::float32);
  t_ = 0;
  mu_ = 1.0;
}

namespace {

// One pass; whether the average is a copy (mu = 1, before t0) is one branch per step.
template <bool Copy, typename T>
void asgd_pass(Eigen::Index n, T* __restrict x, const T* __restrict g, T* __restrict ax,
               bool negate, T wd, T decay, T neg_eta, T mu) {
  for (Eigen::Index i = 0; i < n; ++i) {
    const T gi = (negate ? -g[i] : g[i]) + wd * x[i];
    const T xi = x[i] * decay + neg_eta * gi;
    x[i] = xi;
    if constexpr (Copy) {
      ax[i] = xi;
    } else {
      ax[i] += (xi - ax[i]) * mu;
    }
  }
}

}  // namespace

// torch keeps eta and mu in scalar tensors of its default dtype: with float32 parameters (and
// torch's default float32) they are rounded to float, which `round` reproduces; for float64 it
// changes nothing. Inlined into each step(), as in sgd.cpp.
template <typename T>
[[gnu::always_inline]] inline void Asgd::update(Eigen::Index n, T* x, const T* g, State<T>& state) {
  detail::check_reset<T>("Asgd::step", state.n, n);
  const auto round = [](double v) { return static_cast<double>(static_cast<T>(v)); };
  if (t_ == 0) eta_ = round(lr_);  // torch's state starts with the lr in force at the first step
  ++t_;
  const double t = static_cast<double>(t_);
  const bool negate = p_.maximize;
  const T wd = static_cast<T>(p_.weight_decay);
  const T decay = static_cast<T>(1.0 - p_.lambd * eta_);
  const T neg_eta = static_cast<T>(-eta_);
  if (mu_ == 1.0) {
    asgd_pass<true>(n, x, g, state.ax.data(), negate, wd, decay, neg_eta, T(1));
  } else {
    asgd_pass<false>(n, x, g, state.ax.data(), negate, wd, decay, neg_eta, static_cast<T>(mu_));
  }
  eta_ = round(lr_ / std::pow(1.0 + p_.lambd * lr_ * t, p_.alpha));
  mu_ = round(1.0 / std::max(1.0, t - p_.t0));
}

void Asgd::step(Eigen::Ref<Eigen::VectorXd> params, Eigen::Ref<const Eigen::VectorXd> grad) {
  detail::run_kernel([&] { update(params.size(), params.data(), grad.data(), state64_); });
}

void Asgd::step(Eigen::Ref<Eigen::VectorXf> params, Eigen::Ref<const Eigen::VectorXf> grad) {
  detail::run_kernel([&] { update(params.size(), params.data(), grad.data(), state32_); });
}

}  // namespace optbench
