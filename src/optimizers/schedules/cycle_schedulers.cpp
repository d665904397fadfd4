#include "cycle_schedulers.hpp"

#include <cmath>
#include <numbers>

#include "optbench/core/error.hpp"
#include "schedule_family.hpp"

// torch 1.13's OneCycleLR and CyclicLR, expression for expression.

namespace optbench::schedules {

namespace {

double as_double(std::int64_t v) {
  return static_cast<double>(v);
}

[[noreturn]] void refuse_cycle_momentum(const ScheduleSpec& spec, const std::string& needs) {
  throw Error(spec.location_of("cycle_momentum"), join_key(spec.keypath, "cycle_momentum"),
              spec.name + " with cycle_momentum cycles the optimizer's " + needs +
                  ", which this optimizer does not have (torch raises 'optimizer must support "
                  "momentum with `cycle_momentum` option enabled'); set cycle_momentum: false");
}

// What torch's OneCycleLR.__init__ does to the group before _LRScheduler.__init__.
ParamGroup& prepare_one_cycle(ParamGroup& group, const OneCycleArgs& args,
                              const ScheduleSpec& where) {
  group.initial_lr = args.max_lr / args.div_factor;
  group.max_lr = args.max_lr;
  group.min_lr = *group.initial_lr / args.final_div_factor;
  if (args.cycle_momentum) {
    if (group.momentum_kind == CycledMomentum::none) {
      refuse_cycle_momentum(where, "momentum or beta1");
    }
    group.momentum = args.max_momentum;
    group.max_momentum = args.max_momentum;
    group.base_momentum = args.base_momentum;
  }
  return group;
}

// What torch's CyclicLR.__init__ does to the group before _LRScheduler.__init__.
ParamGroup& prepare_cyclic(ParamGroup& group, const CyclicArgs& args, const ScheduleSpec& where) {
  group.lr = args.base_lr;
  if (args.cycle_momentum) {
    if (group.momentum_kind != CycledMomentum::momentum) {
      refuse_cycle_momentum(where, "momentum (torch 1.13's CyclicLR has no betas form)");
    }
    group.momentum = args.base_momentum;
  }
  return group;
}

}  // namespace

OneCycleLr::OneCycleLr(ParamGroup& group, const OneCycleArgs& args, const ScheduleSpec& where)
    : Scheduler(prepare_one_cycle(group, args, where)), args_(args) {
  const double total = as_double(args.total_steps);
  if (args.three_phase) {
    phases_ = {
        {args.pct_start * total - 1.0, Entry::initial_lr, Entry::max_lr, Entry::max_momentum,
         Entry::base_momentum},
        {2.0 * args.pct_start * total - 2.0, Entry::max_lr, Entry::initial_lr, Entry::base_momentum,
         Entry::max_momentum},
        {total - 1.0, Entry::initial_lr, Entry::min_lr, Entry::max_momentum, Entry::max_momentum}};
  } else {
    phases_ = {
        {args.pct_start * total - 1.0, Entry::initial_lr, Entry::max_lr, Entry::max_momentum,
         Entry::base_momentum},
        {total - 1.0, Entry::max_lr, Entry::min_lr, Entry::base_momentum, Entry::max_momentum}};
  }
  initial_step();
}

double OneCycleLr::entry(Entry e) const {
  switch (e) {
    case Entry::initial_lr:
      return *group_.initial_lr;
    case Entry::max_lr:
      return group_.max_lr;
    case Entry::min_lr:
      return group_.min_lr;
    case Entry::max_momentum:
      return group_.max_momentum;
    case Entry::base_momentum:
      return group_.base_momentum;
  }
  return 0.0;
}

double OneCycleLr::anneal(double start, double end, double pct) const {
  if (args_.cosine) {
    const double cos_out = std::cos(std::numbers::pi * pct) + 1.0;
    return end + (start - end) / 2.0 * cos_out;
  }
  return (end - start) * pct + start;
}

double OneCycleLr::get_lr() {
  const std::int64_t step_num = last_epoch;
  if (step_num > args_.total_steps) {
    throw Error("total_steps", "OneCycleLR stepped " + std::to_string(step_num + 1) +
                                   " times; its total_steps is " +
                                   std::to_string(args_.total_steps));
  }
  double start_step = 0.0;
  double lr = 0.0;
  for (std::size_t i = 0; i < phases_.size(); ++i) {
    const Phase& phase = phases_[i];
    if (as_double(step_num) <= phase.end_step || i + 1 == phases_.size()) {
      const double pct = (as_double(step_num) - start_step) / (phase.end_step - start_step);
      lr = anneal(entry(phase.start_lr), entry(phase.end_lr), pct);
      if (args_.cycle_momentum) {
        group_.momentum = anneal(entry(phase.start_momentum), entry(phase.end_momentum), pct);
      }
      break;
    }
    start_step = phase.end_step;
  }
  return lr;
}

CyclicLr::CyclicLr(ParamGroup& group, const CyclicArgs& args, const ScheduleSpec& where)
    : Scheduler(prepare_cyclic(group, args, where)), args_(args) {
  const double up = as_double(args.step_size_up);
  const double down = args.step_size_down > 0 ? as_double(args.step_size_down) : up;
  total_size_ = up + down;
  step_ratio_ = up / total_size_;
  scale_by_cycle_ = args.mode != "exp_range";
  base_momentum_ = group.momentum;
  // torch's first step runs inside _LRScheduler.__init__, before CyclicLR sets its own
  // base_lrs: it scales from the group's initial_lr.
  initial_step();
  base_lr_ = args.base_lr;
}

double CyclicLr::scale(double x) const {
  if (args_.mode == "triangular2") return 1.0 / std::pow(2.0, x - 1.0);
  if (args_.mode == "exp_range") return std::pow(args_.gamma, x);
  return 1.0;
}

double CyclicLr::get_lr() {
  const double epoch = as_double(last_epoch);
  const double cycle = std::floor(1.0 + epoch / total_size_);
  const double x = 1.0 + epoch / total_size_ - cycle;
  const double scale_factor = x <= step_ratio_ ? x / step_ratio_ : (x - 1.0) / (step_ratio_ - 1.0);
  const double factor = scale(scale_by_cycle_ ? cycle : epoch);
  const double base_height = (args_.max_lr - base_lr_) * scale_factor;
  const double lr = base_lr_ + base_height * factor;
  if (args_.cycle_momentum) {
    const double momentum_height = (args_.max_momentum - base_momentum_) * scale_factor;
    group_.momentum = args_.max_momentum - momentum_height * factor;
  }
  return lr;
}

}  // namespace optbench::schedules

