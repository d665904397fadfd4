#include "optbench/optimizers/rprop.hpp"

#include <algorithm>
#include <cmath>

#include "kernel_dispatch.hpp"
#include "optbench/core/error.hpp"
#include "optbench/io/number_format.hpp"
#include "state_check.hpp"

namespace optbench {

const std::vector<ParamField<RpropParams>>& RpropParams::fields() {
  static const std::vector<ParamField<RpropParams>> table{
      field("lr", &RpropParams::lr, at_least(0.0), "the initial step size of every coordinate"),
      field("etas", &RpropParams::etas, above(0.0),
            "(etaminus, etaplus): step size factors, 0 < etaminus < 1 < etaplus"),
      field("step_sizes", &RpropParams::step_sizes, at_least(0.0), "(smallest, largest) step size"),
      field("maximize", &RpropParams::maximize,
            "ascend: the gradient is negated before the update")};
  return table;
}

void RpropParams::validate() const {
  check_fields(*this);
  if (!(etas[0] < 1.0 && etas[1] > 1.0)) {
    throw Error("etas", "needs 0 < etaminus < 1 < etaplus, got [" + format_number(etas[0]) + ", " +
                            format_number(etas[1]) + "]");
  }
  if (!(step_sizes[1] >= step_sizes[0])) {
    throw Error("step_sizes", "needs 0 <= smallest <= largest, got [" +
                                  format_number(step_sizes[0]) + ", " +
                                  format_number(step_sizes[1]) + "]");
  }
}

Rprop::Rprop(const RpropParams& params) : Optimizer(validated(params).lr), p_(params) {}

void Rprop::allocate(Eigen::Index n, Precision precision) {
  const auto size = [&](auto& state, bool active) {
    const Eigen::Index k = active ? n : 0;
    state.prev.setZero(k);
    state.step_size.setZero(k);
    state.n = active ? n : -1;
  };
  size(state64_, precision == Precision::float64);
  size(state32_, precision == Precision::float32);
  first_ = true;
}

// The loop is branch-free (selects, not jumps) so that it vectorises; the values are torch's:
// the factor and the bounds rounded to T, the step size multiplied then clamped.
template <typename T>
[[gnu::always_inline]] inline void Rprop::update(Eigen::Index n, T* x, const T* g,
                                                 State<T>& state) {
  detail::check_reset<T>("Rprop::step", state.n, n);
  T* __restrict prev = state.prev.data();
  T* __restrict s = state.step_size.data();
  if (first_) {
    // torch creates the step sizes at the first step, from the lr in force then.
    std::fill(s, s + n, static_cast<T>(lr_));
    first_ = false;
  }
  const bool negate = p_.maximize;
  const T eta_minus = static_cast<T>(p_.etas[0]);
  const T eta_plus = static_cast<T>(p_.etas[1]);
  const T smallest = static_cast<T>(p_.step_sizes[0]);
  const T largest = static_cast<T>(p_.step_sizes[1]);
  for (Eigen::Index i = 0; i < n; ++i) {
    const T gi = (negate ? -g[i] : g[i]);
    const T agreement = gi * prev[i];
    const T factor = agreement > T(0) ? eta_plus : (agreement < T(0) ? eta_minus : T(1));
    s[i] = std::min(std::max(s[i] * factor, smallest), largest);
    // After a sign change the gradient counts as 0: no move now, and no comparison next step.
    const T kept = agreement < T(0) ? T(0) : gi;
    const T direction = static_cast<T>(kept > T(0)) - static_cast<T>(kept < T(0));
    x[i] -= direction * s[i];
    prev[i] = kept;
  }
}

void Rprop::step(Eigen::Ref<Eigen::VectorXd> params, Eigen::Ref<const Eigen::VectorXd> grad) {
  detail::run_kernel([&] { update(params.size(), params.data(), grad.data(), state64_); });
}

void Rprop::step(Eigen::Ref<Eigen::VectorXf> params, Eigen::Ref<const Eigen::VectorXf> grad) {
  detail::run_kernel([&] { update(params.size(), params.data(), grad.data(), state32_); });
}

}  // namespace optbench
