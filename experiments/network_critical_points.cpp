#include "network_critical_points.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <limits>
#include <numeric>
#include <string>

#include <Eigen/Eigenvalues>

#include "classification_experiment.hpp"
#include "optbench/analysis/spectrum.hpp"
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

namespace optbench {

namespace {

constexpr std::size_t kRuns = 0;
constexpr std::size_t kPoints = 1;
constexpr int kNewtonIterations = 100;
constexpr double kGradTol = 1e-7;
constexpr double kWarmLr = 0.5;
// L2 penalty (lambda/2)|theta|^2 on the searched loss: without it a separable training set's
// loss keeps falling as the weights grow, and Newton on |g| walks off to infinity.
constexpr double kWeightDecay = 1e-3;

std::vector<double> ranks(const std::vector<double>& v) {
  std::vector<std::size_t> order(v.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(), [&](auto i, auto j) { return v[i] < v[j]; });
  std::vector<double> r(v.size());
  for (std::size_t i = 0; i < order.size();) {
    std::size_t j = i;
    while (j + 1 < order.size() && v[order[j + 1]] == v[order[i]]) ++j;
    const double mean = 0.5 * static_cast<double>(i + j) + 1.0;
    for (std::size_t k = i; k <= j; ++k) r[order[k]] = mean;
    i = j + 1;
  }
  return r;
}

void cell(std::string& row, double value) {
  row += ',';
  append_number(row, value);
}

}  // namespace

double spearman(const std::vector<double>& a, const std::vector<double>& b) {
  if (a.size() != b.size() || a.size() < 2) return std::numeric_limits<double>::quiet_NaN();
  const std::vector<double> ra = ranks(a);
  const std::vector<double> rb = ranks(b);
  const Eigen::Map<const Eigen::VectorXd> x(ra.data(), static_cast<Eigen::Index>(ra.size()));
  const Eigen::Map<const Eigen::VectorXd> y(rb.data(), static_cast<Eigen::Index>(rb.size()));
  const Eigen::VectorXd dx = x.array() - x.mean();
  const Eigen::VectorXd dy = y.array() - y.mean();
  const double denominator = dx.norm() * dy.norm();
  if (!(denominator > 0.0)) return std::numeric_limits<double>::quiet_NaN();
  return dx.dot(dy) / denominator;
}

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
  Eigen::VectorXd trial(n);
  Eigen::VectorXd trial_grad(n);
  Eigen::MatrixXd hessian(n, n);
  Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> eigen(n);

  std::vector<double> indices;
  std::vector<double> losses;
  for (int start = 0; start < kNetworkStarts; ++start) {
    throw_if_stopped();
    Rng rng(network_start_seed(plan, run, start));
    model.initialize(params, rng);
    const int warm = start * kNetworkWarmSteps;
    for (int s = 0; s < warm; ++s) {
      curvature.loss_and_gradient(params, train.x, train.y, grad);
      grad += kWeightDecay * params;
      params -= kWarmLr * grad;
    }
    // Levenberg-Marquardt on g = 0: mu shrinks after a step that lowers ||g||, grows otherwise.
    double norm = 0.0;
    curvature.loss_and_gradient(params, train.x, train.y, grad);
    grad += kWeightDecay * params;
    norm = grad.norm();
    double mu = -1.0;
    for (int it = 0; it < kNewtonIterations && norm > kGradTol && std::isfinite(norm); ++it) {
      curvature.hessian(params, train.x, train.y, hessian);
      hessian.diagonal().array() += kWeightDecay;
      eigen.compute(hessian);
      const Eigen::VectorXd& lambda = eigen.eigenvalues();
      const Eigen::VectorXd coordinates = eigen.eigenvectors().transpose() * grad;
      if (mu < 0.0) mu = 1e-4 * lambda.squaredNorm() / static_cast<double>(n);
      bool moved = false;
      for (int tries = 0; tries < 20 && !moved; ++tries) {
        const Eigen::VectorXd scaled =
            (lambda.array() / (lambda.array().square() + mu)) * coordinates.array();
        trial = params - eigen.eigenvectors() * scaled;
        curvature.loss_and_gradient(trial, train.x, train.y, trial_grad);
        trial_grad += kWeightDecay * trial;
        const double trial_norm = trial_grad.norm();
        if (std::isfinite(trial_norm) && trial_norm < norm) {
          params = trial;
          grad = trial_grad;
          norm = trial_norm;
          mu = std::max(mu / 4.0, 1e-300);
          moved = true;
        } else {
          mu *= 8.0;
        }
      }
      if (!moved) break;
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
    row += ',' + std::to_string(start) + ',' + std::to_string(warm);
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
