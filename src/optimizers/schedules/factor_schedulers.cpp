#include "factor_schedulers.hpp"

#include <algorithm>
#include <cmath>

#include "optbench/core/error.hpp"
#include "schedule_family.hpp"

// Each get_lr() and closed_form() is the expression of torch 1.13's lr_scheduler.py, evaluated
// in the same order (Python floats are doubles; `a ** b` is pow).

namespace optbench::schedules {

namespace {

double as_double(std::int64_t v) {
  return static_cast<double>(v);
}

double factor_at(const std::vector<double>& factors, std::int64_t index) {
  const auto last = static_cast<std::int64_t>(factors.size()) - 1;
  return factors[static_cast<std::size_t>(std::clamp<std::int64_t>(index, 0, last))];
}

}  // namespace

LambdaLr::LambdaLr(ParamGroup& group, std::vector<double> factors)
    : Scheduler(group), factors_(std::move(factors)) {
  initial_step();
}

double LambdaLr::get_lr() {
  return base_lr_ * factor_at(factors_, last_epoch);
}

MultiplicativeLr::MultiplicativeLr(ParamGroup& group, std::vector<double> factors)
    : Scheduler(group), factors_(std::move(factors)) {
  initial_step();
}

double MultiplicativeLr::get_lr() {
  if (last_epoch > 0) return group_.lr * factor_at(factors_, last_epoch - 1);
  return group_.lr;
}

StepLr::StepLr(ParamGroup& group, std::int64_t step_size, double gamma)
    : Scheduler(group), step_size_(step_size), gamma_(gamma) {
  initial_step();
}

double StepLr::get_lr() {
  if (last_epoch == 0 || python_mod(last_epoch, step_size_) != 0) return group_.lr;
  return group_.lr * gamma_;
}

std::optional<double> StepLr::closed_form() const {
  // last_epoch // step_size: Python's floor division (last_epoch is never negative here).
  return base_lr_ * std::pow(gamma_, as_double(last_epoch / step_size_));
}

MultiStepLr::MultiStepLr(ParamGroup& group, const std::vector<double>& milestones, double gamma)
    : Scheduler(group), gamma_(gamma) {
  for (const double m : milestones) {
    const auto epoch = static_cast<std::int64_t>(m);
    ++counts_[epoch];
    sorted_.push_back(epoch);
  }
  std::sort(sorted_.begin(), sorted_.end());
  initial_step();
}

double MultiStepLr::get_lr() {
  const auto it = counts_.find(last_epoch);
  if (it == counts_.end()) return group_.lr;
  return group_.lr * std::pow(gamma_, as_double(it->second));
}

std::optional<double> MultiStepLr::closed_form() const {
  const auto passed =
      std::upper_bound(sorted_.begin(), sorted_.end(), last_epoch) - sorted_.begin();
  return base_lr_ * std::pow(gamma_, static_cast<double>(passed));
}

ExponentialLr::ExponentialLr(ParamGroup& group, double gamma) : Scheduler(group), gamma_(gamma) {
  initial_step();
}

double ExponentialLr::get_lr() {
  if (last_epoch == 0) return group_.lr;
  return group_.lr * gamma_;
}

std::optional<double> ExponentialLr::closed_form() const {
  return base_lr_ * std::pow(gamma_, as_double(last_epoch));
}

ConstantLr::ConstantLr(ParamGroup& group, double factor, std::int64_t total_iters)
    : Scheduler(group), factor_(factor), total_iters_(total_iters) {
  initial_step();
}

double ConstantLr::get_lr() {
  if (last_epoch == 0) return group_.lr * factor_;
  if (last_epoch > total_iters_ || last_epoch != total_iters_) return group_.lr;
  return group_.lr * (1.0 / factor_);
}

std::optional<double> ConstantLr::closed_form() const {
  // (last_epoch >= total_iters) * (1 - factor): a bool times a float, 0.0 or the float.
  const double restore = last_epoch >= total_iters_ ? 1.0 - factor_ : 0.0;
  return base_lr_ * (factor_ + restore);
}

LinearLr::LinearLr(ParamGroup& group, double start_factor, double end_factor,
                   std::int64_t total_iters)
    : Scheduler(group), start_(start_factor), end_(end_factor), total_iters_(total_iters) {
  initial_step();
}

double LinearLr::get_lr() {
  if (last_epoch == 0) return group_.lr * start_;
  if (last_epoch > total_iters_) return group_.lr;
  return group_.lr * (1.0 + (end_ - start_) / (as_double(total_iters_) * start_ +
                                               as_double(last_epoch - 1) * (end_ - start_)));
}

std::optional<double> LinearLr::closed_form() const {
  return base_lr_ * (start_ + (end_ - start_) * as_double(std::min(total_iters_, last_epoch)) /
                                  as_double(total_iters_));
}

PolynomialLr::PolynomialLr(ParamGroup& group, std::int64_t total_iters, double power)
    : Scheduler(group), total_iters_(total_iters), power_(power) {
  initial_step();
}

double PolynomialLr::get_lr() {
  if (last_epoch == 0 || last_epoch > total_iters_) return group_.lr;
  const double total = as_double(total_iters_);
  const double decay = std::pow(
      (1.0 - as_double(last_epoch) / total) / (1.0 - as_double(last_epoch - 1) / total), power_);
  return group_.lr * decay;
}

std::optional<double> PolynomialLr::closed_form() const {
  return base_lr_ *
         std::pow(1.0 - as_double(std::min(total_iters_, last_epoch)) / as_double(total_iters_),
                  power_);
}

}  // namespace optbench::schedules

