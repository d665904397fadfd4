// pagmo::sga, one generation per evolve().

#include <pagmo/algorithms/sga.hpp>

#include "pagmo_algorithms.hpp"

namespace optbench::pagmo_bridge {

pagmo::algorithm genetic_algorithm(const AlgorithmSpec& spec, unsigned seed) {
  const auto& n = spec.numbers;
  const auto& w = spec.words;
  return pagmo::algorithm(pagmo::sga(1u, n.at("cr"), n.at("eta_c"), n.at("m"), n.at("param_m"),
                                     static_cast<unsigned>(n.at("param_s")), w.at("crossover"),
                                     w.at("mutation"), w.at("selection"), seed));
}

}  // namespace optbench::pagmo_bridge
