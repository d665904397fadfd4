#include "critical_points_experiment.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <optional>
#include <string>
#include <tuple>
#include <vector>

#include <Eigen/QR>

#include "network_critical_points.hpp"
#include "optbench/analysis/hessian_analysis.hpp"
#include "optbench/analysis/point_report.hpp"
#include "optbench/config/problem_function.hpp"
#include "optbench/core/error.hpp"
#include "optbench/core/random.hpp"
#include "optbench/io/csv.hpp"
#include "optbench/io/number_format.hpp"
#include "optbench/run/interrupt.hpp"
#include "optbench/run/run_randomness.hpp"

namespace optbench {

namespace {

constexpr std::size_t kRuns = 0;
constexpr std::size_t kPoints = 1;

constexpr int kMaxIterations = 100;          ///< Newton steps per start
constexpr int kPolishIterations = 100;       ///< extra steps, kept only while ||g|| shrinks
constexpr double kGradTol = 1e-10;           ///< converged: ||g|| <= kGradTol * max(1, |f|)
constexpr double kSameTol = 1e-6;            ///< same point: distance <= kSameTol * max(1, |x|)
constexpr double kBoxSlack = 1e-8;           ///< of the box width, for points on its faces
constexpr double kSnapTol = 1e-12;           ///< coordinates this small relative to |x| try 0
constexpr std::size_t kRandomStarts = 2000;  ///< starts above dimension 3

/// Grid cells per axis for dim <= 3 (about 1600 starts in every case); 0 above.
Eigen::Index cells_per_axis(Eigen::Index dim) {
  switch (dim) {
    case 1:
      return 1600;
    case 2:
      return 40;
    case 3:
      return 12;
    default:
      return 0;
  }
}

/// The seeded starts: one uniform point in every cell of a grid over the box (dim <= 3),
/// else kRandomStarts uniform points in the box. The first axis varies slowest.
std::vector<Eigen::VectorXd> make_starts(const SearchBox& box, Rng& rng) {
  const auto dim = static_cast<Eigen::Index>(box.size());
  std::vector<Eigen::VectorXd> starts;
  const Eigen::Index cells = cells_per_axis(dim);
  if (cells == 0) {
    starts.reserve(kRandomStarts);
    for (std::size_t s = 0; s < kRandomStarts; ++s) {
      Eigen::VectorXd x(dim);
      for (Eigen::Index i = 0; i < dim; ++i) {
        const auto [lo, hi] = box[static_cast<std::size_t>(i)];
        x(i) = lo + (hi - lo) * rng.uniform();
      }
      starts.push_back(std::move(x));
    }
    return starts;
  }
  std::vector<Eigen::Index> index(static_cast<std::size_t>(dim), 0);
  while (true) {
    Eigen::VectorXd x(dim);
    for (Eigen::Index i = 0; i < dim; ++i) {
      const auto [lo, hi] = box[static_cast<std::size_t>(i)];
      const double width = (hi - lo) / static_cast<double>(cells);
      x(i) = lo + (static_cast<double>(index[static_cast<std::size_t>(i)]) + rng.uniform()) * width;
    }
    starts.push_back(std::move(x));
    Eigen::Index axis = dim;
    while (axis > 0) {
      --axis;
      if (++index[static_cast<std::size_t>(axis)] < cells) break;
      index[static_cast<std::size_t>(axis)] = 0;
      if (axis == 0) return starts;
    }
  }
}

bool inside(const SearchBox& box, const Eigen::VectorXd& x) {
  for (Eigen::Index i = 0; i < x.size(); ++i) {
    const auto [lo, hi] = box[static_cast<std::size_t>(i)];
    const double slack = kBoxSlack * std::max(1.0, hi - lo);
    if (!(lo - slack <= x(i) && x(i) <= hi + slack)) return false;
  }
  return true;
}

/// Newton's method on the gradient, with the buffers of one run.
class NewtonSolver {
 public:
  explicit NewtonSolver(const TestFunction& f)
      : f_(f),
        n_(f.dim()),
        grad_(n_),
        step_(n_),
        trial_(n_),
        diagonal_(f.diagonal_hessian(Eigen::VectorXd::Zero(n_)).has_value()) {
    if (!diagonal_) {
      if (n_ > kDenseHessianLimit) {
        throw Error("dim", "critical_points runs Newton with a dense Hessian, at most dim " +
                               std::to_string(kDenseHessianLimit) +
                               " for a function without a diagonal one; got " + std::to_string(n_));
      }
      hess_.resize(n_, n_);
      cod_ = Eigen::CompleteOrthogonalDecomposition<Eigen::MatrixXd>(n_, n_);
    }
  }

