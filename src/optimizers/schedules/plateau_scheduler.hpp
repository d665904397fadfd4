#pragma once
// torch 1.13's ReduceLROnPlateau: lr *= factor once a metric has not improved for more than
// `patience` steps, then `cooldown` steps of rest.

#include <string>

#include "scheduler.hpp"

namespace optbench::schedules {

/// ReduceLROnPlateau's arguments (torch's names).
struct PlateauArgs {
  bool maximize = false;  ///< mode max (else min)
  double factor = 0.1;
  std::int64_t patience = 10;
  double threshold = 1e-4;
  bool relative = true;  ///< threshold_mode rel (else abs)
  std::int64_t cooldown = 0;
  double min_lr = 0.0;
  double eps = 1e-8;
};

/// ReduceLROnPlateau, which is no _LRScheduler: it leaves the lr alone until a metric says so.
class ReduceLrOnPlateau final : public Scheduler {
 public:
  ReduceLrOnPlateau(ParamGroup& group, const PlateauArgs& args);
  void step_with_metric(double metric) override;

 private:
  double get_lr() override { return group_.lr; }
  bool is_better(double a) const;

  PlateauArgs args_;
  double best_;
  std::int64_t bad_epochs_ = 0;
  std::int64_t cooldown_counter_ = 0;
};

}  // namespace optbench::schedules
