#include "optbench/functions/schwefel.hpp"

#include <array>

namespace optbench {

namespace {

// One coordinate's term h(t) = -t sin(sqrt|t|) and, with s = sqrt|t|,
// h'(t) = -(sin s + (s/2) cos s) and h''(t) = -sign(t) (1.5 cos s - 0.5 s sin s) / (2 s).
double first_derivative(double t) {
  const double s = std::sqrt(std::abs(t));
  return -(std::sin(s) + 0.5 * s * std::cos(s));
}

double second_derivative(double t) {
  const double s = std::sqrt(std::abs(t));
  if (s == 0.0) return 0.0;  // the inflection at 0: unbounded, reported as 0
  const double magnitude = (1.5 * std::cos(s) - 0.5 * s * std::sin(s)) / (2.0 * s);
  return t > 0.0 ? -magnitude : magnitude;
}

// kCritical indices ordered for known_points(): the minima from the deepest (the global one)
// up, then the maxima.
constexpr std::array<int, 14> kOrder{13, 1, 11, 3, 9, 5, 7, 0, 2, 4, 6, 8, 10, 12};

}  // namespace

double Schwefel::value_and_gradient(Eigen::Ref<const Eigen::VectorXd> x,
                                    Eigen::Ref<Eigen::VectorXd> grad) const {
  double sum = 0.0;
  for (Eigen::Index i = 0; i < x.size(); ++i) {
    const double s = std::sqrt(std::abs(x(i)));
    sum += x(i) * std::sin(s);
    grad(i) = first_derivative(x(i));
  }
  return kOffset * static_cast<double>(x.size()) - sum;
}

void Schwefel::hessian(Eigen::Ref<const Eigen::VectorXd> x,
                       Eigen::Ref<Eigen::MatrixXd> hess) const {
  hess.setZero();
  hess.diagonal() = *diagonal_hessian(x);
}

std::optional<Eigen::VectorXd> Schwefel::diagonal_hessian(
    Eigen::Ref<const Eigen::VectorXd> x) const {
  Eigen::VectorXd diag(x.size());
  for (Eigen::Index i = 0; i < x.size(); ++i) diag(i) = second_derivative(x(i));
  return diag;
}

std::vector<KnownPoint> Schwefel::known_points() const {
  const Eigen::Index n = dim();
  std::vector<KnownPoint> out;
  if (n > kEnumerateUpTo) {
    for (const int k : kOrder) {
      if (is_coordinate_minimum(k)) {
        out.push_back({Eigen::VectorXd::Constant(n, kCritical[k]), PointClass::LocalMinimum});
      }
    }
    return out;
  }
  Eigen::Index count = 1;
  for (Eigen::Index i = 0; i < n; ++i) count *= 14;
  for (Eigen::Index code = 0; code < count; ++code) {
    Eigen::VectorXd x(n);
    Eigen::Index rest = code;
    Eigen::Index maxima = 0;
    for (Eigen::Index i = 0; i < n; ++i) {
      const int k = kOrder[static_cast<std::size_t>(rest % 14)];
      rest /= 14;
      x(i) = kCritical[k];
      if (!is_coordinate_minimum(k)) ++maxima;
    }
    const PointClass kind = maxima == 0   ? PointClass::LocalMinimum
                            : maxima == n ? PointClass::LocalMaximum
                                          : PointClass::SaddlePoint;
    out.push_back({x, kind});
  }
  return out;
}

SearchBox Schwefel::search_box() const {
  return SearchBox(static_cast<std::size_t>(dim()), {-500.0, 500.0});
}

}  // namespace optbench
