#include "cosine_schedulers.hpp"

#include <cmath>
#include <numbers>

#include "schedule_family.hpp"

// torch 1.13's expressions, in its order of evaluation.

namespace optbench::schedules {

namespace {

constexpr double kPi = std::numbers::pi;

double as_double(std::int64_t v) {
  return static_cast<double>(v);
}

}  // namespace

CosineAnnealingLr::CosineAnnealingLr(ParamGroup& group, std::int64_t t_max, double eta_min)
    : Scheduler(group), t_max_(t_max), eta_min_(eta_min) {
  initial_step();
}

double CosineAnnealingLr::get_lr() {
  const double t = as_double(last_epoch);
  const double period = as_double(t_max_);
  if (last_epoch == 0) return group_.lr;
  if (step_count == 1 && last_epoch > 0) {
    return eta_min_ + (base_lr_ - eta_min_) * (1.0 + std::cos(t * kPi / period)) / 2.0;
  }
  if (python_mod(last_epoch - 1 - t_max_, 2 * t_max_) == 0) {
    return group_.lr + (base_lr_ - eta_min_) * (1.0 - std::cos(kPi / period)) / 2.0;
  }
  return (1.0 + std::cos(kPi * t / period)) / (1.0 + std::cos(kPi * (t - 1.0) / period)) *
             (group_.lr - eta_min_) +
         eta_min_;
}

std::optional<double> CosineAnnealingLr::closed_form() const {
  return eta_min_ + (base_lr_ - eta_min_) *
                        (1.0 + std::cos(kPi * as_double(last_epoch) / as_double(t_max_))) / 2.0;
}

CosineAnnealingWarmRestarts::CosineAnnealingWarmRestarts(ParamGroup& group, std::int64_t t_0,
                                                         std::int64_t t_mult, double eta_min)
    : Scheduler(group),
      t_0_(t_0),
      t_i_(as_double(t_0)),
      t_mult_(t_mult),
      eta_min_(eta_min),
      t_cur_(-1.0) {
  initial_step();
}

double CosineAnnealingWarmRestarts::get_lr() {
  return eta_min_ + (base_lr_ - eta_min_) * (1.0 + std::cos(kPi * t_cur_ / t_i_)) / 2.0;
}

void CosineAnnealingWarmRestarts::step() {
  // torch's step() without an epoch; a scheduler not yet started takes epoch 0.
  if (last_epoch < 0) {
    step_at(0);
    return;
  }
  t_cur_ = t_cur_ + 1.0;
  if (t_cur_ >= t_i_) {
    t_cur_ = t_cur_ - t_i_;
    t_i_ = t_i_ * as_double(t_mult_);
  }
  finish_step(as_double(last_epoch + 1));
}

void CosineAnnealingWarmRestarts::step_at(std::int64_t epoch) {
  const double e = as_double(epoch);
  if (epoch >= t_0_) {
    if (t_mult_ == 1) {
      t_cur_ = as_double(python_mod(epoch, t_0_));
    } else {
      const double m = as_double(t_mult_);
      const auto n =
          static_cast<std::int64_t>(std::log(e / as_double(t_0_) * (m - 1.0) + 1.0) / std::log(m));
      t_cur_ = e - as_double(t_0_) * (std::pow(m, as_double(n)) - 1.0) / (m - 1.0);
      t_i_ = as_double(t_0_) * std::pow(m, as_double(n));
    }
  } else {
    t_i_ = as_double(t_0_);
    t_cur_ = e;
  }
  finish_step(e);
}

void CosineAnnealingWarmRestarts::finish_step(double epoch) {
  last_epoch = static_cast<std::int64_t>(std::floor(epoch));
  group_.lr = get_lr();
}

}  // namespace optbench::schedules

namespace optbench::schedules {

ScheduleFamily cosine_family() {
  ScheduleFamily f;
  f.name = "CosineAnnealingLR";
  f.params = {int_arg("T_max", 100, 1.0, "half period in epochs"),
              real_arg("eta_min", 0.0, 0.0, "lowest lr")};
  f.make = [](const ScheduleSpec& spec, ParamGroup& group, auto) {
    return std::make_unique<CosineAnnealingLr>(group, spec.settings.integer("T_max"),
                                               spec.settings.real("eta_min"));
  };
  return f;
}

ScheduleFamily warm_restarts_family() {
  ScheduleFamily f;
  f.name = "CosineAnnealingWarmRestarts";
  f.params = {int_arg("T_0", 1, 1.0, "epochs until the first restart"),
              int_arg("T_mult", 1, 1.0, "factor on the period after each restart"),
              real_arg("eta_min", 0.0, 0.0, "lowest lr")};
  f.required = {"T_0"};
  f.make = [](const ScheduleSpec& spec, ParamGroup& group, auto) {
    return std::make_unique<CosineAnnealingWarmRestarts>(group, spec.settings.integer("T_0"),
                                                         spec.settings.integer("T_mult"),
                                                         spec.settings.real("eta_min"));
  };
  return f;
}

}  // namespace optbench::schedules
