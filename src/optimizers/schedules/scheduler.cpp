#include "scheduler.hpp"

namespace optbench::schedules {

Scheduler::Scheduler(ParamGroup& group) : group_(group) {
  if (!group_.initial_lr) group_.initial_lr = group_.lr;  // group.setdefault('initial_lr', lr)
  base_lr_ = *group_.initial_lr;
}

Scheduler::Scheduler(ParamGroup& group, Detached) : group_(group), base_lr_(group.lr) {}

void Scheduler::initial_step() {
  step_count = 0;
  step();
}

void Scheduler::step() {
  ++step_count;
  ++last_epoch;
  group_.lr = get_lr();
}

void Scheduler::step_at(std::int64_t epoch) {
  ++step_count;
  last_epoch = epoch;
  const std::optional<double> closed = closed_form();
  group_.lr = closed ? *closed : get_lr();
}

std::int64_t python_mod(std::int64_t a, std::int64_t b) {
  const std::int64_t r = a % b;
  return r < 0 ? r + b : r;
}

}  // namespace optbench::schedules
