#include "optbench/nn/dense.hpp"

namespace optbench::nn {

void Dense::forward(const Eigen::Ref<const Eigen::VectorXd>& params,
                    const Eigen::Ref<const Eigen::MatrixXd>& x,
                    Eigen::Ref<Eigen::MatrixXd> z) const {
  // Bias first, then the product accumulates into it: one pass over z less than z = Wx; z += b.
  z.colwise() = bias(params);
  z.noalias() += weight(params) * x;
}

void Dense::backward_params(const Eigen::Ref<const Eigen::MatrixXd>& x,
                            const Eigen::Ref<const Eigen::MatrixXd>& dz,
                            Eigen::Ref<Eigen::VectorXd> grad) const {
  weight_mut(grad).noalias() = dz * x.transpose();
  bias_mut(grad).noalias() = dz.rowwise().sum();
}

void Dense::backward_input(const Eigen::Ref<const Eigen::VectorXd>& params,
                           const Eigen::Ref<const Eigen::MatrixXd>& dz,
                           Eigen::Ref<Eigen::MatrixXd> dx) const {
  dx.noalias() = weight(params).transpose() * dz;
}

}  // namespace optbench::nn
