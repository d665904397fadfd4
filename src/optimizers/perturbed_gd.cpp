#include "optbench/optimizers/perturbed_gd.hpp"

#include "state_check.hpp"

namespace optbench {

const std::vector<ParamField<PerturbedGdParams>>& PerturbedGdParams::fields() {
  static const std::vector<ParamField<PerturbedGdParams>> table{
      field("lr", &PerturbedGdParams::lr, at_least(0.0), "learning rate"),
      field("radius", &PerturbedGdParams::radius, at_least(0.0), "radius of the perturbation ball"),
      field("g_thres", &PerturbedGdParams::g_thres, at_least(0.0),
            "perturb where the gradient norm is at most this"),
      field("t_thres", &PerturbedGdParams::t_thres, at_least(1.0),
            "at most one perturbation every t_thres steps")};
  return table;
}

void PerturbedGdParams::validate() const {
  check_fields(*this);
}

PerturbedGd::PerturbedGd(const PerturbedGdParams& params)
    : Optimizer(validated(params).lr), p_(params) {}

void PerturbedGd::allocate(Eigen::Index n, Precision precision) {
  noise_.setZero(n);
  size64_ = precision == Precision::float64 ? n : -1;
  size32_ = precision == Precision::float32 ? n : -1;
  t_ = 0;
  last_perturbation_ = 0;
  perturbed_ = false;
}

// The perturbation is drawn in double from the same Rng for either precision (so a float32 run
// perturbs by the float64 run's draws, rounded); lr is rounded to T once per step. Inlined into
// each step(), as in sgd.cpp.
template <typename T>
[[gnu::always_inline]] inline void PerturbedGd::update(Eigen::Ref<Eigen::VectorX<T>> params,
                                                       Eigen::Ref<const Eigen::VectorX<T>> grad,
                                                       Eigen::Index state_size) {
  detail::check_reset<T>("PerturbedGd::step", state_size, params.size());
  const bool quiet = !perturbed_ || t_ - last_perturbation_ >= p_.t_thres;
  if (quiet && static_cast<double>(grad.norm()) <= p_.g_thres) {
    rng_.ball(noise_, p_.radius);
    params += noise_.cast<T>();  // no-op cast for double
    last_perturbation_ = t_;
    perturbed_ = true;
  } else {
    params -= static_cast<T>(lr_) * grad;
  }
  ++t_;
}

void PerturbedGd::step(Eigen::Ref<Eigen::VectorXd> params, Eigen::Ref<const Eigen::VectorXd> grad) {
  update<double>(params, grad, size64_);
}

void PerturbedGd::step(Eigen::Ref<Eigen::VectorXf> params, Eigen::Ref<const Eigen::VectorXf> grad) {
  update<float>(params, grad, size32_);
}

}  // namespace optbench
