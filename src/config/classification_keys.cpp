#include "optbench/config/classification_keys.hpp"

#include <limits>

namespace optbench {

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

ParamSpec text(std::string name, std::string value, std::vector<std::string> choices,
               std::string help) {
  return text_param(std::move(name), std::move(value), std::move(choices), std::move(help));
}

ParamSpec number(std::string name, SettingType type, Setting value, double min, double max,
                 bool max_open, std::string help) {
  return number_param(std::move(name), type, std::move(value), min, max, std::move(help), false,
                      max_open);
}

}  // namespace

const std::vector<ParamSpec>& model_param_specs() {
  static const std::vector<ParamSpec> specs = [] {
    ParamSpec momentum =
        number("batchnorm_momentum", SettingType::Real, 0.1, 0.0, 1.0, false,
               "BatchNorm1d's momentum of the running statistics; null: cumulative average");
    momentum.nullable = true;
    ParamSpec hidden = number("hidden", SettingType::RealList, std::vector<double>{}, 1.0, 1e6,
                              false, "widths of the hidden layers ([] = logistic regression)");
    return std::vector<ParamSpec>{
        hidden,
        text("activation", "relu", {"relu", "tanh", "sigmoid"}, "hidden activation"),
        text("batchnorm", "none", {"none", "before_activation", "after_activation"},
             "BatchNorm1d around each hidden activation"),
        number("batchnorm_eps", SettingType::Real, 1e-5, 0.0, kInf, false,
               "BatchNorm1d's eps, added to the variance"),
        momentum,
        flag_param("batchnorm_affine", true, "BatchNorm1d's affine: learnable gamma and beta"),
        flag_param("batchnorm_track_running_stats", true,
                   "BatchNorm1d's track_running_stats: false normalises with batch statistics "
                   "in evaluation too"),
        text("init", "he", {"he", "xavier", "torch", "small"},
             "weight initialisation (small: xavier x 1e-3, next to the saddle at 0)"),
        text("loss", "auto", {"auto", "bce", "cross_entropy", "mse"},
             "auto: sigmoid + BCE for two classes, softmax + cross-entropy for more"),
        number("dropout", SettingType::Real, 0.0, 0.0, 1.0, true,
               "dropout rate after hidden layers")};
  }();
  return specs;
}

const std::vector<ParamSpec>& train_param_specs() {
  static const std::vector<ParamSpec> specs{
      number("epochs", SettingType::Integer, std::int64_t{10}, 1.0, 1e6, false,
             "passes over the training set"),
      number("batch_size", SettingType::Integer, std::int64_t{32}, 1.0, 1e7, false,
             "samples per step"),
      number("target_accuracy", SettingType::Real, 0.0, 0.0, 1.0, false,
             "test accuracy that counts as success (0: none)"),
      text("dtype", "float64", {"float64", "float32"},
           "floating-point type of the weights, data, gradients and optimizer state")};
  return specs;
}

const std::vector<ParamSpec>& split_param_specs() {
  static const std::vector<ParamSpec> specs = [] {
    const ParamSpec standardize = flag_param(
        "standardize", true, "scale features to mean 0, std 1 with the training part's statistics");
    return std::vector<ParamSpec>{number("test_fraction", SettingType::Real, 0.2, 0.0, 1.0, true,
                                         "share of each class held out"),
                                  standardize};
  }();
  return specs;
}

}  // namespace optbench
