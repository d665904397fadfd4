// pagmo's population methods called directly, for tests/test_global_optimizers.cpp: the
// reference an optbench adapter must reproduce. Knows nothing of optbench: it writes its own
// problem, Rastrigin (10 D + sum x_i^2 - 10 cos(2 pi x_i) on [-5.12, 5.12]^D), builds the
// first population as the adapter documents it (the start, then random members), and prints
// after every generation: generation, evaluations, champion value, champion coordinates.
//
//   pagmo_direct ALGORITHM POPULATION GENERATIONS ALGORITHM_SEED POPULATION_SEED X0 X1 ...
//
// ALGORITHM: genetic, cmaes, differential_evolution or particle_swarm, at pagmo's defaults
// (ftol = xtol = 0, memory and force_bounds on, as optbench sets them).

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <numbers>
#include <string>
#include <vector>

#include <pagmo/algorithm.hpp>
#include <pagmo/algorithms/cmaes.hpp>
#include <pagmo/algorithms/de.hpp>
#include <pagmo/algorithms/pso.hpp>
#include <pagmo/algorithms/sga.hpp>
#include <pagmo/population.hpp>
#include <pagmo/problem.hpp>

namespace {

struct Rastrigin {
  std::size_t dim = 2;
  pagmo::vector_double fitness(const pagmo::vector_double& x) const {
    double sum = 0.0;
    for (const double xi : x) sum += xi * xi - 10.0 * std::cos(2.0 * std::numbers::pi * xi);
    return {10.0 * static_cast<double>(x.size()) + sum};
  }
  std::pair<pagmo::vector_double, pagmo::vector_double> get_bounds() const {
    return {pagmo::vector_double(dim, -5.12), pagmo::vector_double(dim, 5.12)};
  }
};

pagmo::algorithm algorithm(const std::string& name, unsigned seed) {
  if (name == "genetic") {
    return pagmo::algorithm(
        pagmo::sga(1u, 0.9, 1.0, 0.02, 1.0, 2u, "exponential", "polynomial", "tournament", seed));
  }
  if (name == "cmaes") {
    return pagmo::algorithm(pagmo::cmaes(1u, -1, -1, -1, -1, 0.5, 0.0, 0.0, true, true, seed));
  }
  if (name == "differential_evolution") {
    return pagmo::algorithm(pagmo::de(1u, 0.8, 0.9, 2u, 0.0, 0.0, seed));
  }
  if (name == "particle_swarm") {
    return pagmo::algorithm(pagmo::pso(1u, 0.7298, 2.05, 2.05, 0.5, 5u, 2u, 4u, true, seed));
  }
  std::fprintf(stderr, "pagmo_direct: unknown algorithm %s\n", name.c_str());
  std::exit(2);
}

void print(int generation, const pagmo::population& population) {
  std::printf("%d %llu %.17g", generation,
              static_cast<unsigned long long>(population.get_problem().get_fevals()),
              population.champion_f()[0]);
  for (const double xi : population.champion_x()) std::printf(" %.17g", xi);
  std::printf("\n");
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 7) {
    std::fprintf(stderr,
                 "usage: pagmo_direct ALGORITHM POPULATION GENERATIONS ALGORITHM_SEED "
                 "POPULATION_SEED X0 [X1 ...]\n");
    return 2;
  }
  const std::string name = argv[1];
  const long population = std::strtol(argv[2], nullptr, 10);
  const int generations = std::atoi(argv[3]);
  const auto algorithm_seed = static_cast<unsigned>(std::strtoul(argv[4], nullptr, 10));
  const auto population_seed = static_cast<unsigned>(std::strtoul(argv[5], nullptr, 10));
  pagmo::vector_double start;
  for (int i = 6; i < argc; ++i) start.push_back(std::strtod(argv[i], nullptr));

  pagmo::population pop(pagmo::problem(Rastrigin{start.size()}), 0u, population_seed);
  pop.push_back(start);
  for (long i = 1; i < population; ++i) pop.push_back(pop.random_decision_vector());
  pagmo::algorithm algo = algorithm(name, algorithm_seed);
  print(0, pop);
  for (int g = 1; g <= generations; ++g) {
    pop = algo.evolve(pop);
    print(g, pop);
  }
  return 0;
}
