#include "network_critical_points.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <string>

#include <Eigen/Eigenvalues>

#include "classification_experiment.hpp"
#include "optbench/analysis/spectrum.hpp"
#include "optbench/analysis/statistics.hpp"
#include "optbench/core/error.hpp"
#include "optbench/core/random.hpp"
#include "optbench/data/dataset_registry.hpp"
#include "optbench/data/split.hpp"
#include "optbench/io/csv.hpp"
#include "optbench/io/number_format.hpp"
#include "optbench/nn/hessian_vector.hpp"
#include "optbench/nn/mlp.hpp"
#include "optbench/run/interrupt.hpp"
#include "optbench/run/run_randomness.hpp"
#include "symmetric_subspace.hpp"

namespace optbench {

namespace {

constexpr std::size_t kRuns = 0;
constexpr std::size_t kPoints = 1;
constexpr int kNewtonIterations = 150;
constexpr double kGradTol = 1e-7;
constexpr double kWarmLr = 0.5;
// Saddle-free Newton's step -V diag(1/(|l| + d)) V^T g, d = min(kDamping, ||g||): damped far
// from a critical point, Newton's quadratic convergence near one. Capped at kMaxStep.
constexpr double kDamping = 1e-3;
constexpr double kMaxStep = 0.5;
constexpr double kTieProbability = 0.4;
// L2 penalty (lambda/2)|theta|^2 on the searched loss: without it a separable training set's
// loss keeps falling as the weights grow, and Newton on |g| walks off to infinity.
constexpr double kWeightDecay = 1e-3;

void cell(std::string& row, double value) {
  row += ',';
  append_number(row, value);
}

}  // namespace

std::vector<TableSpec> network_critical_point_tables(const RunPlan& plan) {
  TableSpec runs{"runs.csv", plan.id_columns, true};
  for (auto& column : std::vector<Column>{{"n_starts", ColumnType::Integer},
                                          {"n_points", ColumnType::Integer},
                                          {"spearman_index_loss", ColumnType::Number},
                                          {"wall_ms", ColumnType::Number}}) {
    runs.columns.push_back(std::move(column));
  }
  TableSpec points{"critical_points.csv",
                   {{"run_id", ColumnType::Integer},
                    {"start", ColumnType::Integer},
                    {"warm_steps", ColumnType::Integer},
                    {"units_off", ColumnType::Integer},
                    {"units_tied", ColumnType::Integer},
                    {"loss", ColumnType::Number},
                    {"train_error", ColumnType::Number},
                    {"grad_norm", ColumnType::Number},
                    {"index", ColumnType::Number},
                    {"negative_eigenvalues", ColumnType::Integer},
                    {"min_eigenvalue", ColumnType::Number},
                    {"max_eigenvalue", ColumnType::Number}},
                   true};
  return {runs, points};
}

void check_network_critical_points(const RunPlan& plan) {
  const DataSpec& data = *plan.spec.data;
  const Dataset set = load_dataset(data.dataset, data_params(plan.spec), 0);
  for (const ProblemInstance& p : plan.problems) {
    const nn::Mlp model(mlp_spec(p, set));
    if (model.batchnorm() != nn::BatchNormPlacement::none || model.spec().dropout > 0.0) {
      throw Error(data.where, "model.batchnorm",
                  "critical points of a network are searched without batch norm and dropout "
                  "(the loss must be one function of the weights)");
    }
    if (model.parameter_count() > nn::kDenseHessianParameters) {
      throw Error(data.where, "model.hidden",
                  "Newton on the gradient norm forms the dense Hessian: at most " +
                      std::to_string(nn::kDenseHessianParameters) + " parameters, this model has " +
                      std::to_string(model.parameter_count()));
    }
  }
}

void run_network_critical_points(const RunPlan& plan, const RunSpec& run, RunRecorder& out) {
  const auto started = std::chrono::steady_clock::now();
  const ExperimentSpec& spec = plan.spec;
  const ProblemInstance& problem = plan.problems[run.problem];
  const RunRandomness randomness = run_randomness(plan, run);
  const Dataset data = load_dataset(spec.data->dataset, data_params(spec), randomness.samples);
  Split split = stratified_split(data, spec.data->split.real("test_fraction"), randomness.split);
  if (spec.data->split.flag("standardize")) standardize(split);
  const Dataset& train = split.train;

  nn::Mlp model(mlp_spec(problem, data));
  nn::MlpHessian curvature(model);
  const Eigen::Index n = model.parameter_count();
  Eigen::VectorXd params(n);
  Eigen::VectorXd grad(n);
  Eigen::MatrixXd hessian(n, n);
  Eigen::MatrixXd reduced_hessian;
  Eigen::VectorXd reduced_grad;
  Eigen::VectorXd step;
  Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> eigen;

  std::vector<double> indices;
  std::vector<double> losses;
  for (int start = 0; start < kNetworkStarts; ++start) {
    throw_if_stopped();
    Rng rng(network_start_seed(plan, run, start));
    model.initialize(params, rng);
    const SymmetricSubspace subspace(model, start, kTieProbability, rng);
    subspace.project(params);
    const int warm = start * kNetworkWarmSteps;
    for (int s = 0; s < warm; ++s) {
      curvature.loss_and_gradient(params, train.x, train.y, grad);
      grad += kWeightDecay * params;
      subspace.restrict_gradient(grad);
      params -= kWarmLr * grad;
    }
    // Saddle-free Newton on the loss restricted to the subspace: drawn to the restriction's
    // minima, which are critical points of the whole loss, of an index the subspace sets.
    // Newton on the gradient norm from generic starts ends at gradient-flat points instead
    // (docs/config.md, "kind: critical_points").
    const Eigen::Index k = subspace.reduced_size();
    reduced_hessian.resize(k, k);
    reduced_grad.resize(k);
    curvature.loss_and_gradient(params, train.x, train.y, grad);
    grad += kWeightDecay * params;
    double norm = grad.norm();
    for (int it = 0; it < kNewtonIterations && norm > kGradTol && std::isfinite(norm); ++it) {
      curvature.hessian(params, train.x, train.y, hessian);
      hessian.diagonal().array() += kWeightDecay;
      subspace.reduce_hessian(hessian, reduced_hessian);
      subspace.reduce_gradient(grad, reduced_grad);
      eigen.compute(reduced_hessian);
      const double damping = std::min(kDamping, norm);
      step.noalias() = eigen.eigenvectors().transpose() * reduced_grad;
      step.array() /= -(eigen.eigenvalues().array().abs() + damping);
      reduced_grad.noalias() = eigen.eigenvectors() * step;
      const double length = reduced_grad.norm();
      if (length > kMaxStep) reduced_grad *= kMaxStep / length;
      subspace.add_step(reduced_grad, params);
      curvature.loss_and_gradient(params, train.x, train.y, grad);
      grad += kWeightDecay * params;
      norm = grad.norm();
    }
    if (!(norm <= kGradTol)) continue;
    double accuracy = 0.0;
    const double loss = model.evaluate(params, train.x, train.y, &accuracy) +
                        0.5 * kWeightDecay * params.squaredNorm();
    curvature.hessian(params, train.x, train.y, hessian);
    hessian.diagonal().array() += kWeightDecay;
    const Eigen::VectorXd lambda =
        Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd>(hessian, Eigen::EigenvaluesOnly)
            .eigenvalues();
    const double index = negative_fraction(lambda, spec.hessian_tolerance);
    indices.push_back(index);
    losses.push_back(loss);
    std::string& row = out.begin_row(kPoints);
    row += ',' + std::to_string(start) + ',' + std::to_string(warm) + ',' +
           std::to_string(subspace.units_off()) + ',' + std::to_string(subspace.units_tied());
    cell(row, loss);
    cell(row, 1.0 - accuracy);
    cell(row, norm);
    cell(row, index);
    row += ',' + std::to_string(std::lround(index * static_cast<double>(n)));
    cell(row, lambda(0));
    cell(row, lambda(n - 1));
    out.end_row(kPoints);
  }

  std::string& row = out.begin_row(kRuns);
  const std::vector<std::string> ids = plan.id_cells(run);
  for (std::size_t i = 1; i < ids.size(); ++i) {
    row += ',';
    append_cell(row, ids[i]);
  }
  row += ',' + std::to_string(kNetworkStarts) + ',' + std::to_string(indices.size());
  cell(row, spearman(indices, losses));
  cell(row, std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started)
                .count());
  out.end_row(kRuns);
}

}  // namespace optbench