  /// The gradient norm at x (and f in `value`); nullopt when either is not finite.
  std::optional<double> gradient_norm(const Eigen::VectorXd& x, double& value) {
    value = f_.value_and_gradient(x, grad_);
    if (!std::isfinite(value) || !grad_.allFinite()) return std::nullopt;
    return grad_.norm();
  }

  /// The critical point Newton reaches from `x`, or nullopt when it diverges, does not
  /// converge within kMaxIterations, or ends outside the box.
  std::optional<Eigen::VectorXd> solve(Eigen::VectorXd x, const SearchBox& box) {
    double far = 0.0;
    for (const auto& [lo, hi] : box) far = std::max({far, std::abs(lo), std::abs(hi)});
    far = 1e6 * (1.0 + far);
    bool converged = false;
    double norm = 0.0;
    for (int it = 0; it <= kMaxIterations; ++it) {
      double value = 0.0;
      const auto g = gradient_norm(x, value);
      if (!g) return std::nullopt;
      norm = *g;
      if (norm <= kGradTol * std::max(1.0, std::abs(value))) {
        converged = true;
        break;
      }
      if (it == kMaxIterations) break;
      newton_step(x);
      x -= step_;
      if (!x.allFinite() || x.lpNorm<Eigen::Infinity>() > far) return std::nullopt;
    }
    if (!converged) return std::nullopt;
    polish(x, norm);
    if (!inside(box, x)) return std::nullopt;
    return x;
  }

 private:
  /// step_ = H^+ g at x (grad_ must hold the gradient at x).
  void newton_step(const Eigen::VectorXd& x) {
    if (diagonal_) {
      const Eigen::VectorXd d = *f_.diagonal_hessian(x);
      // The pseudo-inverse of a diagonal matrix, with the threshold Eigen's rank-revealing
      // decompositions use: pivots below eps * n * max |d| count as zero.
      const double threshold =
          Eigen::NumTraits<double>::epsilon() * static_cast<double>(n_) * d.cwiseAbs().maxCoeff();
      for (Eigen::Index i = 0; i < n_; ++i) {
        step_(i) = std::abs(d(i)) > threshold ? grad_(i) / d(i) : 0.0;
      }
      return;
    }
    f_.hessian(x, hess_);
    cod_.compute(hess_);
    step_ = cod_.solve(grad_);
  }

  /// More Newton steps, each kept only while it shrinks the gradient: one or two at a
  /// nondegenerate point (quadratic convergence reaches rounding at once), many at a degenerate
  /// one, where Newton converges only linearly and the stopping test fires early (the monkey
  /// saddle's gradient is ~|x|^2, so ||g|| = 1e-14 at |x| = 1e-7, where the Hessian's
  /// eigenvalues are +-5e-7 and would read "saddle" instead of the true "inconclusive" of H = 0).
  /// Then coordinates tiny next to |x| are tried at exactly 0 (a clean 0 instead of 1e-17,
  /// where that is at least as critical).
  void polish(Eigen::VectorXd& x, double norm) {
    double value = 0.0;
    for (int it = 0; it < kPolishIterations && norm > 0.0; ++it) {
      gradient_norm(x, value);
      newton_step(x);
      trial_ = x - step_;
      const auto g = gradient_norm(trial_, value);
      if (!g || !(*g < norm)) break;
      x = trial_;
      norm = *g;
    }
    const double scale = std::max(1.0, x.lpNorm<Eigen::Infinity>());
    trial_ = x;
    bool changed = false;
    for (Eigen::Index i = 0; i < n_; ++i) {
      if (trial_(i) != 0.0 && std::abs(trial_(i)) <= kSnapTol * scale) {
        trial_(i) = 0.0;
        changed = true;
      }
    }
    if (changed) {
      const auto g = gradient_norm(trial_, value);
      if (g && *g <= norm) x = trial_;
    }
  }