namespace optbench::schedules {

namespace {

void check_factors(const Settings& s, const std::vector<ScheduleSpec>& /*members*/) {
  if (s.list("factors").empty()) throw Error("factors", "needs at least one factor");
}

}  // namespace

ScheduleFamily none_family() {
  ScheduleFamily f;
  f.name = "none";
  f.make = [](const ScheduleSpec&, ParamGroup& group, auto) {
    return std::make_unique<LambdaLr>(group, std::vector<double>{1.0});
  };
  return f;
}

ScheduleFamily lambda_family() {
  ScheduleFamily f;
  f.name = "LambdaLR";
  f.params = {list_arg("factors", 0.0, "lr = initial lr * factors[t] (the last one thereafter)")};
  f.required = {"factors"};
  f.check = check_factors;
  f.make = [](const ScheduleSpec& spec, ParamGroup& group, auto) {
    return std::make_unique<LambdaLr>(group, spec.settings.list("factors"));
  };
  return f;
}

ScheduleFamily multiplicative_family() {
  ScheduleFamily f;
  f.name = "MultiplicativeLR";
  f.params = {list_arg("factors", 0.0,
                       "step t >= 1 multiplies the lr by factors[t-1] (the last thereafter)")};
  f.required = {"factors"};
  f.check = check_factors;
  f.make = [](const ScheduleSpec& spec, ParamGroup& group, auto) {
    return std::make_unique<MultiplicativeLr>(group, spec.settings.list("factors"));
  };
  return f;
}

ScheduleFamily step_family() {
  ScheduleFamily f;
  f.name = "StepLR";
  f.params = {int_arg("step_size", 10, 1.0, "epochs between decays"),
              real_arg("gamma", 0.1, 0.0, "decay factor", true)};
  f.make = [](const ScheduleSpec& spec, ParamGroup& group, auto) {
    return std::make_unique<StepLr>(group, spec.settings.integer("step_size"),
                                    spec.settings.real("gamma"));
  };
  return f;
}

ScheduleFamily multistep_family() {
  ScheduleFamily f;
  f.name = "MultiStepLR";
  f.params = {list_arg("milestones", 0.0, "epochs at which the lr is multiplied by gamma"),
              real_arg("gamma", 0.1, 0.0, "decay factor", true)};
  f.required = {"milestones"};
  f.check = [](const Settings& s, const std::vector<ScheduleSpec>&) {
    if (whole_numbers(s, "milestones").empty()) {
      throw Error("milestones", "needs at least one milestone");
    }
  };
  f.make = [](const ScheduleSpec& spec, ParamGroup& group, auto) {
    return std::make_unique<MultiStepLr>(group, spec.settings.list("milestones"),
                                         spec.settings.real("gamma"));
  };
  return f;
}

ScheduleFamily exponential_family() {
  ScheduleFamily f;
  f.name = "ExponentialLR";
  f.params = {real_arg("gamma", 0.99, 0.0, "decay factor per epoch", true)};
  f.make = [](const ScheduleSpec& spec, ParamGroup& group, auto) {
    return std::make_unique<ExponentialLr>(group, spec.settings.real("gamma"));
  };
  return f;
}

ScheduleFamily constant_family() {
  ScheduleFamily f;
  f.name = "ConstantLR";
  // factor 0 would make torch divide by zero at total_iters.
  f.params = {
      real_in("factor", 1.0 / 3.0, 0.0, 1.0, true, false, "lr multiplier until total_iters"),
      int_arg("total_iters", 5, 0.0, "epochs at the reduced lr")};
  f.make = [](const ScheduleSpec& spec, ParamGroup& group, auto) {
    return std::make_unique<ConstantLr>(group, spec.settings.real("factor"),
                                        spec.settings.integer("total_iters"));
  };
  return f;
}

ScheduleFamily linear_family() {
  ScheduleFamily f;
  f.name = "LinearLR";
  // start_factor 0 would make torch divide by zero at the second epoch.
  f.params = {
      real_in("start_factor", 1.0 / 3.0, 0.0, 1.0, true, false, "lr multiplier at epoch 0"),
      real_in("end_factor", 1.0, 0.0, 1.0, false, false, "lr multiplier from total_iters on"),
      int_arg("total_iters", 5, 0.0, "epochs of the linear change")};
  f.make = [](const ScheduleSpec& spec, ParamGroup& group, auto) {
    return std::make_unique<LinearLr>(group, spec.settings.real("start_factor"),
                                      spec.settings.real("end_factor"),
                                      spec.settings.integer("total_iters"));
  };
  return f;
}

ScheduleFamily polynomial_family() {
  ScheduleFamily f;
  f.name = "PolynomialLR";
  f.params = {int_arg("total_iters", 5, 1.0, "epochs until the lr reaches 0"),
              real_arg("power", 1.0, 0.0, "power of the polynomial")};
  f.make = [](const ScheduleSpec& spec, ParamGroup& group, auto) {
    return std::make_unique<PolynomialLr>(group, spec.settings.integer("total_iters"),
                                          spec.settings.real("power"));
  };
  return f;
}

}  // namespace optbench::schedules
