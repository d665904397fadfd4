#pragma once
// A fully connected layer over one flat parameter vector (no copies: Eigen::Map views).

#include <Eigen/Core>

namespace optbench::nn {

/// z = W x + b for a batch x (features x batch, one sample per column). W (out x in, column-major)
/// starts at `offset` in the flat parameter vector and b (out) follows it; the gradient vector
/// has the same layout.
struct Dense {
  Eigen::Index in = 0;
  Eigen::Index out = 0;
  Eigen::Index offset = 0;

  Eigen::Index weight_offset() const { return offset; }
  Eigen::Index bias_offset() const { return offset + in * out; }
  Eigen::Index parameter_count() const { return out * (in + 1); }

  Eigen::Map<const Eigen::MatrixXd> weight(const Eigen::Ref<const Eigen::VectorXd>& params) const {
    return {params.data() + weight_offset(), out, in};
  }
  Eigen::Map<const Eigen::VectorXd> bias(const Eigen::Ref<const Eigen::VectorXd>& params) const {
    return {params.data() + bias_offset(), out};
  }
  /// Writable views of this layer's blocks in a flat vector (a gradient, or parameters to set).
  Eigen::Map<Eigen::MatrixXd> weight_mut(Eigen::Ref<Eigen::VectorXd> v) const {
    return {v.data() + weight_offset(), out, in};
  }
  Eigen::Map<Eigen::VectorXd> bias_mut(Eigen::Ref<Eigen::VectorXd> v) const {
    return {v.data() + bias_offset(), out};
  }

  /// z = W x + b (z: out x batch; must not alias x).
  void forward(const Eigen::Ref<const Eigen::VectorXd>& params,
               const Eigen::Ref<const Eigen::MatrixXd>& x, Eigen::Ref<Eigen::MatrixXd> z) const;
  /// Writes (does not accumulate) dW = dz x^T and db = dz 1 into this layer's block of `grad`.
  void backward_params(const Eigen::Ref<const Eigen::MatrixXd>& x,
                       const Eigen::Ref<const Eigen::MatrixXd>& dz,
                       Eigen::Ref<Eigen::VectorXd> grad) const;
  /// dx = W^T dz (dx: in x batch; must not alias dz).
  void backward_input(const Eigen::Ref<const Eigen::VectorXd>& params,
                      const Eigen::Ref<const Eigen::MatrixXd>& dz,
                      Eigen::Ref<Eigen::MatrixXd> dx) const;
};

}  // namespace optbench::nn
