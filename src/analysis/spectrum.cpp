#include "optbench/analysis/spectrum.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>
#include <stdexcept>

#include <Eigen/Eigenvalues>

namespace optbench {

LanczosRun lanczos(const HessianProduct& product, const Eigen::Ref<const Eigen::VectorXd>& start,
                   int steps) {
  const Eigen::Index n = start.size();
  if (steps < 1) throw std::invalid_argument("lanczos: needs at least one step");
  if (!(start.norm() > 0.0)) throw std::invalid_argument("lanczos: the start vector is 0");
  steps = static_cast<int>(std::min<Eigen::Index>(steps, n));
  Eigen::MatrixXd basis(n, steps);
  Eigen::VectorXd alpha(steps);
  Eigen::VectorXd beta(steps);
  Eigen::VectorXd v = start / start.norm();
  Eigen::VectorXd w(n);
  int m = 0;
  double norm = 0.0;  // a lower bound of ||H||: the largest entry of T so far
  for (int j = 0; j < steps; ++j) {
    basis.col(j) = v;
    product(v, w);
    alpha(j) = v.dot(w);
    m = j + 1;
    // Twice is enough (Parlett): the second pass removes what rounding left of the first.
    for (int pass = 0; pass < 2; ++pass) {
      w.noalias() -= basis.leftCols(m) * (basis.leftCols(m).transpose() * w);
    }
    beta(j) = w.norm();
    norm = std::max({norm, std::abs(alpha(j)), beta(j)});
    // An invariant subspace (a network's Hessian of rank r exhausts the Krylov space after r + 1
    // steps): what is left of w is rounding, and a vector made of it would couple to the basis
    // through H by more than the tridiagonal T holds (Ritz values far outside the spectrum).
    // Stop: T's Ritz values are then exact for the start vector's Krylov space.
    if (!(beta(j) > 1e-10 * norm)) break;
    v = w / beta(j);
  }
  Eigen::MatrixXd t = Eigen::MatrixXd::Zero(m, m);
  for (int j = 0; j < m; ++j) {
    t(j, j) = alpha(j);
    if (j + 1 < m) t(j, j + 1) = t(j + 1, j) = beta(j);
  }
  LanczosRun run;
  run.first_rayleigh = alpha(0);
  if (!t.allFinite()) {
    run.ritz_values = Eigen::VectorXd::Constant(1, std::numeric_limits<double>::quiet_NaN());
    run.weights = Eigen::VectorXd::Ones(1);
    return run;
  }
  const Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> ritz(t);
  run.ritz_values = ritz.eigenvalues();
  run.weights = ritz.eigenvectors().row(0).transpose().array().square();
  return run;
}

double spectrum_scale(const Eigen::Ref<const Eigen::VectorXd>& eigenvalues) {
  return eigenvalues.size() == 0 ? 0.0 : eigenvalues.cwiseAbs().maxCoeff();
}

double negative_fraction(const Eigen::Ref<const Eigen::VectorXd>& eigenvalues, double tolerance) {
  if (eigenvalues.size() == 0) return 0.0;
  const double tol = tolerance * spectrum_scale(eigenvalues);
  return static_cast<double>((eigenvalues.array() < -tol).count()) /
         static_cast<double>(eigenvalues.size());
}

SpectrumEstimate estimate_spectrum(const HessianProduct& product, Eigen::Index dimension, Rng& rng,
                                   const SpectrumOptions& options) {
  if (options.probes < 1 || options.lanczos_steps < 1) {
    throw std::invalid_argument("estimate_spectrum: needs at least one probe and one step");
  }
  SpectrumEstimate out;
  out.min_eigenvalue = std::numeric_limits<double>::infinity();
  out.max_eigenvalue = -std::numeric_limits<double>::infinity();
  Eigen::VectorXd z(dimension);
  int products = 0;
  const HessianProduct counted = [&](const Eigen::VectorXd& v, Eigen::VectorXd& hv) {
    ++products;
    product(v, hv);
  };
  double trace = 0.0;
  for (int p = 0; p < options.probes; ++p) {
    for (Eigen::Index i = 0; i < dimension; ++i) z(i) = (rng.next() >> 63U) != 0 ? 1.0 : -1.0;
    LanczosRun run = lanczos(counted, z, options.lanczos_steps);
    trace += static_cast<double>(dimension) * run.first_rayleigh;
    out.min_eigenvalue = std::min(out.min_eigenvalue, run.ritz_values.minCoeff());
    out.max_eigenvalue = std::max(out.max_eigenvalue, run.ritz_values.maxCoeff());
    if (!run.ritz_values.allFinite()) {
      out.min_eigenvalue = out.max_eigenvalue = std::numeric_limits<double>::quiet_NaN();
    }
    out.runs.push_back(std::move(run));
  }
  out.trace = trace / options.probes;
  out.products = products;
  out.tolerance =
      options.tolerance * std::max(std::abs(out.min_eigenvalue), std::abs(out.max_eigenvalue));
  double negative = 0.0;
  for (const LanczosRun& run : out.runs) {
    negative += (run.ritz_values.array() < -out.tolerance).select(run.weights, 0.0).sum();
  }
  out.negative_fraction = negative / options.probes;
  if (!std::isfinite(out.min_eigenvalue)) {
    out.trace = out.negative_fraction = std::numeric_limits<double>::quiet_NaN();
  }
  return out;
}

SpectralDensity spectral_density(const SpectrumEstimate& estimate, int points) {
  SpectralDensity out;
  if (points < 2 || !std::isfinite(estimate.min_eigenvalue)) return out;
  const double lo = estimate.min_eigenvalue;
  const double hi = estimate.max_eigenvalue;
  const double sigma = std::max((hi - lo) / 100.0, 1e-12);
  out.grid = Eigen::VectorXd::LinSpaced(points, lo - 5.0 * sigma, hi + 5.0 * sigma);
  out.density = Eigen::VectorXd::Zero(points);
  const double norm =
      1.0 / (sigma * std::sqrt(2.0 * std::numbers::pi) * static_cast<double>(estimate.runs.size()));
  for (const LanczosRun& run : estimate.runs) {
    for (Eigen::Index k = 0; k < run.ritz_values.size(); ++k) {
      out.density.array() +=
          norm * run.weights(k) *
          (-0.5 * ((out.grid.array() - run.ritz_values(k)) / sigma).square()).exp();
    }
  }
  return out;
}

PointClass classify_extremes(double min_eigenvalue, double max_eigenvalue, double tolerance) {
  if (!std::isfinite(min_eigenvalue) || !std::isfinite(max_eigenvalue)) {
    return PointClass::Inconclusive;
  }
  const double tol = tolerance * std::max(std::abs(min_eigenvalue), std::abs(max_eigenvalue));
  if (min_eigenvalue < -tol) return PointClass::SaddlePoint;
  if (max_eigenvalue > tol) return PointClass::LocalMinimum;
  return PointClass::Inconclusive;
}

const char* final_point_name(PointClass c) {
  switch (c) {
    case PointClass::LocalMinimum:
      return "minimum";
    case PointClass::SaddlePoint:
      return "saddle";
    case PointClass::LocalMaximum:
      return "maximum";
    case PointClass::Inconclusive:
      return "inconclusive";
  }
  return "inconclusive";
}

}  // namespace optbench
