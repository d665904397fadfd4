#include "optbench/optimizers/restart_strategies.hpp"

#include <stdexcept>

#include "local_descent.hpp"
#include "optbench/core/error.hpp"
#include "optbench/optimizers/optimizer_registry.hpp"
#include "optbench/optimizers/simulated_annealing.hpp"

namespace optbench {

namespace {

std::unique_ptr<detail::LocalDescent> make_descent(const std::string& local,
                                                   std::int64_t local_steps, double gtol) {
  const auto [name, settings] = parse_optimizer_text(local);
  return std::make_unique<detail::LocalDescent>(find_optimizer(name).make(settings), local_steps,
                                                gtol);
}

[[noreturn]] void throw_gradient_step(const char* name) {
  throw std::logic_error(std::string(name) +
                         " evaluates the function itself: use step_with_objective");
}

// `local:` of the restart strategies: a first-order gradient optimizer of the registry.
template <typename P>
ParamField<P> local_field() {
  return field("local", &P::local, {},
               "the local gradient optimizer: a name or a map such as {name: adam, lr: 0.01}");
}

template <typename P>
ParamField<P> local_steps_field() {
  return field("local_steps", &P::local_steps, at_least(1.0), "steps of one descent");
}

template <typename P>
ParamField<P> gtol_field() {
  return field("gtol", &P::gtol, at_least(0.0), "a descent ends at a gradient norm <= gtol");
}

// Throws Error("local", ...) unless `local` names a first-order gradient method with valid
// settings.
void check_local(const std::string& local) {
  std::unique_ptr<Optimizer> made;
  std::string name;
  try {
    auto parsed = parse_optimizer_text(local);
    name = parsed.first;
    made = find_optimizer(name).make(parsed.second);
  } catch (const Error& e) {
    throw Error("local", e.keypath() + ": " + e.message());
  }
  if (made->drives_objective() || made->needs_hessian()) {
    throw Error("local", name +
                             (made->drives_objective() ? " evaluates the function itself"
                                                       : " needs the Hessian") +
                             "; the local optimizer must be a first-order gradient method "
                             "(sgd, momentum, adam, ...)");
  }
}

}  // namespace

const std::vector<ParamField<MultistartParams>>& MultistartParams::fields() {
  static const std::vector<ParamField<MultistartParams>> table{
      local_field<MultistartParams>(), local_steps_field<MultistartParams>(),
      gtol_field<MultistartParams>()};
  return table;
}

void MultistartParams::validate() const {
  check_fields(*this);
  check_local(local);
}

const std::vector<ParamField<BasinHoppingParams>>& BasinHoppingParams::fields() {
  static const std::vector<ParamField<BasinHoppingParams>> table{
      local_field<BasinHoppingParams>(),
      field("hops", &BasinHoppingParams::hops, at_least(0.0), "perturbation-and-descent cycles"),
      field("step", &BasinHoppingParams::step, above(0.0),
            "displacement: uniform in [-step, step] per coordinate"),
      field("T", &BasinHoppingParams::T, at_least(0.0),
            "temperature of the Metropolis test between minima"),
      local_steps_field<BasinHoppingParams>(),
      gtol_field<BasinHoppingParams>()};
  return table;
}

void BasinHoppingParams::validate() const {
  check_fields(*this);
  check_local(local);
}

Multistart::Multistart(const MultistartParams& params)
    : Optimizer(0.0),
      p_(validated(params)),
      descent_(make_descent(p_.local, p_.local_steps, p_.gtol)) {}

Multistart::~Multistart() = default;

void Multistart::allocate(Eigen::Index n, Precision /*precision*/) {
  descent_->reset(n);
  best_.setZero(n);
  restart_.setZero(n);
  best_value_ = 0.0;
  descents_ = 0;
}

void Multistart::seed(std::uint64_t seed) {
  rng_ = Rng(seed);
  descent_->seed(stable_hash({"local", std::to_string(seed)}));
}

void Multistart::step(Eigen::Ref<Eigen::VectorXd> /*params*/,
                      Eigen::Ref<const Eigen::VectorXd> /*grad*/) {
  throw_gradient_step("multistart");
}

double Multistart::begin_with_objective(Eigen::Ref<Eigen::VectorXd> x, Objective& objective) {
  best_value_ = descent_->start(x, objective);
  best_ = x;
  descents_ = 1;
  return best_value_;
}

double Multistart::step_with_objective(Eigen::Ref<Eigen::VectorXd> x, Objective& objective) {
  double value = descent_->step(objective);
  // NaN never becomes the incumbent.
  if (value < best_value_) {
    best_value_ = value;
    best_ = descent_->point();
  }
  if (descent_->done()) {
    for (Eigen::Index i = 0; i < restart_.size(); ++i) {
      const double low = objective.lower()(i);
      restart_(i) = low + (objective.upper()(i) - low) * rng_.uniform();
    }
    value = descent_->start(restart_, objective);
    ++descents_;
    if (value < best_value_) {
      best_value_ = value;
      best_ = restart_;
    }
  }
  x = best_;
  return best_value_;
}

BasinHopping::BasinHopping(const BasinHoppingParams& params)
    : Optimizer(0.0),
      p_(validated(params)),
      descent_(make_descent(p_.local, p_.local_steps, p_.gtol)) {}

BasinHopping::~BasinHopping() = default;

void BasinHopping::allocate(Eigen::Index n, Precision /*precision*/) {
  descent_->reset(n);
  best_.setZero(n);
  anchor_.setZero(n);
  trial_.setZero(n);
  best_value_ = 0.0;
  anchor_value_ = 0.0;
  anchored_ = false;
  hops_made_ = 0;
  hops_accepted_ = 0;
}

void BasinHopping::seed(std::uint64_t seed) {
  rng_ = Rng(seed);
  descent_->seed(stable_hash({"local", std::to_string(seed)}));
}

void BasinHopping::step(Eigen::Ref<Eigen::VectorXd> /*params*/,
                        Eigen::Ref<const Eigen::VectorXd> /*grad*/) {
  throw_gradient_step("basin_hopping");
}

double BasinHopping::begin_with_objective(Eigen::Ref<Eigen::VectorXd> x, Objective& objective) {
  best_value_ = descent_->start(x, objective);
  best_ = x;
  anchored_ = false;
  return best_value_;
}

double BasinHopping::step_with_objective(Eigen::Ref<Eigen::VectorXd> x, Objective& objective) {
  double value = descent_->step(objective);
  if (value < best_value_) {
    best_value_ = value;
    best_ = descent_->point();
  }
  if (descent_->done() && hops_made_ < p_.hops) {
    // The descent ended at a minimum (or ran out of steps): the first one is the anchor, later
    // ones replace it by the Metropolis rule.
    if (!anchored_) {
      anchor_ = descent_->point();
      anchor_value_ = descent_->value();
      anchored_ = true;
    } else {
      ++hops_made_;
      if (metropolis_accept(descent_->value() - anchor_value_, p_.T, rng_.uniform())) {
        anchor_ = descent_->point();
        anchor_value_ = descent_->value();
        ++hops_accepted_;
      }
    }
    if (hops_made_ < p_.hops) {
      for (Eigen::Index i = 0; i < trial_.size(); ++i) {
        trial_(i) = anchor_(i) + p_.step * (2.0 * rng_.uniform() - 1.0);
      }
      value = descent_->start(trial_, objective);
    } else {
      value = descent_->start(anchor_, objective);  // the last hop is spent: descend on
    }
    if (value < best_value_) {
      best_value_ = value;
      best_ = descent_->point();
    }
  }
  x = best_;
  return best_value_;
}

}  // namespace optbench
