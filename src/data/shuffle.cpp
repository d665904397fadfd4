#include "optbench/data/shuffle.hpp"

#include <utility>

namespace optbench {

std::uint64_t uniform_below(Rng& rng, std::uint64_t bound) {
  // Reject the lowest (2^64 mod bound) values so that every residue is equally likely.
  const std::uint64_t threshold = (0 - bound) % bound;
  for (;;) {
    const std::uint64_t r = rng.next();
    if (r >= threshold) return r % bound;
  }
}

void shuffle(std::vector<Eigen::Index>& items, Rng& rng) {
  for (std::size_t i = items.size(); i > 1; --i) {
    const auto j = static_cast<std::size_t>(uniform_below(rng, i));
    std::swap(items[i - 1], items[j]);
  }
}

}  // namespace optbench
