#pragma once
// Elementwise activations of hidden layers: forward from the input, backward from the output.

#include <string>
#include <vector>

#include <Eigen/Core>

namespace optbench::nn {

enum class Activation { relu, tanh, sigmoid };

/// The activation called `name` (relu, tanh, sigmoid); throws Error("model.activation", ...)
/// with the nearest valid name for a misspelt one.
Activation parse_activation(const std::string& name);
/// The config name of `a`.
const char* activation_name(Activation a);
/// Every valid activation name.
std::vector<std::string> activation_names();

/// out = f(in), elementwise; `out` may be `in`. The sigmoid is 1/(1 + exp(-x)): 0 (not NaN)
/// for x = -1000.
void activation_forward(Activation a, const Eigen::Ref<const Eigen::MatrixXd>& in,
                        Eigen::Ref<Eigen::MatrixXd> out);
void activation_forward(Activation a, const Eigen::Ref<const Eigen::MatrixXf>& in,
                        Eigen::Ref<Eigen::MatrixXf> out);

/// grad *= f'(x), with the derivative written through out = f(x) (what the forward pass kept):
/// relu 1[out > 0] (0 at 0, as torch), tanh 1 - out^2, sigmoid out (1 - out).
void activation_backward(Activation a, const Eigen::Ref<const Eigen::MatrixXd>& out,
                         Eigen::Ref<Eigen::MatrixXd> grad);
void activation_backward(Activation a, const Eigen::Ref<const Eigen::MatrixXf>& out,
                         Eigen::Ref<Eigen::MatrixXf> grad);

}  // namespace optbench::nn
