#pragma once
// The keys of a classification config's model: and train: sections, with defaults and ranges;
// each can be a grid axis like a hyperparameter.

#include <vector>

#include "optbench/core/setting.hpp"

namespace optbench {

/// model: hidden, activation, batchnorm (with batchnorm_eps, batchnorm_momentum, batchnorm_affine,
/// batchnorm_track_running_stats: BatchNorm1d's arguments), init, loss, dropout.
const std::vector<ParamSpec>& model_param_specs();

/// train: epochs, batch_size, target_accuracy (0: no target).
const std::vector<ParamSpec>& train_param_specs();

/// data: test_fraction, standardize (the data set's own parameters come from its registry entry).
const std::vector<ParamSpec>& split_param_specs();

}  // namespace optbench
