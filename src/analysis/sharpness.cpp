#include "optbench/analysis/sharpness.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

#include <Eigen/Eigenvalues>

namespace optbench {

double sharpness(nn::Mlp& model, const Eigen::Ref<const Eigen::VectorXd>& params,
                 const Eigen::Ref<const Eigen::MatrixXd>& x,
                 const Eigen::Ref<const Eigen::VectorXi>& y, Rng& rng, int steps) {
  if (steps < 1) throw std::invalid_argument("sharpness: needs at least one Lanczos step");
  const Eigen::Index n = params.size();
  steps = static_cast<int>(std::min<Eigen::Index>(steps, n));
  Eigen::MatrixXd basis(n, steps);
  Eigen::VectorXd alpha(steps);
  Eigen::VectorXd beta(steps);
  Eigen::VectorXd v(n);
  Eigen::VectorXd w(n);
  for (Eigen::Index i = 0; i < n; ++i) v(i) = rng.normal();
  v.normalize();
  // The difference step scales with the typical weight, as for the first gradient checks.
  const double h = 1e-4 * std::max(1.0, params.norm() / std::sqrt(static_cast<double>(n)));
  int m = 0;
  for (int j = 0; j < steps; ++j) {
    basis.col(j) = v;
    model.eval_hessian_vector_product(params, x, y, v, h, w);
    if (!w.allFinite()) return std::numeric_limits<double>::quiet_NaN();
    alpha(j) = v.dot(w);
    m = j + 1;
    // Full reorthogonalisation against the whole basis, twice ("twice is enough").
    for (int pass = 0; pass < 2; ++pass) {
      w.noalias() -= basis.leftCols(m) * (basis.leftCols(m).transpose() * w);
    }
    beta(j) = w.norm();
    if (!(beta(j) > 1e-12 * std::max(1.0, std::abs(alpha(j))))) break;  // an invariant subspace
    v = w / beta(j);
  }
  Eigen::MatrixXd t = Eigen::MatrixXd::Zero(m, m);
  for (int j = 0; j < m; ++j) {
    t(j, j) = alpha(j);
    if (j + 1 < m) t(j, j + 1) = t(j + 1, j) = beta(j);
  }
  const Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> ritz(t, Eigen::EigenvaluesOnly);
  return ritz.eigenvalues()(m - 1);
}

}  // namespace optbench
