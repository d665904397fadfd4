#include "composite_schedulers.hpp"

#include <algorithm>
#include <string>

#include "optbench/core/error.hpp"
#include "schedule_family.hpp"

namespace optbench::schedules {

// Neither calls _LRScheduler.__init__ in torch: no initial_lr of their own, no first step.
SequentialLr::SequentialLr(ParamGroup& group, std::vector<std::unique_ptr<Scheduler>> members,
                           std::vector<std::int64_t> milestones)
    : Scheduler(group, Detached{}),
      members_(std::move(members)),
      milestones_(std::move(milestones)) {
  last_epoch = 0;
  group_.lr = *group_.initial_lr;                      // back to the initial lr
  for (auto& member : members_) --member->last_epoch;  // undo the members' first steps
  members_.front()->initial_step();
}

void SequentialLr::step() {
  ++last_epoch;
  const auto idx = static_cast<std::size_t>(
      std::upper_bound(milestones_.begin(), milestones_.end(), last_epoch) - milestones_.begin());
  if (idx > 0 && milestones_[idx - 1] == last_epoch) {
    members_[idx]->step_at(0);
  } else {
    members_[idx]->step();
  }
}

ChainedScheduler::ChainedScheduler(ParamGroup& group,
                                   std::vector<std::unique_ptr<Scheduler>> members)
    : Scheduler(group, Detached{}), members_(std::move(members)) {}

void ChainedScheduler::step() {
  for (auto& member : members_) member->step();
}

}  // namespace optbench::schedules

namespace optbench::schedules {

namespace {

// torch 1.13 steps every member without a metric, which ReduceLROnPlateau cannot take.
void check_members(const std::vector<ScheduleSpec>& members, const std::string& owner,
                   bool leaves_only) {
  if (members.empty()) throw Error("schedulers", owner + " needs at least one member");
  for (std::size_t i = 0; i < members.size(); ++i) {
    const std::string& name = members[i].name;
    const std::string key = "schedulers[" + std::to_string(i) + "]";
    if (name == "ReduceLROnPlateau") {
      throw Error(key, owner +
                           " steps its members without a metric (torch 1.13 calls step()), "
                           "so ReduceLROnPlateau can only be the outermost schedule");
    }
    if (leaves_only && is_composite_schedule(name)) {
      throw Error(key, "torch 1.13's SequentialLR cannot hold a " + name +
                           " (it undoes and restarts its members through attributes a " + name +
                           " lacks); put the SequentialLR inside a ChainedScheduler instead");
    }
  }
}

}  // namespace

ScheduleFamily sequential_family() {
  ScheduleFamily f;
  f.name = "SequentialLR";
  f.composite = true;
  f.params = {list_arg("milestones", 1.0, "epochs at which the next member takes over")};
  f.required = {"milestones"};
  f.check = [](const Settings& s, const std::vector<ScheduleSpec>& members) {
    check_members(members, "SequentialLR", true);
    const std::vector<std::int64_t> milestones = whole_numbers(s, "milestones");
    if (milestones.size() + 1 != members.size()) {
      throw Error("milestones", "SequentialLR needs one milestone fewer than schedulers (" +
                                    std::to_string(members.size()) + " schedulers, " +
                                    std::to_string(milestones.size()) + " milestones)");
    }
    for (std::size_t i = 1; i < milestones.size(); ++i) {
      if (milestones[i] <= milestones[i - 1]) {
        throw Error("milestones", "milestones must increase");
      }
    }
  };
  f.make = [](const ScheduleSpec& spec, ParamGroup& group,
              std::vector<std::unique_ptr<Scheduler>> members) {
    return std::make_unique<SequentialLr>(group, std::move(members),
                                          whole_numbers(spec.settings, "milestones"));
  };
  return f;
}

ScheduleFamily chained_family() {
  ScheduleFamily f;
  f.name = "ChainedScheduler";
  f.composite = true;
  f.check = [](const Settings&, const std::vector<ScheduleSpec>& members) {
    check_members(members, "ChainedScheduler", false);
  };
  f.make = [](const ScheduleSpec&, ParamGroup& group,
              std::vector<std::unique_ptr<Scheduler>> members) {
    return std::make_unique<ChainedScheduler>(group, std::move(members));
  };
  return f;
}

}  // namespace optbench::schedules
