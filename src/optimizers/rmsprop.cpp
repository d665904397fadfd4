#include "optbench/optimizers/rmsprop.hpp"

#include <cmath>

#include "kernel_dispatch.hpp"
#include "state_check.hpp"

namespace optbench {

const std::vector<ParamField<RmsPropParams>>& RmsPropParams::fields() {
  static const std::vector<ParamField<RmsPropParams>> table{
      field("lr", &RmsPropParams::lr, at_least(0.0), "learning rate"),
      field("alpha", &RmsPropParams::alpha, at_least(0.0),
            "smoothing constant of the square average (torch: >= 0)"),
      field("eps", &RmsPropParams::eps, at_least(0.0),
            "added to the denominator after the square root"),
      field("weight_decay", &RmsPropParams::weight_decay, at_least(0.0),
            "L2 penalty added to the gradient"),
      field("momentum", &RmsPropParams::momentum, at_least(0.0), "momentum factor"),
      field("centered", &RmsPropParams::centered,
            "normalise by the estimated variance of the gradient"),
      field("maximize", &RmsPropParams::maximize,
            "ascend: the gradient is negated before the update")};
  return table;
}

void RmsPropParams::validate() const {
  check_fields(*this);
}

RmsProp::RmsProp(const RmsPropParams& params) : Optimizer(validated(params).lr), p_(params) {}

void RmsProp::allocate(Eigen::Index n, Precision precision) {
  const auto size = [&](auto& state, bool active) {
    const Eigen::Index k = active ? n : 0;
    state.square_avg.setZero(k);
    state.grad_avg.setZero(p_.centered ? k : 0);
    state.buffer.setZero(p_.momentum > 0.0 ? k : 0);
    state.n = active ? n : -1;
  };
  size(state64_, precision == Precision::float64);
  size(state32_, precision == Precision::float32);
}

void RmsProp::set_momentum(double value) {
  p_.momentum = value;
  if (!(value > 0.0)) return;
  const auto grow = [](auto& state) {
    if (state.n >= 0 && state.buffer.size() != state.n) state.buffer.setZero(state.n);
  };
  grow(state64_);
  grow(state32_);
}

namespace {

// One fused pass; the variant is a template argument so that every loop is branch-free and
// vectorises (a loop testing centered/momentum per element does not).
template <bool Centered, bool Momentum, typename T>
void rmsprop_pass(Eigen::Index n, T* __restrict x, const T* __restrict g, T* __restrict v,
                  T* __restrict a, T* __restrict b, bool negate, T alpha, T one_minus_alpha, T eps,
                  T wd, T mu, T lr) {
  for (Eigen::Index i = 0; i < n; ++i) {
    const T gi = (negate ? -g[i] : g[i]) + wd * x[i];
    v[i] = v[i] * alpha + one_minus_alpha * (gi * gi);
    T avg = 0;
    if constexpr (Centered) {
      a[i] = a[i] * alpha + one_minus_alpha * gi;
      avg = std::sqrt(v[i] - a[i] * a[i]) + eps;
    } else {
      avg = std::sqrt(v[i]) + eps;
    }
    if constexpr (Momentum) {
      b[i] = b[i] * mu + gi / avg;
      x[i] -= lr * b[i];
    } else {
      x[i] -= lr * (gi / avg);
    }
  }
}

}  // namespace

// The scalars are computed in double and rounded to T once per step; the loops run in T. Inlined
// into each step(), as in sgd.cpp.
template <typename T>
[[gnu::always_inline]] inline void RmsProp::update(Eigen::Index n, T* x, const T* g,
                                                   State<T>& state) {
  detail::check_reset<T>("RmsProp::step", state.n, n);
  T* v = state.square_avg.data();
  T* a = state.grad_avg.data();
  T* b = state.buffer.data();
  const T alpha = static_cast<T>(p_.alpha);
  const T one_minus_alpha = static_cast<T>(1.0 - p_.alpha);
  const T eps = static_cast<T>(p_.eps);
  const T wd = static_cast<T>(p_.weight_decay);
  const T mu = static_cast<T>(p_.momentum);
  const T lr = static_cast<T>(lr_);
  // maximize: torch negates the gradient before anything else (weight decay included). A
  // select, not a product with -1: the multiply-adds below then contract into the same FMAs as
  // without maximize, so those numbers stay bit for bit what they were.
  const bool negate = p_.maximize;
  if (p_.centered) {
    if (p_.momentum > 0.0) {
      rmsprop_pass<true, true>(n, x, g, v, a, b, negate, alpha, one_minus_alpha, eps, wd, mu, lr);
    } else {
      rmsprop_pass<true, false>(n, x, g, v, a, b, negate, alpha, one_minus_alpha, eps, wd, mu, lr);
    }
  } else if (p_.momentum > 0.0) {
    rmsprop_pass<false, true>(n, x, g, v, a, b, negate, alpha, one_minus_alpha, eps, wd, mu, lr);
  } else {
    rmsprop_pass<false, false>(n, x, g, v, a, b, negate, alpha, one_minus_alpha, eps, wd, mu, lr);
  }
}

void RmsProp::step(Eigen::Ref<Eigen::VectorXd> params, Eigen::Ref<const Eigen::VectorXd> grad) {
  detail::run_kernel([&] { update(params.size(), params.data(), grad.data(), state64_); });
}

void RmsProp::step(Eigen::Ref<Eigen::VectorXf> params, Eigen::Ref<const Eigen::VectorXf> grad) {
  detail::run_kernel([&] { update(params.size(), params.data(), grad.data(), state32_); });
}

}  // namespace optbench
