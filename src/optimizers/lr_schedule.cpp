#include "optbench/optimizers/lr_schedule.hpp"

#include "schedules/scheduler.hpp"

namespace optbench {

LrSchedule::LrSchedule(const ScheduleSpec& spec, Optimizer& optimizer)
    : group_(std::make_unique<schedules::ParamGroup>()),
      optimizer_(&optimizer),
      interval_(spec.interval) {
  group_->lr = optimizer.lr();
  group_->momentum_kind = optimizer.cycled_momentum();
  group_->momentum = optimizer.momentum();
  root_ = schedules::build_scheduler(spec, *group_);
  apply();
}

LrSchedule::~LrSchedule() = default;

void LrSchedule::after_step(double loss) {
  if (interval_ == ScheduleInterval::step) advance(loss);
}

void LrSchedule::after_epoch(double metric) {
  if (interval_ == ScheduleInterval::epoch) advance(metric);
}

double LrSchedule::lr() const {
  return group_->lr;
}

double LrSchedule::momentum() const {
  return group_->momentum;
}

void LrSchedule::advance(double metric) {
  root_->step_with_metric(metric);
  ++steps_;
  apply();
}

void LrSchedule::apply() {
  optimizer_->set_lr(group_->lr);
  if (group_->momentum_kind != CycledMomentum::none) optimizer_->set_momentum(group_->momentum);
}

}  // namespace optbench
