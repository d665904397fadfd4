#include "optbench/optimizers/simulated_annealing.hpp"

#include <cmath>
#include <numbers>
#include <stdexcept>

#include "optbench/optimizers/objective.hpp"

namespace optbench {

const std::vector<ParamField<SimulatedAnnealingParams>>& SimulatedAnnealingParams::fields() {
  static const std::vector<ParamField<SimulatedAnnealingParams>> table{
      field("T0", &SimulatedAnnealingParams::T0, above(0.0), "initial temperature"),
      field("cooling", &SimulatedAnnealingParams::cooling, {"geometric", "logarithmic"},
            "T_k = T0 alpha^k, or T_k = T0 / ln(e + k)"),
      field("alpha", &SimulatedAnnealingParams::alpha, within(0.0, 1.0, true),
            "geometric cooling factor per level"),
      field("proposal", &SimulatedAnnealingParams::proposal, {"gaussian", "uniform"},
            "x + step_size (box width) N(0, I), or uniform in [-1, 1] per coordinate"),
      field("step_size", &SimulatedAnnealingParams::step_size, above(0.0),
            "proposal scale, a fraction of each coordinate's box width"),
      field("chain_length", &SimulatedAnnealingParams::chain_length, at_least(1.0),
            "proposals per temperature level (one step)"),
      field("reheat_every", &SimulatedAnnealingParams::reheat_every, at_least(0.0),
            "levels between reheats to T0 (0: never)")};
  return table;
}

void SimulatedAnnealingParams::validate() const {
  check_fields(*this);
}

bool metropolis_accept(double delta, double temperature, double u) {
  if (delta <= 0.0) return true;
  if (!(temperature > 0.0)) return false;
  return u < std::exp(-delta / temperature);
}

SimulatedAnnealing::SimulatedAnnealing(const SimulatedAnnealingParams& params)
    : Optimizer(0.0), p_(validated(params)) {}

void SimulatedAnnealing::allocate(Eigen::Index n, Precision /*precision*/) {
  current_.setZero(n);
  best_.setZero(n);
  candidate_.setZero(n);
  scale_.setZero(n);
  current_value_ = 0.0;
  best_value_ = 0.0;
  level_ = 0;
  evaluated_ = 0;
  accepted_ = 0;
}

void SimulatedAnnealing::step(Eigen::Ref<Eigen::VectorXd> /*params*/,
                              Eigen::Ref<const Eigen::VectorXd> /*grad*/) {
  throw std::logic_error(
      "simulated_annealing evaluates the function itself: use step_with_objective");
}

double SimulatedAnnealing::temperature(std::int64_t level) const {
  const double k = static_cast<double>(level);
  if (p_.cooling == "logarithmic") return p_.T0 / std::log(std::numbers::e + k);
  return p_.T0 * std::pow(p_.alpha, k);
}

double SimulatedAnnealing::begin_with_objective(Eigen::Ref<Eigen::VectorXd> x,
                                                Objective& objective) {
  if (current_.size() != x.size()) {
    throw std::logic_error("SimulatedAnnealing: begin on " + std::to_string(x.size()) +
                           " coordinates after reset(" + std::to_string(current_.size()) + ")");
  }
  x = x.cwiseMax(objective.lower()).cwiseMin(objective.upper());
  scale_ = p_.step_size * (objective.upper() - objective.lower());
  current_ = x;
  current_value_ = objective.value(current_);
  best_ = current_;
  best_value_ = current_value_;
  level_ = 0;
  return best_value_;
}

double SimulatedAnnealing::step_with_objective(Eigen::Ref<Eigen::VectorXd> x,
                                               Objective& objective) {
  const double t = temperature(level_);
  const bool gaussian = p_.proposal == "gaussian";
  for (std::int64_t move = 0; move < p_.chain_length; ++move) {
    bool in_box = true;
    for (Eigen::Index i = 0; i < candidate_.size(); ++i) {
      const double xi = gaussian ? rng_.normal() : 2.0 * rng_.uniform() - 1.0;
      candidate_(i) = current_(i) + scale_(i) * xi;
      in_box =
          in_box && candidate_(i) >= objective.lower()(i) && candidate_(i) <= objective.upper()(i);
    }
    if (!in_box) continue;
    const double value = objective.value(candidate_);
    ++evaluated_;
    const double u = rng_.uniform();
    // A NaN value is never accepted (delta <= 0 and u < exp(NaN) are both false).
    if (metropolis_accept(value - current_value_, t, u)) {
      current_.swap(candidate_);
      current_value_ = value;
      ++accepted_;
      if (value < best_value_) {
        best_ = current_;
        best_value_ = value;
      }
    }
  }
  ++level_;
  if (p_.reheat_every > 0 && level_ % p_.reheat_every == 0) level_ = 0;
  x = best_;
  return best_value_;
}

}  // namespace optbench
