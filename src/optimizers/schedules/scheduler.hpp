#pragma once
// torch.optim.lr_scheduler's machinery, private to the schedules: the param group the schedulers
// share and change, and _LRScheduler's step logic. Each scheduler class follows torch 1.13's
// code line by line (same expressions in the same order), so its lrs are torch's to the last bit
// or within a rounding of it.

#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

#include "optbench/optimizers/optimizer.hpp"
#include "optbench/optimizers/schedule_spec.hpp"

namespace optbench::schedules {

/// The entries of torch's optimizer.param_groups[0] that schedulers read and write.
struct ParamGroup {
  double lr = 0.0;
  std::optional<double> initial_lr;  ///< set by the first scheduler built on the group
  CycledMomentum momentum_kind = CycledMomentum::none;
  double momentum = 0.0;  ///< 'momentum' or betas[0], whichever momentum_kind says
  // OneCycleLR keeps its bounds in the group (a later OneCycleLR overwrites them).
  double max_lr = 0.0;
  double min_lr = 0.0;
  double max_momentum = 0.0;
  double base_momentum = 0.0;
};

/// torch's _LRScheduler. A derived constructor sets its fields, then calls initial_step() as
/// torch's __init__ does at its end.
class Scheduler {
 public:
  virtual ~Scheduler() = default;
  Scheduler(const Scheduler&) = delete;
  Scheduler& operator=(const Scheduler&) = delete;

  /// step(): the next epoch, by the chainable form (get_lr).
  virtual void step();
  /// step(epoch): the closed form at `epoch` where the class has one, else get_lr (SequentialLR
  /// calls step(0) on the member that takes over at a milestone).
  virtual void step_at(std::int64_t epoch);
  /// ReduceLROnPlateau's step(metrics); every other scheduler steps as step() does.
  virtual void step_with_metric(double /*metric*/) { step(); }
  /// _initial_step(): the step counter back to 0, then step().
  virtual void initial_step();

  std::int64_t last_epoch = -1;
  std::int64_t step_count = 0;  ///< torch's _step_count

 protected:
  /// _LRScheduler.__init__ up to its last line: initial_lr set where missing, base_lr read.
  explicit Scheduler(ParamGroup& group);
  /// For ReduceLROnPlateau, which is no _LRScheduler: the group untouched.
  struct Detached {};
  Scheduler(ParamGroup& group, Detached);
  /// The chainable lr for last_epoch (may change the group's momentum, as torch's does).
  virtual double get_lr() = 0;
  /// _get_closed_form_lr, where the class has one.
  virtual std::optional<double> closed_form() const { return std::nullopt; }

  ParamGroup& group_;
  double base_lr_;
};

/// Builds the scheduler of `spec` (members first) on `group`, as a torch user's code would.
std::unique_ptr<Scheduler> build_scheduler(const ScheduleSpec& spec, ParamGroup& group);

/// Python's `a % b` for b > 0 (the result is never negative).
std::int64_t python_mod(std::int64_t a, std::int64_t b);

}  // namespace optbench::schedules
