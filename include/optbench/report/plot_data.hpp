#pragma once
// Plot data preparation: what each figure of the report shows, computed from a result folder.
// Every function returns finished PlotSpecs (possibly none when the data are not there).

#include <array>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "optbench/analysis/statistics.hpp"
#include "optbench/report/plot_spec.hpp"
#include "optbench/report/result_data.hpp"

namespace optbench::report {

/// 2-D problems of a function sweep: contour plot of f with one trajectory per optimizer setting
/// (its first seed; start and end marked) and the function's known critical points.
std::vector<PlotSpec> trajectory_plots(const ResultData& data);

/// critical_points sweeps: each 2-D function's contour plot with the critical points found,
/// marked by class.
std::vector<PlotSpec> critical_point_plots(const ResultData& data);

/// Loss against step per problem instance: median over seeds per optimizer setting with the
/// interquartile band; log scale where the values are positive (f - f* where f* is known).
std::vector<PlotSpec> loss_plots(const ResultData& data);

/// Loss against wall time (trace.csv's time_ms): per problem instance of a function sweep, one
/// curve per optimizer setting (f - f* where f* is known, as loss_plots); for classification the
/// training loss (else the test loss) per optimizer setting x model variant. Each curve is the
/// median over seeds at every time any run recorded (a run counts from its first row and holds
/// its last value after it stopped, as median_band), with the interquartile band; log axes by
/// the report's rule, the start of a log time axis drawn at its left end.
std::vector<PlotSpec> wall_time_plots(const ResultData& data);

/// ECDF (share of runs solved against steps, COCO style) of steps_to_target, escape_step and
/// epochs_to_target where recorded, one curve per optimizer setting over every instance.
std::vector<PlotSpec> ecdf_plots(const ResultData& data);

/// Dolan-More performance profiles across problem instances (two or more) for each of
/// steps_to_target, escape_step and epochs_to_target that applies, by the median over seeds, a
/// failed median counting as unsolved.
std::vector<PlotSpec> profile_plots(const ResultData& data);

/// Classification: test accuracy and test loss against epoch per optimizer setting x model
/// variant (median and interquartile band over seeds), and sharpness against 2/lr.
std::vector<PlotSpec> classification_plots(const ResultData& data);

/// Networks' curvature: the Hessian's eigenvalue density (spectrum.csv) at the first, a middle and
/// the last recorded epoch per optimizer setting x model variant, and the index of a network's
/// critical points against their training loss (critical_points.csv with loss and index).
std::vector<PlotSpec> curvature_plots(const ResultData& data);

/// Across a sweep's axes (runs.csv): the final metric (test accuracy, else loss) against each
/// optimizer hyperparameter swept through three or more values, per optimizer, and the escape step
/// (else the steps to the target) against dim where instances differ only in dim; medians over
/// seeds with interquartile bands.
std::vector<PlotSpec> sweep_axis_plots(const ResultData& data);

/// timings.csv: ns per step against dimension, log-log, per optimizer (and problem, batch size).
std::vector<PlotSpec> timing_plots(const ResultData& data);

/// A tuned config's trials: the budget curves of tuning_curve.csv per problem (expected best
/// score against trials, one line per optimizer; crossing lines are a ranking that changes with
/// the budget) and, from tuning.csv, the selection metric against each tuned hyperparameter per
/// problem x optimizer (log axis for log_uniform spaces).
std::vector<PlotSpec> tuning_plots(const ResultData& data);

/// Every plot of the folder in page order.
std::vector<PlotSpec> all_plots(const ResultData& data);

// Building blocks, public for the tests.

/// Linear-interpolation quantile (pandas' default) of sorted, non-empty values.
double quantile_sorted(const std::vector<double>& sorted, double q);

/// Median and quartiles over runs of step-indexed curves: each curve is (x, y) pairs sorted by
/// x; at every x of any curve, each curve contributes its last value at or before x (a finished
/// run holds its last value). Rows: x, median, q25, q75.
std::vector<std::array<double, 4>> median_band(
    const std::vector<std::vector<std::array<double, 2>>>& curves);

/// The percentile-bootstrap interval of median_band's median at each of `xs`: the curves (runs)
/// resampled with replacement (Rng(seed), uniform_below), each curve holding its last value at
/// or before x, a NaN counting as the worst. Rows: x, low, high; none where no curve has begun.
std::vector<std::array<double, 3>> median_bootstrap_band(
    const std::vector<std::vector<std::array<double, 2>>>& curves, const std::vector<double>& xs,
    const BootstrapSpec& spec, std::uint64_t seed);

/// The percentile-bootstrap band of an ECDF: the runs of each group (a problem's seeds)
/// resampled within their group, the share of all runs solved (a finite value at most x) at
/// each step x of `xs`. Rows drawn as steps: (x, low, high), each level held until the next x
/// and to `x_end`.
std::vector<std::array<double, 3>> ecdf_band(const std::vector<std::vector<double>>& groups,
                                             std::vector<double> xs, double x_end,
                                             const BootstrapSpec& spec, std::uint64_t seed);

/// The empirical CDF of `values` (finite ones count as solved) among `total` runs, as step rows
/// (x, share), starting at share 0 and extended to `x_end`.
std::vector<std::array<double, 3>> ecdf_rows(std::vector<double> values, std::size_t total,
                                             double x_end);

/// Dolan-More profile: `cost[p][s]` (infinite or NaN: unsolved) -> per solver s the step rows
/// (tau, share of problems with cost <= tau * best).
std::vector<std::vector<std::array<double, 3>>> performance_profile(
    const std::vector<std::vector<double>>& cost, double tau_end);

}  // namespace optbench::report
