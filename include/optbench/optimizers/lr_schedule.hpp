#pragma once
// Learning-rate schedules with torch.optim.lr_scheduler's semantics (torch 1.13): every
// scheduler class, composable through SequentialLR and ChainedScheduler, run with torch's own
// (recursive, chainable) arithmetic, so that a schedule gives the lrs torch gives.

#include <cstdint>
#include <memory>

#include "optbench/optimizers/optimizer.hpp"
#include "optbench/optimizers/schedule_spec.hpp"

namespace optbench {

namespace schedules {
class Scheduler;
struct ParamGroup;
}  // namespace schedules

/// A running schedule bound to one optimizer: it sets the optimizer's lr (and, for OneCycleLR
/// and CyclicLR with cycle_momentum, its momentum or beta1) as torch's scheduler sets the
/// param group's, starting in the constructor. Call after_step() after every optimizer step and
/// after_epoch() after every epoch; the one its interval names advances it.
class LrSchedule {
 public:
  /// Builds the schedulers as torch does (members first, each constructor stepping once) on the
  /// optimizer's lr and momentum. Throws Error, located at the spec's key, where torch raises at
  /// construction (cycle_momentum on an optimizer without momentum or betas).
  LrSchedule(const ScheduleSpec& spec, Optimizer& optimizer);
  ~LrSchedule();
  LrSchedule(const LrSchedule&) = delete;
  LrSchedule& operator=(const LrSchedule&) = delete;

  /// After an optimizer step whose gradient came with `loss` (ReduceLROnPlateau's metric when
  /// the interval is step).
  void after_step(double loss);
  /// After an epoch; `metric` is the loss ReduceLROnPlateau watches when the interval is epoch.
  void after_epoch(double metric);

  /// The lr in force for the next step.
  double lr() const;
  /// The momentum (or beta1) in force for the next step.
  double momentum() const;
  /// The number of times the schedule has stepped.
  std::int64_t steps() const { return steps_; }

 private:
  void advance(double metric);
  void apply();

  std::unique_ptr<schedules::ParamGroup> group_;
  std::unique_ptr<schedules::Scheduler> root_;
  Optimizer* optimizer_;
  ScheduleInterval interval_;
  std::int64_t steps_ = 0;
};

}  // namespace optbench
