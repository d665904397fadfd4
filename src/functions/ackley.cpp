#include "optbench/functions/ackley.hpp"

namespace optbench {

// With r = sqrt(sum x^2 / D), E1 = a b exp(-b r) and E2 = exp(sum cos(c x) / D):
// df/dx_i = E1 x_i / (D r) + E2 c sin(c x_i) / D.
double Ackley::value_and_gradient(Eigen::Ref<const Eigen::VectorXd> x,
                                  Eigen::Ref<Eigen::VectorXd> grad) const {
  const double d = static_cast<double>(x.size());
  const double r = std::sqrt(x.squaredNorm() / d);
  double cosines = 0.0;
  for (Eigen::Index i = 0; i < x.size(); ++i) cosines += std::cos(kC * x(i));
  const double e2 = std::exp(cosines / d);
  const double cone = -kA * std::exp(-kB * r);
  const double radial = r > 0.0 ? -kB * cone / (d * r) : 0.0;  // E1 / (D r)
  for (Eigen::Index i = 0; i < x.size(); ++i) {
    grad(i) = radial * x(i) + e2 * kC * std::sin(kC * x(i)) / d;
  }
  return cone - e2 + kA + std::numbers::e;
}

// H_ij = E1/(D r) (delta_ij - x_i x_j (1/r + b) / (D r)) + E2 c^2/D (cos(c x_i) delta_ij -
// sin(c x_i) sin(c x_j) / D); at r = 0 only the second part (see the class comment).
void Ackley::hessian(Eigen::Ref<const Eigen::VectorXd> x, Eigen::Ref<Eigen::MatrixXd> hess) const {
  const Eigen::Index n = x.size();
  const double d = static_cast<double>(n);
  const double r = std::sqrt(x.squaredNorm() / d);
  Eigen::VectorXd sines(n);
  double cosines = 0.0;
  for (Eigen::Index i = 0; i < n; ++i) {
    cosines += std::cos(kC * x(i));
    sines(i) = std::sin(kC * x(i));
  }
  const double e2 = std::exp(cosines / d);
  const double scale = e2 * kC * kC / d;
  const bool cone = r > 0.0;
  const double radial = cone ? kA * kB * std::exp(-kB * r) / (d * r) : 0.0;
  const double outer = cone ? radial * (1.0 / r + kB) / (d * r) : 0.0;
  // Entry by entry over i <= j, so the matrix is symmetric to the last bit.
  for (Eigen::Index i = 0; i < n; ++i) {
    for (Eigen::Index j = i; j < n; ++j) {
      double h = -scale * (sines(i) * sines(j)) / d - outer * (x(i) * x(j));
      if (i == j) h += scale * std::cos(kC * x(i)) + radial;
      hess(i, j) = h;
      hess(j, i) = h;
    }
  }
}

std::vector<KnownPoint> Ackley::known_points() const {
  return {{Eigen::VectorXd::Zero(dim()), PointClass::LocalMinimum}};
}

SearchBox Ackley::search_box() const {
  return SearchBox(static_cast<std::size_t>(dim()), {-32.768, 32.768});
}

}  // namespace optbench
