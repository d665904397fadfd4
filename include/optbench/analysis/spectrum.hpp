#pragma once
// The Hessian's spectrum from Hessian-vector products alone: Lanczos with full
// reorthogonalisation for the extreme eigenvalues, stochastic Lanczos quadrature (SLQ) for the
// eigenvalue density and the share of negative eigenvalues, Hutchinson for the trace.

#include <functional>
#include <vector>

#include <Eigen/Core>

#include "optbench/core/random.hpp"
#include "optbench/functions/point_class.hpp"

namespace optbench {

/// hv = H v for a symmetric H.
using HessianProduct = std::function<void(const Eigen::VectorXd& v, Eigen::VectorXd& hv)>;

/// One Lanczos run: the Ritz values (ascending) of the tridiagonal matrix and their Gauss
/// quadrature weights (the squared first components of its eigenvectors, summing to 1), and
/// the first Rayleigh quotient v1' H v1.
struct LanczosRun {
  Eigen::VectorXd ritz_values;
  Eigen::VectorXd weights;
  double first_rayleigh = 0.0;
};

/// `steps` Lanczos steps (at most the dimension) from `start`, each new vector orthogonalised
/// twice against every earlier one (full reorthogonalisation: no ghost eigenvalues), stopping
/// early at an invariant subspace. Exact once steps reach the dimension.
LanczosRun lanczos(const HessianProduct& product, const Eigen::Ref<const Eigen::VectorXd>& start,
                   int steps);

/// The settings of a spectrum estimate (config keys record.probes, record.lanczos_steps,
/// record.hessian_tolerance).
struct SpectrumOptions {
  int probes = 8;            ///< Rademacher probe vectors
  int lanczos_steps = 30;    ///< Lanczos steps per probe
  double tolerance = 1e-3;   ///< relative: an eigenvalue counts as 0 within tolerance * scale
  int density_points = 100;  ///< grid points of the density
};

/// The estimate from `probes` Lanczos runs, each from a Rademacher vector z (entries +-1) drawn
/// from the generator.
///   min/max_eigenvalue: the extreme Ritz values over the runs (Ritz values lie inside
///     [lambda_min, lambda_max] and converge to the ends first);
///   trace: Hutchinson's estimate, the mean of z' H z = n v1' H v1 over the probes;
///   negative_fraction: SLQ's estimate of #{lambda < -tol}/n, the mean over the probes of the
///     quadrature weight on Ritz values below -tol, tol = tolerance * scale, scale = the
///     largest |Ritz value| (see spectrum_scale()).
struct SpectrumEstimate {
  double min_eigenvalue = 0.0;
  double max_eigenvalue = 0.0;
  double trace = 0.0;
  double negative_fraction = 0.0;
  double tolerance = 0.0;  ///< the absolute tolerance used
  std::vector<LanczosRun> runs;
  int products = 0;  ///< Hessian-vector products spent
};

SpectrumEstimate estimate_spectrum(const HessianProduct& product, Eigen::Index dimension, Rng& rng,
                                   const SpectrumOptions& options);

/// The SLQ density on `points` grid points from min - 5 sigma to max + 5 sigma: the Ritz values
/// of every run, weighted by their quadrature weights / probes, each spread as a Gaussian of
/// sigma = (max - min)/100 (or 1e-12 for a single point). The density integrates to ~1.
struct SpectralDensity {
  Eigen::VectorXd grid;
  Eigen::VectorXd density;
};
SpectralDensity spectral_density(const SpectrumEstimate& estimate, int points);

/// The scale a relative tolerance multiplies: max |lambda| over the given eigenvalues, so the
/// classification of c H is that of H for every c > 0.
double spectrum_scale(const Eigen::Ref<const Eigen::VectorXd>& eigenvalues);

/// Share of eigenvalues below -tolerance * spectrum_scale(eigenvalues).
double negative_fraction(const Eigen::Ref<const Eigen::VectorXd>& eigenvalues, double tolerance);

/// Where a network's training stopped, from its extreme eigenvalues and a RELATIVE tolerance
/// (tol = tolerance * max(|lambda_min|, |lambda_max|)): saddle when lambda_min < -tol (a
/// direction of descent); minimum when lambda_min >= -tol and lambda_max > tol (positive
/// semidefinite up to the tolerance: a network's loss has flat directions, exact ones under
/// batch norm's scale invariance, so "every eigenvalue > tol" never holds); inconclusive
/// otherwise (a Hessian that is 0 to the tolerance, or not finite).
PointClass classify_extremes(double min_eigenvalue, double max_eigenvalue, double tolerance);

/// "minimum", "saddle" or "inconclusive" (the runs.csv cell of classify_extremes()).
const char* final_point_name(PointClass c);

}  // namespace optbench
