#include "optbench/nn/dense.hpp"

namespace optbench::nn {

template <typename Scalar>
void BasicDense<Scalar>::forward(const Eigen::Ref<const Vector>& params,
                                 const Eigen::Ref<const Matrix>& x, Eigen::Ref<Matrix> z) const {
  // Bias first, then the product accumulates into it: one pass over z less than z = Wx; z += b.
  z.colwise() = bias(params);
  z.noalias() += weight(params) * x;
}

template <typename Scalar>
void BasicDense<Scalar>::backward_params(const Eigen::Ref<const Matrix>& x,
                                         const Eigen::Ref<const Matrix>& dz,
                                         Eigen::Ref<Vector> grad) const {
  weight_mut(grad).noalias() = dz * x.transpose();
  bias_mut(grad).noalias() = dz.rowwise().sum();
}

template <typename Scalar>
void BasicDense<Scalar>::backward_input(const Eigen::Ref<const Vector>& params,
                                        const Eigen::Ref<const Matrix>& dz,
                                        Eigen::Ref<Matrix> dx) const {
  dx.noalias() = weight(params).transpose() * dz;
}

template struct BasicDense<double>;
template struct BasicDense<float>;

}  // namespace optbench::nn
