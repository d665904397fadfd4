#include "optbench/core/random.hpp"

#include <cmath>

namespace optbench {

namespace {

std::uint64_t splitmix64(std::uint64_t& state) {
  std::uint64_t z = (state += 0x9E3779B97F4A7C15ULL);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

std::uint64_t rotl(std::uint64_t x, int k) {
  return (x << k) | (x >> (64 - k));
}

}  // namespace

std::uint64_t stable_hash(std::initializer_list<std::string_view> parts) {
  return stable_hash(std::span<const std::string_view>(parts.begin(), parts.size()));
}

std::uint64_t stable_hash(std::span<const std::string_view> parts) {
  std::uint64_t h = 0xCBF29CE484222325ULL;
  for (std::string_view part : parts) {
    for (unsigned char c : part) {
      h ^= c;
      h *= 0x100000001B3ULL;
    }
    h ^= 0xFF;  // separator: ("ab", "c") and ("a", "bc") differ
    h *= 0x100000001B3ULL;
  }
  return splitmix64(h);
}

Rng::Rng(std::uint64_t seed) {
  for (auto& s : s_) s = splitmix64(seed);
}

std::uint64_t Rng::next() {
  const std::uint64_t result = rotl(s_[1] * 5, 7) * 9;
  const std::uint64_t t = s_[1] << 17;
  s_[2] ^= s_[0];
  s_[3] ^= s_[1];
  s_[1] ^= s_[2];
  s_[0] ^= s_[3];
  s_[2] ^= t;
  s_[3] = rotl(s_[3], 45);
  return result;
}

double Rng::uniform() {
  return static_cast<double>(next() >> 11) * 0x1.0p-53;
}

double Rng::normal() {
  if (has_spare_) {
    has_spare_ = false;
    return spare_;
  }
  double u = 0.0;
  double v = 0.0;
  double s = 0.0;
  do {
    u = 2.0 * uniform() - 1.0;
    v = 2.0 * uniform() - 1.0;
    s = u * u + v * v;
  } while (s >= 1.0 || s == 0.0);
  const double factor = std::sqrt(-2.0 * std::log(s) / s);
  spare_ = v * factor;
  has_spare_ = true;
  return u * factor;
}

void Rng::ball(Eigen::Ref<Eigen::VectorXd> out, double radius) {
  if (out.size() == 0) return;
  double norm = 0.0;
  do {
    for (Eigen::Index i = 0; i < out.size(); ++i) out[i] = normal();
    norm = out.norm();
  } while (norm == 0.0);
  const double r = radius * std::pow(uniform(), 1.0 / static_cast<double>(out.size()));
  out *= r / norm;
}

}  // namespace optbench
