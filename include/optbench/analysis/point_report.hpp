#pragma once
// Everything `optbench classify` and critical_points.csv say about one point.

#include <string>
#include <vector>

#include <Eigen/Core>

#include "optbench/analysis/hessian_analysis.hpp"
#include "optbench/functions/test_function.hpp"
#include "optbench/io/column_type.hpp"

namespace optbench {

/// A point of a function with its value, gradient, Hessian and the Hessian's analysis.
struct PointReport {
  Eigen::VectorXd point;
  double f = 0.0;
  Eigen::VectorXd gradient;
  Eigen::MatrixXd hessian;  ///< empty above kDenseHessianLimit
  HessianAnalysis analysis;
  bool analysed = false;  ///< false when the Hessian was too large to analyse
};

/// Evaluates and classifies f at x (eigenvectors included when `with_vectors`).
PointReport examine_point(const TestFunction& f, const Eigen::Ref<const Eigen::VectorXd>& x,
                          double tol, bool with_vectors);

/// The columns of `classify --format csv` and of critical_points.csv after its function column.
const std::vector<Column>& point_columns();

/// The cells point, f, grad_norm, eigenvalues, class (point and eigenvalues list cells, the
/// eigenvalues ascending; f and grad_norm empty for a bare matrix).
std::vector<std::string> point_cells(const PointReport& report, bool has_function);

}  // namespace optbench
