#include "optbench/functions/styblinski_tang.hpp"

namespace optbench {

double StyblinskiTang::value_and_gradient(Eigen::Ref<const Eigen::VectorXd> x,
                                          Eigen::Ref<Eigen::VectorXd> grad) const {
  double sum = 0.0;
  for (Eigen::Index i = 0; i < x.size(); ++i) {
    const double square = x(i) * x(i);
    sum += square * square - 16.0 * square + 5.0 * x(i);
    grad(i) = 2.0 * square * x(i) - 16.0 * x(i) + 2.5;
  }
  return 0.5 * sum;
}

void StyblinskiTang::hessian(Eigen::Ref<const Eigen::VectorXd> x,
                             Eigen::Ref<Eigen::MatrixXd> hess) const {
  hess.setZero();
  hess.diagonal() = *diagonal_hessian(x);
}

std::optional<Eigen::VectorXd> StyblinskiTang::diagonal_hessian(
    Eigen::Ref<const Eigen::VectorXd> x) const {
  return (6.0 * x.array().square() - 16.0).matrix().eval();
}

std::vector<KnownPoint> StyblinskiTang::known_points() const {
  const Eigen::Index n = dim();
  // Per coordinate: the low and the high root are minima, the middle root a maximum.
  const double roots[3] = {kLowRoot, kHighRoot, kMiddleRoot};
  const auto classify = [](Eigen::Index maxima, Eigen::Index coordinates) {
    if (maxima == 0) return PointClass::LocalMinimum;
    if (maxima == coordinates) return PointClass::LocalMaximum;
    return PointClass::SaddlePoint;
  };
  std::vector<KnownPoint> out;
  if (n <= kEnumerateUpTo) {
    Eigen::Index count = 1;
    for (Eigen::Index i = 0; i < n; ++i) count *= 3;
    for (Eigen::Index code = 0; code < count; ++code) {
      Eigen::VectorXd x(n);
      Eigen::Index rest = code;
      Eigen::Index maxima = 0;
      for (Eigen::Index i = 0; i < n; ++i) {
        const Eigen::Index which = rest % 3;
        rest /= 3;
        x(i) = roots[which];
        if (which == 2) ++maxima;
      }
      out.push_back({x, classify(maxima, n)});
    }
    return out;
  }
  out.push_back({Eigen::VectorXd::Constant(n, kLowRoot), PointClass::LocalMinimum});
  out.push_back({Eigen::VectorXd::Constant(n, kHighRoot), PointClass::LocalMinimum});
  out.push_back({Eigen::VectorXd::Constant(n, kMiddleRoot), PointClass::LocalMaximum});
  Eigen::VectorXd saddle = Eigen::VectorXd::Constant(n, kMiddleRoot);
  saddle(0) = kLowRoot;
  out.push_back({saddle, PointClass::SaddlePoint});
  return out;
}

}  // namespace optbench
