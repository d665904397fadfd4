#pragma once
// Which known minimum a point belongs to: descend from it until the gradient vanishes, then
// match the end against the function's known minima.

#include <cstdint>
#include <optional>
#include <vector>

#include <Eigen/Core>

#include "optbench/functions/test_function.hpp"

namespace optbench {

/// Settings of the descent that assigns a point to a basin.
struct DescentSettings {
  std::int64_t max_iterations = 20000;
  double gradient_tol = 1e-9;  ///< stop once ||grad|| <= gradient_tol (1 + |f|)
  double match_tol = 1e-4;     ///< an end matches a minimum p within match_tol (1 + |p|_inf)
};

/// Gradient descent with Armijo backtracking (sufficient decrease 1e-4, halving from twice the
/// last accepted step): a small step wherever the curvature needs one, so the path stays in the
/// basin it starts in. Returns the last iterate (a critical point unless max_iterations ran out).
Eigen::VectorXd descend(const TestFunction& f, Eigen::VectorXd x,
                        const DescentSettings& settings = {});

/// The index in `known` (f's known_points()) of the local minimum that descent from `x` reaches,
/// or nullopt where it reaches none of them (an unlisted minimum, a saddle, a divergent path).
std::optional<std::size_t> basin_of(const TestFunction& f, const std::vector<KnownPoint>& known,
                                    const Eigen::VectorXd& x, const DescentSettings& settings = {});

}  // namespace optbench