namespace optbench::schedules {

namespace {

// torch's total_steps, or epochs * steps_per_epoch when it is not given (0).
std::int64_t one_cycle_total(const Settings& s) {
  if (s.integer("total_steps") > 0) return s.integer("total_steps");
  if (s.integer("epochs") > 0 && s.integer("steps_per_epoch") > 0) {
    return s.integer("epochs") * s.integer("steps_per_epoch");
  }
  throw Error("total_steps", "OneCycleLR needs total_steps, or epochs and steps_per_epoch");
}

OneCycleArgs one_cycle_args(const Settings& s) {
  OneCycleArgs a;
  a.max_lr = s.real("max_lr");
  a.total_steps = one_cycle_total(s);
  a.pct_start = s.real("pct_start");
  a.cosine = s.text("anneal_strategy") == "cos";
  a.cycle_momentum = s.flag("cycle_momentum");
  a.base_momentum = s.real("base_momentum");
  a.max_momentum = s.real("max_momentum");
  a.div_factor = s.real("div_factor");
  a.final_div_factor = s.real("final_div_factor");
  a.three_phase = s.flag("three_phase");
  return a;
}

}  // namespace

ScheduleFamily one_cycle_family() {
  ScheduleFamily f;
  f.name = "OneCycleLR";
  f.params = {
      real_arg("max_lr", 0.0, 0.0, "peak lr"),
      int_arg("total_steps", 0, 1.0, "steps in the cycle (not given: epochs * steps_per_epoch)"),
      int_arg("epochs", 0, 1.0, "with steps_per_epoch, instead of total_steps"),
      int_arg("steps_per_epoch", 0, 1.0, "with epochs, instead of total_steps"),
      real_in("pct_start", 0.3, 0.0, 1.0, false, false, "share of the cycle spent rising"),
      text_param("anneal_strategy", "cos", {"cos", "linear"}, "shape of each phase"),
      flag_param("cycle_momentum", true, "move momentum (or beta1) against the lr"),
      real_arg("base_momentum", 0.85, 0.0, "momentum at the peak lr"),
      real_arg("max_momentum", 0.95, 0.0, "momentum at the start and the end"),
      real_arg("div_factor", 25.0, 0.0, "initial lr = max_lr / div_factor", true),
      real_arg("final_div_factor", 1e4, 0.0, "final lr = initial lr / final_div_factor", true),
      flag_param("three_phase", false, "back to the initial lr before the final annealing")};
  f.required = {"max_lr"};
  f.check = [](const Settings& s, const std::vector<ScheduleSpec>&) {
    const OneCycleArgs a = one_cycle_args(s);
    const double total = static_cast<double>(a.total_steps);
    // torch divides by each phase's length; one of zero steps divides by zero.
    std::vector<double> ends{a.pct_start * total - 1.0};
    if (a.three_phase) ends.push_back(2.0 * a.pct_start * total - 2.0);
    ends.push_back(total - 1.0);
    double start = 0.0;
    for (const double end : ends) {
      if (end == start) {
        throw Error("pct_start", "gives a phase of zero steps with total_steps " +
                                     std::to_string(a.total_steps) +
                                     ", where torch's OneCycleLR divides by zero");
      }
      start = end;
    }
  };
  f.make = [](const ScheduleSpec& spec, ParamGroup& group, auto) {
    return std::make_unique<OneCycleLr>(group, one_cycle_args(spec.settings), spec);
  };
  return f;
}

ScheduleFamily cyclic_family() {
  ScheduleFamily f;
  f.name = "CyclicLR";
  f.params = {real_arg("base_lr", 0.0, 0.0, "lower lr"),
              real_arg("max_lr", 0.0, 0.0, "upper lr"),
              int_arg("step_size_up", 2000, 1.0, "steps rising"),
              int_arg("step_size_down", 0, 1.0, "steps falling (not given: step_size_up)"),
              text_param("mode", "triangular", {"triangular", "triangular2", "exp_range"},
                         "amplitude: constant, halved each cycle, or times gamma^t"),
              real_arg("gamma", 1.0, 0.0, "exp_range's factor per step", true),
              flag_param("cycle_momentum", true, "move momentum against the lr"),
              real_arg("base_momentum", 0.8, 0.0, "momentum at the peak lr"),
              real_arg("max_momentum", 0.9, 0.0, "momentum at base_lr")};
  f.required = {"base_lr", "max_lr"};
  f.make = [](const ScheduleSpec& spec, ParamGroup& group, auto) {
    const Settings& s = spec.settings;
    CyclicArgs a;
    a.base_lr = s.real("base_lr");
    a.max_lr = s.real("max_lr");
    a.step_size_up = s.integer("step_size_up");
    a.step_size_down = s.integer("step_size_down");
    a.mode = s.text("mode");
    a.gamma = s.real("gamma");
    a.cycle_momentum = s.flag("cycle_momentum");
    a.base_momentum = s.real("base_momentum");
    a.max_momentum = s.real("max_momentum");
    return std::make_unique<CyclicLr>(group, a, spec);
  };
  return f;
}

}  // namespace optbench::schedules