  const TestFunction& f_;
  Eigen::Index n_;
  Eigen::VectorXd grad_;
  Eigen::VectorXd step_;
  Eigen::VectorXd trial_;
  bool diagonal_;
  Eigen::MatrixXd hess_;
  Eigen::CompleteOrthogonalDecomposition<Eigen::MatrixXd> cod_;
};

/// One distinct critical point: the best (smallest gradient) of the iterates that reached it.
struct Found {
  Eigen::VectorXd x;
  double grad_norm = 0.0;
};

int class_rank(PointClass c) {
  switch (c) {
    case PointClass::LocalMinimum:
      return 0;
    case PointClass::SaddlePoint:
      return 1;
    case PointClass::LocalMaximum:
      return 2;
    case PointClass::Inconclusive:
      return 3;
  }
  return 4;
}

/// Coordinates rounded to kSameTol for ordering, so two points sharing a coordinate up to
/// rounding noise are ordered by their next coordinate.
std::vector<double> sort_key(const Eigen::VectorXd& x) {
  std::vector<double> key(static_cast<std::size_t>(x.size()));
  for (Eigen::Index i = 0; i < x.size(); ++i) {
    key[static_cast<std::size_t>(i)] = std::round(x(i) / kSameTol);
  }
  return key;
}

}  // namespace

void CriticalPointsExperiment::check(const RunPlan& plan) const {
  if (plan.spec.data) check_network_critical_points(plan);
}

std::vector<TableSpec> CriticalPointsExperiment::tables(const RunPlan& plan) const {
  if (plan.spec.data) return network_critical_point_tables(plan);
  TableSpec runs{"runs.csv", plan.id_columns, true};
  for (auto& column : typed({"n_points", "n_minima", "n_maxima", "n_saddles", "n_inconclusive"},
                            ColumnType::Integer)) {
    runs.columns.push_back(std::move(column));
  }
  runs.columns.push_back({"wall_ms", ColumnType::Number});
  // run_id ties each point to its problem instance and seed in runs.csv (two quadratics share a
  // function name), and lets `optbench merge` interleave shards.
  TableSpec points{"critical_points.csv",
                   {{"run_id", ColumnType::Integer}, {"function", ColumnType::Text}},
                   true};
  points.columns.insert(points.columns.end(), point_columns().begin(), point_columns().end());
  return {runs, points};
}

void CriticalPointsExperiment::run(const RunPlan& plan, const RunSpec& run,
                                   RunRecorder& out) const {
  if (plan.spec.data) {
    run_network_critical_points(plan, run, out);
    return;
  }
  const auto started = std::chrono::steady_clock::now();
  const ProblemInstance& problem = plan.problems[run.problem];
  const auto f = make_problem_function(problem);
  const SearchBox& box = problem.box;

  Rng rng(run_randomness(plan, run).start);
  NewtonSolver newton(*f);
  std::vector<Found> found;
  for (const Eigen::VectorXd& start : make_starts(box, rng)) {
    throw_if_stopped();
    const auto x = newton.solve(start, box);
    if (!x) continue;
    double value = 0.0;
    const double norm = *newton.gradient_norm(*x, value);
    const auto same = std::find_if(found.begin(), found.end(), [&](const Found& p) {
      return (p.x - *x).norm() <= kSameTol * std::max(1.0, p.x.norm());
    });
    if (same == found.end()) {
      found.push_back({*x, norm});
    } else if (norm < same->grad_norm) {
      *same = {*x, norm};
    }
  }

  std::vector<PointReport> reports;
  reports.reserve(found.size());
  for (const Found& p : found)
    reports.push_back(examine_point(*f, p.x, plan.spec.analysis_tol, false));
  std::vector<std::tuple<int, std::vector<double>, std::vector<double>, std::size_t>> order;
  for (std::size_t i = 0; i < reports.size(); ++i) {
    const Eigen::VectorXd& x = reports[i].point;
    order.emplace_back(class_rank(reports[i].analysis.kind), sort_key(x),
                       std::vector<double>(x.data(), x.data() + x.size()), i);
  }
  std::sort(order.begin(), order.end());

  std::size_t counts[4] = {0, 0, 0, 0};  // by class_rank
  for (const auto& entry : order) {
    const PointReport& report = reports[std::get<3>(entry)];
    ++counts[class_rank(report.analysis.kind)];
    std::vector<std::string> cells{problem.function};
    const std::vector<std::string> point = point_cells(report, true);
    cells.insert(cells.end(), point.begin(), point.end());
    out.add_row(kPoints, cells);
  }

  std::string& row = out.begin_row(kRuns);
  const std::vector<std::string> ids = plan.id_cells(run);
  for (std::size_t i = 1; i < ids.size(); ++i) {  // ids[0], the run_id, opens every row
    row += ',';
    append_cell(row, ids[i]);
  }
  for (const std::size_t n : {found.size(), counts[0], counts[2], counts[1], counts[3]}) {
    row += ',';
    row += std::to_string(n);
  }
  row += ',';
  append_number(
      row, std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started)
               .count());
  out.end_row(kRuns);
}

}  // namespace optbench
