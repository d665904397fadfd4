#pragma once
// The boundary of liboptbench_pagmo, the shared library that holds every use of pagmo2. Plain
// C++ types only: no Eigen and no pagmo on either side of it.
//
// Why a shared library: pagmo's CMA-ES keeps Eigen matrices that libpagmo allocates with the
// alignment of Debian's generic build (16 bytes), while optbench compiles Eigen for the machine
// (-march=native: 32 bytes with AVX). Code that destroys or copies those matrices must be
// compiled like libpagmo, and no other optbench code may share its inline Eigen functions; so
// it lives here, compiled with libpagmo's flags and hidden symbols, behind this interface.

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#define OPTBENCH_PAGMO_API __attribute__((visibility("default")))

namespace optbench::pagmo_bridge {

/// A pagmo algorithm by optbench's name (genetic, cmaes, differential_evolution,
/// particle_swarm) with its parameters under pagmo's names.
struct AlgorithmSpec {
  std::string name;
  std::map<std::string, double> numbers;
  std::map<std::string, std::string> words;
};

/// f at a point of `dim` coordinates; one call is one evaluation.
using Fitness = std::function<double(const double* x)>;

/// A run of one algorithm on one box-bounded problem.
class OPTBENCH_PAGMO_API Run {
 public:
  virtual ~Run();
  /// One generation (evolve() with gen = 1); returns the champion's value and writes its point.
  virtual double evolve(std::vector<double>& champion) = 0;
};

/// The first population of a run: the start (value given, not evaluated again), then
/// `population` - 1 points uniform in [lower, upper] from pagmo's random_decision_vector with
/// `population_seed`, each evaluated; and the algorithm seeded `algorithm_seed`. Writes the
/// champion's point and returns its value. Throws std::invalid_argument for an unknown name.
OPTBENCH_PAGMO_API std::unique_ptr<Run> start_run(
    const AlgorithmSpec& spec, unsigned algorithm_seed, unsigned population_seed,
    std::int64_t population, const std::vector<double>& lower, const std::vector<double>& upper,
    const std::vector<double>& start, double start_value, Fitness fitness,
    std::vector<double>& champion, double& champion_value);

}  // namespace optbench::pagmo_bridge
