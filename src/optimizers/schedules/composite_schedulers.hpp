#pragma once
// torch 1.13's SequentialLR (one member after another, switching at milestones) and
// ChainedScheduler (every member steps every time, each on the lr the one before left).

#include <memory>
#include <vector>

#include "scheduler.hpp"

namespace optbench::schedules {

/// SequentialLR over members built on the same group. The constructor undoes the members' own
/// first steps and restarts the first; at a milestone the next member takes over with step(0).
class SequentialLr final : public Scheduler {
 public:
  SequentialLr(ParamGroup& group, std::vector<std::unique_ptr<Scheduler>> members,
               std::vector<std::int64_t> milestones);
  void step() override;

 private:
  double get_lr() override { return group_.lr; }
  std::vector<std::unique_ptr<Scheduler>> members_;
  std::vector<std::int64_t> milestones_;
};

/// ChainedScheduler: step() steps every member in order.
class ChainedScheduler final : public Scheduler {
 public:
  ChainedScheduler(ParamGroup& group, std::vector<std::unique_ptr<Scheduler>> members);
  void step() override;

 private:
  double get_lr() override { return group_.lr; }
  std::vector<std::unique_ptr<Scheduler>> members_;
};

}  // namespace optbench::schedules
