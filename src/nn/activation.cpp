#include "optbench/nn/activation.hpp"

#include "optbench/core/error.hpp"
#include "optbench/core/suggest.hpp"

namespace optbench::nn {

std::vector<std::string> activation_names() {
  return {"relu", "tanh", "sigmoid"};
}

Activation parse_activation(const std::string& name) {
  if (name == "relu") return Activation::relu;
  if (name == "tanh") return Activation::tanh;
  if (name == "sigmoid") return Activation::sigmoid;
  throw Error("model.activation", "unknown activation '" + name + "'" +
                                      did_you_mean(name, activation_names()) +
                                      "; valid: relu, tanh, sigmoid");
}

const char* activation_name(Activation a) {
  switch (a) {
    case Activation::relu:
      return "relu";
    case Activation::tanh:
      return "tanh";
    case Activation::sigmoid:
      return "sigmoid";
  }
  return "?";
}

void activation_forward(Activation a, const Eigen::Ref<const Eigen::MatrixXd>& in,
                        Eigen::Ref<Eigen::MatrixXd> out) {
  switch (a) {
    case Activation::relu:
      out = in.cwiseMax(0.0);
      break;
    case Activation::tanh:
      out = in.array().tanh().matrix();
      break;
    case Activation::sigmoid:
      out = ((-in.array()).exp() + 1.0).inverse().matrix();
      break;
  }
}

void activation_backward(Activation a, const Eigen::Ref<const Eigen::MatrixXd>& out,
                         Eigen::Ref<Eigen::MatrixXd> grad) {
  switch (a) {
    case Activation::relu:
      grad = (out.array() > 0.0).select(grad, 0.0);
      break;
    case Activation::tanh:
      grad.array() *= 1.0 - out.array().square();
      break;
    case Activation::sigmoid:
      grad.array() *= out.array() * (1.0 - out.array());
      break;
  }
}

}  // namespace optbench::nn
