#pragma once
// kind critical_points over a data: + model: problem: the critical points of a network's
// training loss and their index (Dauphin et al. 2014, fig. 1).

#include <vector>

#include "optbench/run/experiment_kind.hpp"

namespace optbench {

/// Starts per seed: start k searches its own symmetric subspace (SymmetricSubspace: k mod
/// (width + 1) units off, some tied) after k * kNetworkWarmSteps full-batch gradient steps in it,
/// so the starts spread over the loss levels the subspaces reach.
inline constexpr int kNetworkStarts = 16;
inline constexpr int kNetworkWarmSteps = 5;

/// runs.csv (n_starts, n_points, spearman_index_loss, wall_ms) and critical_points.csv (one row
/// per critical point: start, warm_steps, units_off, units_tied, loss, train_error, grad_norm,
/// index, negative_eigenvalues, min_eigenvalue, max_eigenvalue).
std::vector<TableSpec> network_critical_point_tables(const RunPlan& plan);

/// Throws Error for a model the search cannot take (batch norm, dropout, too many parameters).
void check_network_critical_points(const RunPlan& plan);

/// The loss searched is the training loss plus (1e-3/2) |theta|^2 (finite critical points on a
/// separable set); `loss` in critical_points.csv includes the penalty, the index is that of its
/// Hessian (H + 1e-3 I).
/// One seed: kNetworkStarts seeded starts, each polished by saddle-free Newton (step
/// -V diag(1/(|l| + d)) V^T g with the exact dense Hessian) on the loss restricted to the start's
/// symmetric subspace, whose minima are critical points of the whole loss; kept when the whole
/// loss's ||g|| <= 1e-7. The index is the share of the whole Hessian's eigenvalues below
/// -record.hessian_tolerance x max |eigenvalue|.
void run_network_critical_points(const RunPlan& plan, const RunSpec& run, RunRecorder& out);

}  // namespace optbench
