#include "optbench/optimizers/pagmo_optimizer.hpp"

#include <stdexcept>

#include "pagmo_adapter.hpp"

namespace optbench {

struct PagmoOptimizer::Run {
  pagmo::algorithm algorithm;
  pagmo::population population;
};

PagmoOptimizer::PagmoOptimizer(std::string name, std::int64_t population,
                               std::unique_ptr<Algorithm> algorithm)
    : Optimizer(0.0),
      name_(std::move(name)),
      population_(population),
      algorithm_(std::move(algorithm)) {}

PagmoOptimizer::~PagmoOptimizer() = default;

void PagmoOptimizer::allocate(Eigen::Index n, Precision /*precision*/) {
  run_.reset();
  size_ = n;
}

void PagmoOptimizer::step(Eigen::Ref<Eigen::VectorXd> /*params*/,
                          Eigen::Ref<const Eigen::VectorXd> /*grad*/) {
  throw std::logic_error(name_ + " evaluates the function itself: use step_with_objective");
}

double PagmoOptimizer::begin_with_objective(Eigen::Ref<Eigen::VectorXd> x, Objective& objective) {
  if (x.size() != size_ || objective.dim() != size_) {
    throw std::logic_error(name_ + ": begin on " + std::to_string(x.size()) +
                           " coordinates after reset(" + std::to_string(size_) + ")");
  }
  x = x.cwiseMax(objective.lower()).cwiseMin(objective.upper());
  const double start_value = objective.value(x);
  pagmo::population population(pagmo::problem(ObjectiveProblem{&objective}), 0u,
                               population_seed(seed_));
  population.push_back(pagmo::vector_double(x.data(), x.data() + x.size()), {start_value});
  for (std::int64_t i = 1; i < population_; ++i) {
    population.push_back(population.random_decision_vector());
  }
  run_ = std::make_unique<Run>(Run{algorithm_->make(algorithm_seed(seed_)), std::move(population)});
  x = Eigen::Map<const Eigen::VectorXd>(run_->population.champion_x().data(), size_);
  return run_->population.champion_f()[0];
}

double PagmoOptimizer::step_with_objective(Eigen::Ref<Eigen::VectorXd> x, Objective& /*objective*/) {
  if (!run_) throw std::logic_error(name_ + ": step_with_objective before begin_with_objective");
  run_->population = run_->algorithm.evolve(run_->population);
  x = Eigen::Map<const Eigen::VectorXd>(run_->population.champion_x().data(), size_);
  return run_->population.champion_f()[0];
}

}  // namespace optbench
