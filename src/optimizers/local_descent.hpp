#pragma once
// Private to src/optimizers: one local descent of a gradient optimizer through an Objective,
// shared by the restart strategies (multistart, basin_hopping).

#include <cmath>
#include <cstdint>
#include <memory>

#include "optbench/optimizers/objective.hpp"
#include "optbench/optimizers/optimizer.hpp"

namespace optbench::detail {

/// Steps a gradient optimizer from a start until `max_steps` steps or a gradient norm <= gtol.
/// Every evaluation (one value and gradient per point) goes through the Objective.
class LocalDescent {
 public:
  LocalDescent(std::unique_ptr<Optimizer> local, std::int64_t max_steps, double gtol)
      : local_(std::move(local)), max_steps_(max_steps), gtol_(gtol) {}

  /// Sizes the buffers.
  void reset(Eigen::Index n) {
    x_.setZero(n);
    grad_.setZero(n);
    local_->reset(n);
  }
  /// Seeds the local optimizer's own randomness.
  void seed(std::uint64_t seed) { local_->seed(seed); }
  /// Starts a new descent at `start` with a fresh optimizer state; returns f(start).
  double start(const Eigen::Ref<const Eigen::VectorXd>& start, Objective& objective) {
    local_->reset(start.size());
    x_ = start;
    steps_ = 0;
    value_ = objective.value_and_gradient(x_, grad_);
    return value_;
  }
  /// One step of the local optimizer and the evaluation at the new point; returns f there.
  double step(Objective& objective) {
    local_->step(x_, grad_);
    ++steps_;
    value_ = objective.value_and_gradient(x_, grad_);
    return value_;
  }
  /// Whether the descent has ended: out of steps, the gradient vanished, or f is not finite.
  bool done() const {
    return steps_ >= max_steps_ || !std::isfinite(value_) || grad_.norm() <= gtol_;
  }
  const Eigen::VectorXd& point() const { return x_; }
  double value() const { return value_; }

 private:
  std::unique_ptr<Optimizer> local_;
  std::int64_t max_steps_;
  double gtol_;
  Eigen::VectorXd x_;
  Eigen::VectorXd grad_;
  double value_ = 0.0;
  std::int64_t steps_ = 0;
};

}  // namespace optbench::detail
