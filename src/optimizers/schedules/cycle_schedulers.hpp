#pragma once
// The schedules that set the lr outright and may cycle the momentum against it: torch 1.13's
// OneCycleLR (Smith & Topin, super-convergence, 2018) and CyclicLR (Smith, CLR, 2017).

#include <string>
#include <vector>

#include "scheduler.hpp"

namespace optbench::schedules {

/// OneCycleLR's arguments (torch's names).
struct OneCycleArgs {
  double max_lr = 0.0;
  std::int64_t total_steps = 0;
  double pct_start = 0.3;
  bool cosine = true;  ///< anneal_strategy cos (else linear)
  bool cycle_momentum = true;
  double base_momentum = 0.85;
  double max_momentum = 0.95;
  double div_factor = 25.0;
  double final_div_factor = 1e4;
  bool three_phase = false;
};

/// OneCycleLR: from max_lr/div_factor up to max_lr over pct_start of total_steps, then down to
/// initial_lr/final_div_factor (three_phase: back to initial_lr first); the momentum moves the
/// other way between max_momentum and base_momentum. Throws past total_steps, as torch does.
class OneCycleLr final : public Scheduler {
 public:
  /// `where` names the spec for the errors torch raises (cycle_momentum without momentum).
  OneCycleLr(ParamGroup& group, const OneCycleArgs& args, const ScheduleSpec& where);

 private:
  /// A group entry a phase starts or ends at (torch names them by their keys).
  enum class Entry { initial_lr, max_lr, min_lr, max_momentum, base_momentum };
  struct Phase {
    double end_step;
    Entry start_lr;
    Entry end_lr;
    Entry start_momentum;
    Entry end_momentum;
  };
  double get_lr() override;
  double anneal(double start, double end, double pct) const;
  double entry(Entry e) const;

  OneCycleArgs args_;
  std::vector<Phase> phases_;
};

/// CyclicLR's arguments (torch's names; step_size_down 0: equal to step_size_up).
struct CyclicArgs {
  double base_lr = 0.0;
  double max_lr = 0.0;
  std::int64_t step_size_up = 2000;
  std::int64_t step_size_down = 0;
  std::string mode = "triangular";  ///< triangular | triangular2 | exp_range
  double gamma = 1.0;
  bool cycle_momentum = true;
  double base_momentum = 0.8;
  double max_momentum = 0.9;
};

/// CyclicLR: the lr in a triangle between base_lr and max_lr (amplitude halved each cycle for
/// triangular2, times gamma^t for exp_range), the momentum in the opposite triangle.
class CyclicLr final : public Scheduler {
 public:
  CyclicLr(ParamGroup& group, const CyclicArgs& args, const ScheduleSpec& where);

 private:
  double get_lr() override;
  double scale(double x) const;

  CyclicArgs args_;
  double total_size_;
  double step_ratio_;
  bool scale_by_cycle_;
  double base_momentum_ = 0.0;
};

}  // namespace optbench::schedules
