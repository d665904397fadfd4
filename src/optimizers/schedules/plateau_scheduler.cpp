#include "plateau_scheduler.hpp"

#include <algorithm>
#include <limits>

#include "schedule_family.hpp"

namespace optbench::schedules {

ReduceLrOnPlateau::ReduceLrOnPlateau(ParamGroup& group, const PlateauArgs& args)
    : Scheduler(group, Detached{}),
      args_(args),
      best_(args.maximize ? -std::numeric_limits<double>::infinity()
                          : std::numeric_limits<double>::infinity()) {
  last_epoch = 0;
}

bool ReduceLrOnPlateau::is_better(double a) const {
  if (!args_.maximize && args_.relative) return a < best_ * (1.0 - args_.threshold);
  if (!args_.maximize) return a < best_ - args_.threshold;
  if (args_.relative) return a > best_ * (args_.threshold + 1.0);
  return a > best_ + args_.threshold;
}

void ReduceLrOnPlateau::step_with_metric(double metric) {
  ++last_epoch;
  if (is_better(metric)) {
    best_ = metric;
    bad_epochs_ = 0;
  } else {
    ++bad_epochs_;
  }
  if (cooldown_counter_ > 0) {
    --cooldown_counter_;
    bad_epochs_ = 0;  // bad epochs in cooldown do not count
  }
  if (bad_epochs_ > args_.patience) {
    const double old_lr = group_.lr;
    const double new_lr = std::max(old_lr * args_.factor, args_.min_lr);
    if (old_lr - new_lr > args_.eps) group_.lr = new_lr;
    cooldown_counter_ = args_.cooldown;
    bad_epochs_ = 0;
  }
}

}  // namespace optbench::schedules

namespace optbench::schedules {

ScheduleFamily plateau_family() {
  ScheduleFamily f;
  f.name = "ReduceLROnPlateau";
  f.interval = ScheduleInterval::epoch;
  f.params = {text_param("mode", "min", {"min", "max"}, "min: the metric should fall"),
              real_in("factor", 0.1, 0.0, 1.0, false, true, "new lr = lr * factor"),
              int_arg("patience", 10, 0.0, "epochs without improvement before a reduction"),
              real_arg("threshold", 1e-4, 0.0, "least change that counts as an improvement"),
              text_param("threshold_mode", "rel", {"rel", "abs"},
                         "rel: best * (1 -+ threshold); abs: best -+ threshold"),
              int_arg("cooldown", 0, 0.0, "epochs of rest after a reduction"),
              real_arg("min_lr", 0.0, 0.0, "lower bound of the lr"),
              real_arg("eps", 1e-8, 0.0, "smaller reductions are skipped")};
  f.make = [](const ScheduleSpec& spec, ParamGroup& group, auto) {
    const Settings& s = spec.settings;
    PlateauArgs a;
    a.maximize = s.text("mode") == "max";
    a.factor = s.real("factor");
    a.patience = s.integer("patience");
    a.threshold = s.real("threshold");
    a.relative = s.text("threshold_mode") == "rel";
    a.cooldown = s.integer("cooldown");
    a.min_lr = s.real("min_lr");
    a.eps = s.real("eps");
    return std::make_unique<ReduceLrOnPlateau>(group, a);
  };
  return f;
}

}  // namespace optbench::schedules
