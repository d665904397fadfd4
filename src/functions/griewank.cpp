#include "optbench/functions/griewank.hpp"

namespace optbench {

namespace {

// Per coordinate: c_i = cos(x_i / sqrt(i)) and s_i = sin(x_i / sqrt(i)) / sqrt(i), the
// derivative of -c_i being s_i.
void cosines_and_sines(Eigen::Ref<const Eigen::VectorXd> x, Eigen::VectorXd& c,
                       Eigen::VectorXd& s) {
  c.resize(x.size());
  s.resize(x.size());
  for (Eigen::Index i = 0; i < x.size(); ++i) {
    const double root = std::sqrt(static_cast<double>(i + 1));
    c(i) = std::cos(x(i) / root);
    s(i) = std::sin(x(i) / root) / root;
  }
}

// others(i) = prod_{j != i} c_j, by prefix and suffix products (no division: a c_j may be 0).
Eigen::VectorXd products_of_others(const Eigen::VectorXd& c) {
  const Eigen::Index n = c.size();
  Eigen::VectorXd others(n);
  double prefix = 1.0;
  for (Eigen::Index i = 0; i < n; ++i) {
    others(i) = prefix;
    prefix *= c(i);
  }
  double suffix = 1.0;
  for (Eigen::Index i = n - 1; i >= 0; --i) {
    others(i) *= suffix;
    suffix *= c(i);
  }
  return others;
}

}  // namespace

double Griewank::value_and_gradient(Eigen::Ref<const Eigen::VectorXd> x,
                                    Eigen::Ref<Eigen::VectorXd> grad) const {
  Eigen::VectorXd c;
  Eigen::VectorXd s;
  cosines_and_sines(x, c, s);
  const Eigen::VectorXd others = products_of_others(c);
  double squares = 0.0;
  double product = 1.0;
  for (Eigen::Index i = 0; i < x.size(); ++i) {
    squares += x(i) * x(i);
    product *= c(i);
    grad(i) = x(i) / 2000.0 + s(i) * others(i);
  }
  return 1.0 + squares / 4000.0 - product;
}

// H_ii = 1/2000 + c_i / i * prod_{j != i} c_j; H_ij = -s_i s_j prod_{k != i, j} c_k, the product
// split into the parts before i, between i and j, and after j.
void Griewank::hessian(Eigen::Ref<const Eigen::VectorXd> x,
                       Eigen::Ref<Eigen::MatrixXd> hess) const {
  const Eigen::Index n = x.size();
  Eigen::VectorXd c;
  Eigen::VectorXd s;
  cosines_and_sines(x, c, s);
  const Eigen::VectorXd others = products_of_others(c);
  Eigen::VectorXd after(n + 1);  // after(k) = prod_{m >= k} c_m
  after(n) = 1.0;
  for (Eigen::Index k = n - 1; k >= 0; --k) after(k) = after(k + 1) * c(k);
  double before = 1.0;  // prod_{k < i} c_k
  for (Eigen::Index i = 0; i < n; ++i) {
    hess(i, i) = 1.0 / 2000.0 + c(i) / static_cast<double>(i + 1) * others(i);
    double between = 1.0;  // prod_{i < k < j} c_k
    for (Eigen::Index j = i + 1; j < n; ++j) {
      hess(i, j) = -s(i) * s(j) * before * between * after(j + 1);
      hess(j, i) = hess(i, j);
      between *= c(j);
    }
    before *= c(i);
  }
}

std::vector<KnownPoint> Griewank::known_points() const {
  return {{Eigen::VectorXd::Zero(dim()), PointClass::LocalMinimum}};
}

SearchBox Griewank::search_box() const {
  return SearchBox(static_cast<std::size_t>(dim()), {-600.0, 600.0});
}

}  // namespace optbench
