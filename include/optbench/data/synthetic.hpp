#pragma once
// Seeded synthetic classification sets: moons, spirals, xor (2-D) and blobs (any dimension).

#include <cstdint>

#include "optbench/data/dataset.hpp"

namespace optbench {

/// Two interleaving half circles (as sklearn's make_moons): n/2 on the upper arc (label 0), the
/// rest on the lower, shifted arc (label 1), plus Gaussian noise of standard deviation `noise`.
Dataset make_moons(Eigen::Index n, double noise, std::uint64_t seed);

/// `classes` spiral arms from the origin to radius 1, each one full turn, rotated 2*pi/classes
/// apart, plus Gaussian noise of standard deviation `noise` per coordinate.
Dataset make_spirals(Eigen::Index n, int classes, double noise, std::uint64_t seed);

/// Four Gaussian clusters (standard deviation `noise`) at (+-1, +-1); label 1 where the cluster's
/// coordinates differ in sign (quadrants II and IV), 0 elsewhere.
Dataset make_xor(Eigen::Index n, double noise, std::uint64_t seed);

/// `classes` Gaussian blobs (standard deviation `noise`) around centres drawn uniformly from
/// [-10, 10]^features (as sklearn's make_blobs).
Dataset make_blobs(Eigen::Index n, int classes, double noise, Eigen::Index features,
                   std::uint64_t seed);

}  // namespace optbench
