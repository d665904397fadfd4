#pragma once
// The four answers to "what kind of point is this?", and the rule that gives them from a
// Hessian's eigenvalues (test functions classify their known points by it).

#include <string_view>

#include <Eigen/Core>

namespace optbench {

/// Class of a point by the signs of its Hessian's eigenvalues.
enum class PointClass { LocalMinimum, LocalMaximum, SaddlePoint, Inconclusive };

/// "local_minimum", "local_maximum", "saddle_point" or "inconclusive".
std::string_view to_string(PointClass c);

/// With tol = relative_tol * max |lambda| (scale-free: H and c H get the same class): all > tol:
/// minimum; all < -tol: maximum; some > tol and some < -tol: saddle; else inconclusive (a zero
/// eigenvalue and no sign conflict, or H = 0).
PointClass classify_eigenvalues(const Eigen::Ref<const Eigen::VectorXd>& eigenvalues,
                                double relative_tol);

}  // namespace optbench
