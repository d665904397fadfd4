#include "optbench/analysis/hessian_analysis.hpp"

#include <algorithm>
#include <numeric>
#include <utility>
#include <vector>

#include <Eigen/Eigenvalues>

namespace optbench {

HessianAnalysis analyze_hessian(const Eigen::Ref<const Eigen::MatrixXd>& hessian, double tol,
                                bool with_vectors) {
  Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> solver(
      hessian, with_vectors ? Eigen::ComputeEigenvectors : Eigen::EigenvaluesOnly);
  HessianAnalysis out;
  out.eigenvalues = solver.eigenvalues();
  if (with_vectors) out.eigenvectors = solver.eigenvectors();
  out.kind = classify_eigenvalues(out.eigenvalues, tol);
  return out;
}

std::optional<HessianAnalysis> analyze_point(const TestFunction& f,
                                             const Eigen::Ref<const Eigen::VectorXd>& x, double tol,
                                             bool with_vectors) {
  const Eigen::Index n = f.dim();
  if (auto diagonal = f.diagonal_hessian(x)) {
    if ((!with_vectors || n > kDenseHessianLimit) && diagonal->allFinite()) {
      // The eigenvalues alone: the entries sorted in place, one vector of the dimension (at 1e7
      // an index order and a copy would be two more). Finite values sort as stable_sort did.
      HessianAnalysis out;
      out.eigenvalues = std::move(*diagonal);
      std::sort(out.eigenvalues.data(), out.eigenvalues.data() + n);
      out.kind = classify_eigenvalues(out.eigenvalues, tol);
      return out;
    }
    // A diagonal Hessian's eigenvalues are its entries and its eigenvectors the unit vectors.
    std::vector<Eigen::Index> order(static_cast<std::size_t>(n));
    std::iota(order.begin(), order.end(), Eigen::Index{0});
    std::stable_sort(order.begin(), order.end(), [&](Eigen::Index a, Eigen::Index b) {
      return (*diagonal)(a) < (*diagonal)(b);
    });
    HessianAnalysis out;
    out.eigenvalues.resize(n);
    for (Eigen::Index i = 0; i < n; ++i)
      out.eigenvalues(i) = (*diagonal)(order[static_cast<std::size_t>(i)]);
    if (with_vectors && n <= kDenseHessianLimit) {
      out.eigenvectors = Eigen::MatrixXd::Zero(n, n);
      for (Eigen::Index i = 0; i < n; ++i)
        out.eigenvectors(order[static_cast<std::size_t>(i)], i) = 1.0;
    }
    out.kind = classify_eigenvalues(out.eigenvalues, tol);
    return out;
  }
  if (n > kDenseHessianLimit) return std::nullopt;
  Eigen::MatrixXd hessian(n, n);
  f.hessian(x, hessian);
  return analyze_hessian(hessian, tol, with_vectors);
}

}  // namespace optbench
