#include "optbench/analysis/basin.hpp"

#include <cmath>

namespace optbench {

Eigen::VectorXd descend(const TestFunction& f, Eigen::VectorXd x, const DescentSettings& settings) {
  const Eigen::Index n = x.size();
  Eigen::VectorXd grad(n);
  Eigen::VectorXd trial(n);
  double step = 1e-3;
  double value = f.value_and_gradient(x, grad);
  for (std::int64_t k = 0; k < settings.max_iterations; ++k) {
    const double squared = grad.squaredNorm();
    if (!std::isfinite(value) || !std::isfinite(squared)) break;
    if (std::sqrt(squared) <= settings.gradient_tol * (1.0 + std::abs(value))) break;
    double t = 2.0 * step;
    double trial_value = 0.0;
    bool accepted = false;
    for (int halving = 0; halving < 80; ++halving, t *= 0.5) {
      trial.noalias() = x - t * grad;
      trial_value = f.value(trial);
      if (trial_value <= value - 1e-4 * t * squared) {
        accepted = true;
        break;
      }
    }
    if (!accepted) break;  // no decrease at any step length: x is as low as rounding allows
    x.swap(trial);
    step = t;
    value = f.value_and_gradient(x, grad);
  }
  return x;
}

std::optional<std::size_t> basin_of(const TestFunction& f, const std::vector<KnownPoint>& known,
                                    const Eigen::VectorXd& x, const DescentSettings& settings) {
  if (!x.allFinite()) return std::nullopt;
  const Eigen::VectorXd end = descend(f, x, settings);
  std::optional<std::size_t> best;
  double best_distance = 0.0;
  for (std::size_t k = 0; k < known.size(); ++k) {
    if (known[k].kind != PointClass::LocalMinimum) continue;
    const double distance = (end - known[k].x).lpNorm<Eigen::Infinity>();
    const double tol = settings.match_tol * (1.0 + known[k].x.lpNorm<Eigen::Infinity>());
    if (distance <= tol && (!best || distance < best_distance)) {
      best = k;
      best_distance = distance;
    }
  }
  return best;
}

}  // namespace optbench
