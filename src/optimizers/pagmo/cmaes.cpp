// pagmo::cmaes, one generation per evolve(), the adapted state kept between them.

#include <pagmo/algorithms/cmaes.hpp>

#include "pagmo_algorithms.hpp"

namespace optbench::pagmo_bridge {

pagmo::algorithm cmaes_algorithm(const AlgorithmSpec& spec, unsigned seed) {
  const auto& n = spec.numbers;
  // ftol = xtol = 0: pagmo's early exits return without evaluating anything, a step that costs
  // nothing; optbench's stop rules end the run instead. Samples are clipped into the box.
  constexpr bool memory = true;
  constexpr bool force_bounds = true;
  return pagmo::algorithm(pagmo::cmaes(1u, n.at("cc"), n.at("cs"), n.at("c1"), n.at("cmu"),
                                       n.at("sigma0"), 0.0, 0.0, memory, force_bounds, seed));
}

}  // namespace optbench::pagmo_bridge
