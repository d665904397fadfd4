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

namespace {

template <typename Matrix>
void forward(Activation a, const Eigen::Ref<const Matrix>& in, Eigen::Ref<Matrix> out) {
  using Scalar = typename Matrix::Scalar;
  switch (a) {
    case Activation::relu:
      out = in.cwiseMax(Scalar(0));
      break;
    case Activation::tanh:
      out = in.array().tanh().matrix();
      break;
    case Activation::sigmoid:
      out = ((-in.array()).exp() + Scalar(1)).inverse().matrix();
      break;
  }
}

template <typename Matrix>
void backward(Activation a, const Eigen::Ref<const Matrix>& out, Eigen::Ref<Matrix> grad) {
  using Scalar = typename Matrix::Scalar;
  switch (a) {
    case Activation::relu:
      grad = (out.array() > Scalar(0)).select(grad, Scalar(0));
      break;
    case Activation::tanh:
      grad.array() *= Scalar(1) - out.array().square();
      break;
    case Activation::sigmoid:
      grad.array() *= out.array() * (Scalar(1) - out.array());
      break;
  }
}

}  // namespace

void activation_forward(Activation a, const Eigen::Ref<const Eigen::MatrixXd>& in,
                        Eigen::Ref<Eigen::MatrixXd> out) {
  forward<Eigen::MatrixXd>(a, in, out);
}

void activation_forward(Activation a, const Eigen::Ref<const Eigen::MatrixXf>& in,
                        Eigen::Ref<Eigen::MatrixXf> out) {
  forward<Eigen::MatrixXf>(a, in, out);
}

void activation_backward(Activation a, const Eigen::Ref<const Eigen::MatrixXd>& out,
                         Eigen::Ref<Eigen::MatrixXd> grad) {
  backward<Eigen::MatrixXd>(a, out, grad);
}

void activation_backward(Activation a, const Eigen::Ref<const Eigen::MatrixXf>& out,
                         Eigen::Ref<Eigen::MatrixXf> grad) {
  backward<Eigen::MatrixXf>(a, out, grad);
}

}  // namespace optbench::nn
