#pragma once
// A fully connected layer over one flat parameter vector (no copies: Eigen::Map views).

#include <Eigen/Core>

namespace optbench::nn {

/// z = W x + b for a batch x (features x batch, one sample per column). W (out x in, column-major)
/// starts at `offset` in the flat parameter vector and b (out) follows it; the gradient vector
/// has the same layout. Scalar is double or float (explicitly instantiated for both).
template <typename Scalar>
struct BasicDense {
  using Vector = Eigen::Matrix<Scalar, Eigen::Dynamic, 1>;
  using Matrix = Eigen::Matrix<Scalar, Eigen::Dynamic, Eigen::Dynamic>;

  Eigen::Index in = 0;
  Eigen::Index out = 0;
  Eigen::Index offset = 0;

  Eigen::Index weight_offset() const { return offset; }
  Eigen::Index bias_offset() const { return offset + in * out; }
  Eigen::Index parameter_count() const { return out * (in + 1); }

  Eigen::Map<const Matrix> weight(const Eigen::Ref<const Vector>& params) const {
    return {params.data() + weight_offset(), out, in};
  }
  Eigen::Map<const Vector> bias(const Eigen::Ref<const Vector>& params) const {
    return {params.data() + bias_offset(), out};
  }
  /// Writable views of this layer's blocks in a flat vector (a gradient, or parameters to set).
  Eigen::Map<Matrix> weight_mut(Eigen::Ref<Vector> v) const {
    return {v.data() + weight_offset(), out, in};
  }
  Eigen::Map<Vector> bias_mut(Eigen::Ref<Vector> v) const {
    return {v.data() + bias_offset(), out};
  }

  /// z = W x + b (z: out x batch; must not alias x).
  void forward(const Eigen::Ref<const Vector>& params, const Eigen::Ref<const Matrix>& x,
               Eigen::Ref<Matrix> z) const;
  /// Writes (does not accumulate) dW = dz x^T and db = dz 1 into this layer's block of `grad`.
  void backward_params(const Eigen::Ref<const Matrix>& x, const Eigen::Ref<const Matrix>& dz,
                       Eigen::Ref<Vector> grad) const;
  /// dx = W^T dz (dx: in x batch; must not alias dz).
  void backward_input(const Eigen::Ref<const Vector>& params, const Eigen::Ref<const Matrix>& dz,
                      Eigen::Ref<Matrix> dx) const;
};

using Dense = BasicDense<double>;

extern template struct BasicDense<double>;
extern template struct BasicDense<float>;

}  // namespace optbench::nn
