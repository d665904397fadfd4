#pragma once
// Unbiased integers and Fisher-Yates shuffles from optbench's portable Rng.

#include <cstdint>
#include <vector>

#include <Eigen/Core>

#include "optbench/core/random.hpp"

namespace optbench {

/// Uniform in [0, bound) without modulo bias (bound > 0).
std::uint64_t uniform_below(Rng& rng, std::uint64_t bound);

/// Shuffles `items` in place (Fisher-Yates, from the back), the same on every platform.
void shuffle(std::vector<Eigen::Index>& items, Rng& rng);

}  // namespace optbench
