#include "optbench/functions/point_class.hpp"

namespace optbench {

std::string_view to_string(PointClass c) {
  switch (c) {
    case PointClass::LocalMinimum:
      return "local_minimum";
    case PointClass::LocalMaximum:
      return "local_maximum";
    case PointClass::SaddlePoint:
      return "saddle_point";
    case PointClass::Inconclusive:
      return "inconclusive";
  }
  return "inconclusive";
}

PointClass classify_eigenvalues(const Eigen::Ref<const Eigen::VectorXd>& eigenvalues,
                                double relative_tol) {
  // Relative to the spectrum's scale: a computed zero eigenvalue of H is rounding of size
  // n eps max|lambda|, so an absolute tolerance calls a large-norm singular Hessian a minimum.
  const double tol =
      eigenvalues.size() == 0 ? 0.0 : relative_tol * eigenvalues.cwiseAbs().maxCoeff();
  const bool positive = (eigenvalues.array() > tol).any();
  const bool negative = (eigenvalues.array() < -tol).any();
  if (positive && negative) return PointClass::SaddlePoint;
  if ((eigenvalues.array().abs() <= tol).any() || eigenvalues.size() == 0) {
    return PointClass::Inconclusive;
  }
  return positive ? PointClass::LocalMinimum : PointClass::LocalMaximum;
}

}  // namespace optbench
