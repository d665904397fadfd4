#pragma once
// Eigen-decomposition of a symmetric Hessian and the classification of the point.

#include <optional>

#include <Eigen/Core>

#include "optbench/functions/point_class.hpp"
#include "optbench/functions/test_function.hpp"

namespace optbench {

/// Dense analysis runs up to this dimension; above it only diagonal Hessians are analysed.
inline constexpr Eigen::Index kDenseHessianLimit = 2000;

/// Eigenvalues (ascending), optionally eigenvectors (columns), and the class they imply.
struct HessianAnalysis {
  Eigen::VectorXd eigenvalues;
  Eigen::MatrixXd eigenvectors;  ///< empty unless asked for
  PointClass kind = PointClass::Inconclusive;
};

/// Analyses a symmetric matrix (only its lower triangle is read).
HessianAnalysis analyze_hessian(const Eigen::Ref<const Eigen::MatrixXd>& hessian, double tol,
                                bool with_vectors);

/// Analyses f's Hessian at x: dense up to kDenseHessianLimit, diagonal beyond where f has a
/// diagonal Hessian; nullopt otherwise.
std::optional<HessianAnalysis> analyze_point(const TestFunction& f,
                                             const Eigen::Ref<const Eigen::VectorXd>& x, double tol,
                                             bool with_vectors);

}  // namespace optbench
