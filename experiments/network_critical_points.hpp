#pragma once
// kind critical_points over a data: + model: problem: the critical points of a network's
// training loss and their index (Dauphin et al. 2014, fig. 1).

#include <vector>

#include "optbench/run/experiment_kind.hpp"

namespace optbench {

/// Starts per seed: start k first takes k * kNetworkWarmSteps full-batch gradient steps, so the
/// starts (and the critical points near them) spread from high to low training loss.
inline constexpr int kNetworkStarts = 16;
inline constexpr int kNetworkWarmSteps = 5;

/// runs.csv (n_starts, n_points, spearman_index_loss, wall_ms) and critical_points.csv (one row
/// per critical point: start, loss, train_error, grad_norm, index, negative_eigenvalues,
/// min_eigenvalue, max_eigenvalue).
std::vector<TableSpec> network_critical_point_tables(const RunPlan& plan);

/// Throws Error for a model the search cannot take (batch norm, dropout, too many parameters).
void check_network_critical_points(const RunPlan& plan);

/// The loss searched is the training loss plus (1e-3/2) |theta|^2 (finite critical points on a
/// separable set); `loss` in critical_points.csv includes the penalty, the index is that of its
/// Hessian (H + 1e-3 I).
/// One seed: kNetworkStarts seeded starts, each polished by Newton on the gradient norm
/// (Levenberg-Marquardt on g(theta) = 0 with the exact dense Hessian: step
/// -(H^2 + mu I)^-1 H g, which converges to critical points of every index, where Newton on the
/// loss is drawn to minima), kept when ||g|| <= 1e-7; the index is the share of Hessian
/// eigenvalues below -record.hessian_tolerance x max |eigenvalue|.
void run_network_critical_points(const RunPlan& plan, const RunSpec& run, RunRecorder& out);

/// Spearman's rank correlation (average ranks for ties); NaN for fewer than 2 pairs or a
/// constant side.
double spearman(const std::vector<double>& a, const std::vector<double>& b);

}  // namespace optbench
