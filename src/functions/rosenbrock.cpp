#include "optbench/functions/rosenbrock.hpp"

namespace optbench {

double Rosenbrock::value_and_gradient(Eigen::Ref<const Eigen::VectorXd> x,
                                      Eigen::Ref<Eigen::VectorXd> grad) const {
  const Eigen::Index n = x.size();
  double sum = 0.0;
  grad.setZero();
  for (Eigen::Index i = 0; i + 1 < n; ++i) {
    const double valley = x(i + 1) - x(i) * x(i);
    const double offset = 1.0 - x(i);
    sum += 100.0 * valley * valley + offset * offset;
    grad(i) += -400.0 * x(i) * valley - 2.0 * offset;
    grad(i + 1) += 200.0 * valley;
  }
  return sum;
}

void Rosenbrock::hessian(Eigen::Ref<const Eigen::VectorXd> x,
                         Eigen::Ref<Eigen::MatrixXd> hess) const {
  const Eigen::Index n = x.size();
  hess.setZero();
  for (Eigen::Index i = 0; i + 1 < n; ++i) {
    hess(i, i) += 1200.0 * x(i) * x(i) - 400.0 * x(i + 1) + 2.0;
    hess(i + 1, i + 1) += 200.0;
    hess(i, i + 1) = -400.0 * x(i);
    hess(i + 1, i) = -400.0 * x(i);
  }
}

std::vector<KnownPoint> Rosenbrock::known_points() const {
  return {{Eigen::VectorXd::Ones(dim()), PointClass::LocalMinimum}};
}

SearchBox Rosenbrock::search_box() const {
  return SearchBox(static_cast<std::size_t>(dim()), {-2.0, 2.0});
}

}  // namespace optbench
