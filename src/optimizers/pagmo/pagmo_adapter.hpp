#pragma once
// Private to src/optimizers/pagmo/ and the adapter's test: pagmo's problem over an optbench
// Objective, and the algorithm factory behind PagmoOptimizer. The only place pagmo's headers
// are included from.

#include <functional>
#include <string>
#include <utility>

#include <pagmo/algorithm.hpp>
#include <pagmo/population.hpp>
#include <pagmo/problem.hpp>
#include <pagmo/types.hpp>

#include "optbench/optimizers/objective.hpp"
#include "optbench/optimizers/pagmo_optimizer.hpp"

namespace optbench {

/// A pagmo user-defined problem: minimise an Objective over its box, one counted evaluation per
/// fitness call. Copies share the Objective (pagmo copies problems into populations).
struct ObjectiveProblem {
  Objective* objective = nullptr;

  pagmo::vector_double fitness(const pagmo::vector_double& x) const {
    const Eigen::Map<const Eigen::VectorXd> point(x.data(), static_cast<Eigen::Index>(x.size()));
    return {objective->value(point)};
  }
  std::pair<pagmo::vector_double, pagmo::vector_double> get_bounds() const {
    const Eigen::VectorXd& low = objective->lower();
    const Eigen::VectorXd& high = objective->upper();
    return {pagmo::vector_double(low.data(), low.data() + low.size()),
            pagmo::vector_double(high.data(), high.data() + high.size())};
  }
  std::string get_name() const { return "optbench objective"; }
};

/// The pagmo algorithm of one run, built from the algorithm seed.
class PagmoOptimizer::Algorithm {
 public:
  explicit Algorithm(std::function<pagmo::algorithm(unsigned seed)> make) : make(std::move(make)) {}
  std::function<pagmo::algorithm(unsigned seed)> make;
};

}  // namespace optbench
