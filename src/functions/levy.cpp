#include "optbench/functions/levy.hpp"

namespace optbench {

namespace {

constexpr double kPi = std::numbers::pi;

// The terms of coordinate i as functions of w = 1 + (x_i - 1)/4, with their first and second
// derivatives in w: sin^2(pi w) for the first coordinate, (w-1)^2 (1 + 10 sin^2(pi w + 1)) for
// all but the last, (w-1)^2 (1 + sin^2(2 pi w)) for the last (a coordinate may take several).
struct Terms {
  double value = 0.0;
  double first = 0.0;
  double second = 0.0;
};

// (w-1)^2 (1 + k sin^2(a w + b)).
void add_damped_wave(Terms& t, double w, double k, double a, double b) {
  const double u = w - 1.0;
  const double s = std::sin(a * w + b);
  const double c = std::cos(a * w + b);
  const double wave = 1.0 + k * s * s;
  const double wave1 = 2.0 * k * a * s * c;                // d/dw of k sin^2
  const double wave2 = 2.0 * k * a * a * (c * c - s * s);  // d2/dw2 of k sin^2
  t.value += u * u * wave;
  t.first += 2.0 * u * wave + u * u * wave1;
  t.second += 2.0 * wave + 4.0 * u * wave1 + u * u * wave2;
}

Terms terms(Eigen::Index i, Eigen::Index n, double x) {
  const double w = 1.0 + (x - 1.0) / 4.0;
  Terms t;
  if (i == 0) {
    const double s = std::sin(kPi * w);
    const double c = std::cos(kPi * w);
    t.value += s * s;
    t.first += 2.0 * kPi * s * c;
    t.second += 2.0 * kPi * kPi * (c * c - s * s);
  }
  if (i + 1 < n) add_damped_wave(t, w, 10.0, kPi, 1.0);
  if (i + 1 == n) add_damped_wave(t, w, 1.0, 2.0 * kPi, 0.0);
  return t;
}

}  // namespace

double Levy::value_and_gradient(Eigen::Ref<const Eigen::VectorXd> x,
                                Eigen::Ref<Eigen::VectorXd> grad) const {
  const Eigen::Index n = x.size();
  double sum = 0.0;
  for (Eigen::Index i = 0; i < n; ++i) {
    const Terms t = terms(i, n, x(i));
    sum += t.value;
    grad(i) = t.first / 4.0;  // dw/dx = 1/4
  }
  return sum;
}

void Levy::hessian(Eigen::Ref<const Eigen::VectorXd> x, Eigen::Ref<Eigen::MatrixXd> hess) const {
  hess.setZero();
  hess.diagonal() = *diagonal_hessian(x);
}

std::optional<Eigen::VectorXd> Levy::diagonal_hessian(Eigen::Ref<const Eigen::VectorXd> x) const {
  const Eigen::Index n = x.size();
  Eigen::VectorXd diag(n);
  for (Eigen::Index i = 0; i < n; ++i) diag(i) = terms(i, n, x(i)).second / 16.0;
  return diag;
}

std::vector<KnownPoint> Levy::known_points() const {
  return {{Eigen::VectorXd::Ones(dim()), PointClass::LocalMinimum}};
}

SearchBox Levy::search_box() const {
  return SearchBox(static_cast<std::size_t>(dim()), {-10.0, 10.0});
}

}  // namespace optbench
