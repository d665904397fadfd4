#pragma once
// Portable, seeded randomness: the same numbers on every compiler and standard library
// (std::uniform_real_distribution and friends are not specified bit for bit).

#include <cstdint>
#include <initializer_list>
#include <span>
#include <string_view>

#include <Eigen/Core>

namespace optbench {

/// A stable 64-bit hash of a sequence of strings (FNV-1a with a separator, then mixed).
std::uint64_t stable_hash(std::initializer_list<std::string_view> parts);
/// The same hash of a sequence held elsewhere.
std::uint64_t stable_hash(std::span<const std::string_view> parts);

/// xoshiro256** seeded through SplitMix64 (Blackman & Vigna, 2018).
class Rng {
 public:
  explicit Rng(std::uint64_t seed);
  std::uint64_t next();
  /// Uniform in [0, 1) with 53 random bits.
  double uniform();
  /// Standard normal (Marsaglia's polar method).
  double normal();
  /// Fills `out` with a point uniform in the ball of radius `radius` around 0.
  void ball(Eigen::Ref<Eigen::VectorXd> out, double radius);

 private:
  std::uint64_t s_[4];
  double spare_ = 0.0;
  bool has_spare_ = false;
};

}  // namespace optbench
