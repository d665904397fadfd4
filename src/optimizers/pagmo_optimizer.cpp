#include "optbench/optimizers/pagmo_optimizer.hpp"

#include <stdexcept>

#include "optbench/optimizers/objective.hpp"
#include "pagmo/pagmo_spec.hpp"

namespace optbench {

struct PagmoOptimizer::Run {
  std::unique_ptr<pagmo_bridge::Run> run;
  std::vector<double> champion;
};

PagmoOptimizer::PagmoOptimizer(std::int64_t population, std::unique_ptr<Spec> spec)
    : Optimizer(0.0), population_(population), spec_(std::move(spec)) {}

PagmoOptimizer::~PagmoOptimizer() = default;

void PagmoOptimizer::allocate(Eigen::Index n, Precision /*precision*/) {
  run_.reset();
  size_ = n;
}

void PagmoOptimizer::step(Eigen::Ref<Eigen::VectorXd> /*params*/,
                          Eigen::Ref<const Eigen::VectorXd> /*grad*/) {
  throw std::logic_error(spec_->algorithm.name +
                         " evaluates the function itself: use step_with_objective");
}

double PagmoOptimizer::begin_with_objective(Eigen::Ref<Eigen::VectorXd> x, Objective& objective) {
  if (x.size() != size_ || objective.dim() != size_) {
    throw std::logic_error(spec_->algorithm.name + ": begin on " + std::to_string(x.size()) +
                           " coordinates after reset(" + std::to_string(size_) + ")");
  }
  x = x.cwiseMax(objective.lower()).cwiseMin(objective.upper());
  const double start_value = objective.value(x);
  const auto as_vector = [](const Eigen::VectorXd& v) {
    return std::vector<double>(v.data(), v.data() + v.size());
  };
  const Eigen::Index n = size_;
  auto fitness = [&objective, n](const double* point) {
    return objective.value(Eigen::Map<const Eigen::VectorXd>(point, n));
  };
  run_ = std::make_unique<Run>();
  double champion_value = 0.0;
  run_->run = pagmo_bridge::start_run(
      spec_->algorithm, algorithm_seed(seed_), population_seed(seed_), population_,
      as_vector(objective.lower()), as_vector(objective.upper()), as_vector(x), start_value,
      fitness, run_->champion, champion_value);
  x = Eigen::Map<const Eigen::VectorXd>(run_->champion.data(), size_);
  return champion_value;
}

double PagmoOptimizer::step_with_objective(Eigen::Ref<Eigen::VectorXd> x,
                                           Objective& /*objective*/) {
  if (!run_) {
    throw std::logic_error(spec_->algorithm.name +
                           ": step_with_objective before begin_with_objective");
  }
  const double value = run_->run->evolve(run_->champion);
  x = Eigen::Map<const Eigen::VectorXd>(run_->champion.data(), size_);
  return value;
}

}  // namespace optbench
