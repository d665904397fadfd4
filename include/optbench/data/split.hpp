#pragma once
// Stratified train/test split and standardisation fitted on the training part.

#include <cstdint>

#include "optbench/data/dataset.hpp"

namespace optbench {

/// A data set cut into a training and a test part (same classes and features).
struct Split {
  Dataset train;
  Dataset test;
};

/// Per class, shuffles the samples (Fisher-Yates with Rng(seed)) and puts round(test_fraction *
/// class size) of them in test, keeping at least one in train; both parts keep the original sample
/// order. test_fraction must be in [0, 1); an empty data set is an Error.
Split stratified_split(const Dataset& data, double test_fraction, std::uint64_t seed);

/// Per-feature mean and scale fitted on a training part.
struct Standardizer {
  Eigen::VectorXd mean;
  Eigen::VectorXd scale;  ///< population standard deviation; 1 for a constant feature

  /// x <- (x - mean) / scale, column by column.
  void apply(Eigen::MatrixXd& x) const;
};

/// Fits mean and population standard deviation per feature on `train` (an empty one is an Error).
Standardizer fit_standardizer(const Dataset& train);

/// Standardises both parts with the training statistics: train gets mean 0 and standard deviation
/// 1 per feature; a constant feature is only centred.
void standardize(Split& split);

}  // namespace optbench
