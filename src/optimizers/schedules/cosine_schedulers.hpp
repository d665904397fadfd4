#pragma once
// Cosine annealing (Loshchilov & Hutter, SGDR, 2017) as torch 1.13's CosineAnnealingLR (the
// recursive form, which keeps following the cosine past T_max) and CosineAnnealingWarmRestarts.

#include "scheduler.hpp"

namespace optbench::schedules {

/// CosineAnnealingLR: eta_min + (initial_lr - eta_min)(1 + cos(pi t / T_max))/2, stepped
/// recursively from the group's current lr.
class CosineAnnealingLr final : public Scheduler {
 public:
  CosineAnnealingLr(ParamGroup& group, std::int64_t t_max, double eta_min);

 private:
  double get_lr() override;
  std::optional<double> closed_form() const override;
  std::int64_t t_max_;
  double eta_min_;
};

/// CosineAnnealingWarmRestarts: the cosine over T_i epochs, restarting at initial_lr with
/// T_i *= T_mult.
class CosineAnnealingWarmRestarts final : public Scheduler {
 public:
  CosineAnnealingWarmRestarts(ParamGroup& group, std::int64_t t_0, std::int64_t t_mult,
                              double eta_min);
  void step() override;
  void step_at(std::int64_t epoch) override;

 private:
  double get_lr() override;
  /// torch's step(epoch) after T_cur and T_i are set.
  void finish_step(double epoch);
  std::int64_t t_0_;
  double t_i_;
  std::int64_t t_mult_;
  double eta_min_;
  double t_cur_;
};

}  // namespace optbench::schedules
