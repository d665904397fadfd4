#include "optbench/optimizers/perturbed_gd.hpp"

namespace optbench {

PerturbedGd::PerturbedGd(const PerturbedGdParams& params) : Optimizer(params.lr), p_(params) {}

void PerturbedGd::reset(Eigen::Index n) {
  noise_.setZero(n);
  t_ = 0;
  last_perturbation_ = 0;
  perturbed_ = false;
}

void PerturbedGd::step(Eigen::Ref<Eigen::VectorXd> params, Eigen::Ref<const Eigen::VectorXd> grad) {
  const bool quiet = !perturbed_ || t_ - last_perturbation_ >= p_.t_thres;
  if (quiet && grad.norm() <= p_.g_thres) {
    rng_.ball(noise_, p_.radius);
    params += noise_;
    last_perturbation_ = t_;
    perturbed_ = true;
  } else {
    params -= lr_ * grad;
  }
  ++t_;
}

}  // namespace optbench
