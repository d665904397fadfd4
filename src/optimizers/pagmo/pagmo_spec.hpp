#pragma once
// Private to src/optimizers: what PagmoOptimizer::Spec holds.

#include "optbench/optimizers/pagmo_optimizer.hpp"
#include "pagmo_bridge.hpp"

namespace optbench {

struct PagmoOptimizer::Spec {
  pagmo_bridge::AlgorithmSpec algorithm;
};

}  // namespace optbench
