#pragma once
// The chainable schedulers that multiply the group's lr by a factor each epoch (torch 1.13's
// LambdaLR, MultiplicativeLR, StepLR, MultiStepLR, ExponentialLR, ConstantLR, LinearLR,
// PolynomialLR). A lambda is a list of factors here: factors[min(t, n - 1)] for LambdaLR at
// epoch t, factors[min(t, n) - 1] for MultiplicativeLR's t-th step.

#include <map>
#include <vector>

#include "scheduler.hpp"

namespace optbench::schedules {

/// LambdaLR: lr = initial_lr * factor(t); `none` is LambdaLR with the factor 1.
class LambdaLr final : public Scheduler {
 public:
  LambdaLr(ParamGroup& group, std::vector<double> factors);

 private:
  double get_lr() override;
  std::vector<double> factors_;
};

/// MultiplicativeLR: lr *= factor(t) for t > 0.
class MultiplicativeLr final : public Scheduler {
 public:
  MultiplicativeLr(ParamGroup& group, std::vector<double> factors);

 private:
  double get_lr() override;
  std::vector<double> factors_;
};

/// StepLR: lr *= gamma every step_size epochs.
class StepLr final : public Scheduler {
 public:
  StepLr(ParamGroup& group, std::int64_t step_size, double gamma);

 private:
  double get_lr() override;
  std::optional<double> closed_form() const override;
  std::int64_t step_size_;
  double gamma_;
};

/// MultiStepLR: lr *= gamma^k at an epoch listed k times in milestones.
class MultiStepLr final : public Scheduler {
 public:
  MultiStepLr(ParamGroup& group, const std::vector<double>& milestones, double gamma);

 private:
  double get_lr() override;
  std::optional<double> closed_form() const override;
  std::map<std::int64_t, std::int64_t> counts_;  ///< torch's Counter(milestones)
  std::vector<std::int64_t> sorted_;
  double gamma_;
};

/// ExponentialLR: lr *= gamma every epoch.
class ExponentialLr final : public Scheduler {
 public:
  ExponentialLr(ParamGroup& group, double gamma);

 private:
  double get_lr() override;
  std::optional<double> closed_form() const override;
  double gamma_;
};

/// ConstantLR: lr * factor until total_iters, then lr.
class ConstantLr final : public Scheduler {
 public:
  ConstantLr(ParamGroup& group, double factor, std::int64_t total_iters);

 private:
  double get_lr() override;
  std::optional<double> closed_form() const override;
  double factor_;
  std::int64_t total_iters_;
};

/// LinearLR: the factor moves linearly from start_factor to end_factor over total_iters.
class LinearLr final : public Scheduler {
 public:
  LinearLr(ParamGroup& group, double start_factor, double end_factor, std::int64_t total_iters);

 private:
  double get_lr() override;
  std::optional<double> closed_form() const override;
  double start_;
  double end_;
  std::int64_t total_iters_;
};

/// PolynomialLR: lr * (1 - t/total_iters)^power until total_iters.
class PolynomialLr final : public Scheduler {
 public:
  PolynomialLr(ParamGroup& group, std::int64_t total_iters, double power);

 private:
  double get_lr() override;
  std::optional<double> closed_form() const override;
  std::int64_t total_iters_;
  double power_;
};

}  // namespace optbench::schedules
