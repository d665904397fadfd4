#include "optbench/optimizers/sgd.hpp"

#include "kernel_dispatch.hpp"
#include "state_check.hpp"

namespace optbench {

const std::vector<ParamField<SgdParams>>& SgdParams::fields() {
  static const std::vector<ParamField<SgdParams>> table{
      field("lr", &SgdParams::lr, at_least(0.0), "learning rate"),
      field("momentum", &SgdParams::momentum, at_least(0.0), "momentum factor"),
      field("dampening", &SgdParams::dampening, any_finite,
            "dampening of the momentum (torch sets no range)"),
      field("nesterov", &SgdParams::nesterov, "Nesterov momentum"),
      field("weight_decay", &SgdParams::weight_decay, at_least(0.0),
            "L2 penalty added to the gradient"),
      field("maximize", &SgdParams::maximize, "ascend: the gradient is negated before the update")};
  return table;
}

void SgdParams::validate() const {
  check_fields(*this);
  if (nesterov && (momentum <= 0.0 || dampening != 0.0)) {
    throw Error("nesterov", "Nesterov momentum requires a momentum > 0 and zero dampening");
  }
}

Sgd::Sgd(const SgdParams& params) : Optimizer(validated(params).lr), p_(params) {}

void Sgd::allocate(Eigen::Index n, Precision precision) {
  const auto size = [&](auto& state, bool active) {
    state.buffer.setZero(active && p_.momentum != 0.0 ? n : 0);
    state.n = active ? n : -1;
  };
  size(state64_, precision == Precision::float64);
  size(state32_, precision == Precision::float32);
  first_ = true;
}

void Sgd::set_momentum(double value) {
  p_.momentum = value;
  if (value == 0.0) return;
  const auto grow = [](auto& state) {
    if (state.n >= 0 && state.buffer.size() != state.n) state.buffer.setZero(state.n);
  };
  grow(state64_);
  grow(state32_);
}

// The scalars are computed in double and rounded to T once per step; the loops run in T. Forced
// inline so that each step() is one loop as before the float32 overload: called out of line, the
// plain float64 step of 1000 parameters measured 12% slower (the same loop, one call more).
template <typename T>
[[gnu::always_inline]] inline void Sgd::update(Eigen::Index n, T* x, const T* g, State<T>& state) {
  detail::check_reset<T>("Sgd::step", state.n, n);
  const T lr = static_cast<T>(lr_);
  const T wd = static_cast<T>(p_.weight_decay);
  // maximize: torch negates the gradient before anything else (weight decay included). A
  // select, not a product with -1: the multiply-adds below then contract into the same FMAs as
  // without maximize, so those numbers stay bit for bit what they were.
  const bool negate = p_.maximize;
  if (p_.momentum == 0.0) {
    for (Eigen::Index i = 0; i < n; ++i) x[i] -= lr * ((negate ? -g[i] : g[i]) + wd * x[i]);
    return;
  }
  T* b = state.buffer.data();
  const T mu = static_cast<T>(p_.momentum);
  // The first step copies the gradient into the buffer: no dampening then (torch.optim.SGD).
  const T keep = static_cast<T>(first_ ? 0.0 : p_.momentum);
  const T take = static_cast<T>(first_ ? 1.0 : 1.0 - p_.dampening);
  first_ = false;
  if (p_.nesterov) {
    for (Eigen::Index i = 0; i < n; ++i) {
      const T d = (negate ? -g[i] : g[i]) + wd * x[i];
      b[i] = keep * b[i] + take * d;
      x[i] -= lr * (d + mu * b[i]);
    }
  } else {
    for (Eigen::Index i = 0; i < n; ++i) {
      const T d = (negate ? -g[i] : g[i]) + wd * x[i];
      b[i] = keep * b[i] + take * d;
      x[i] -= lr * b[i];
    }
  }
}

void Sgd::step(Eigen::Ref<Eigen::VectorXd> params, Eigen::Ref<const Eigen::VectorXd> grad) {
  detail::run_kernel([&] { update(params.size(), params.data(), grad.data(), state64_); });
}

void Sgd::step(Eigen::Ref<Eigen::VectorXf> params, Eigen::Ref<const Eigen::VectorXf> grad) {
  detail::run_kernel([&] { update(params.size(), params.data(), grad.data(), state32_); });
}

}  // namespace optbench
