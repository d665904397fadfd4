#include "optbench/nn/batchnorm.hpp"

#include <string>

#include "optbench/core/error.hpp"

namespace optbench::nn {

template <typename Scalar>
BasicBatchNorm1d<Scalar>::BasicBatchNorm1d(Eigen::Index features, double eps, double momentum)
    : features_(features),
      eps_(eps),
      momentum_(momentum),
      mean_(Vector::Zero(features)),
      var_(Vector::Zero(features)),
      invstd_(Vector::Zero(features)),
      scale_(Vector::Zero(features)),
      mean_dy_(Vector::Zero(features)),
      mean_dyx_(Vector::Zero(features)) {}

template <typename Scalar>
void BasicBatchNorm1d<Scalar>::reserve(Eigen::Index batch) {
  if (xhat_.cols() < batch) xhat_.resize(features_, batch);
}

template <typename Scalar>
void BasicBatchNorm1d<Scalar>::forward_batch(const Eigen::Ref<const Matrix>& x,
                                             const Eigen::Ref<const Vector>& gamma,
                                             const Eigen::Ref<const Vector>& beta,
                                             Eigen::Ref<Matrix> y) {
  const Eigen::Index n = x.cols();
  if (n < 2) {
    throw Error(
        "train.batch_size",
        "batch norm in training mode needs at least 2 samples per batch, got " + std::to_string(n));
  }
  reserve(n);
  n_ = n;
  train_ = true;
  auto xhat = xhat_.leftCols(n);
  const Scalar inv_n = Scalar(1) / static_cast<Scalar>(n);
  mean_.noalias() = x.rowwise().sum() * inv_n;
  xhat.noalias() = x.colwise() - mean_;
  var_.noalias() = xhat.rowwise().squaredNorm() * inv_n;
  invstd_ = (var_.array() + static_cast<Scalar>(eps_)).sqrt().inverse();
  xhat.array().colwise() *= invstd_.array();
  y.array() = (xhat.array().colwise() * gamma.array()).colwise() + beta.array();
}

template <typename Scalar>
void BasicBatchNorm1d<Scalar>::update_running(Eigen::Ref<Vector> running_mean,
                                              Eigen::Ref<Vector> running_var) const {
  update_running(running_mean, running_var, momentum_);
}

template <typename Scalar>
void BasicBatchNorm1d<Scalar>::update_running(Eigen::Ref<Vector> running_mean,
                                              Eigen::Ref<Vector> running_var, double factor) const {
  const double n = static_cast<double>(n_);
  const auto m = static_cast<Scalar>(factor);
  running_mean = (Scalar(1) - m) * running_mean + m * mean_;
  // Unbiased variance: sum of squares / (n - 1).
  running_var = (Scalar(1) - m) * running_var + static_cast<Scalar>(factor * n / (n - 1.0)) * var_;
}

template <typename Scalar>
void BasicBatchNorm1d<Scalar>::forward_train(const Eigen::Ref<const Matrix>& x,
                                             const Eigen::Ref<const Vector>& gamma,
                                             const Eigen::Ref<const Vector>& beta,
                                             Eigen::Ref<Vector> running_mean,
                                             Eigen::Ref<Vector> running_var, Eigen::Ref<Matrix> y) {
  forward_batch(x, gamma, beta, y);
  update_running(running_mean, running_var);
}

template <typename Scalar>
void BasicBatchNorm1d<Scalar>::forward_eval(const Eigen::Ref<const Matrix>& x,
                                            const Eigen::Ref<const Vector>& gamma,
                                            const Eigen::Ref<const Vector>& beta,
                                            const Eigen::Ref<const Vector>& running_mean,
                                            const Eigen::Ref<const Vector>& running_var,
                                            Eigen::Ref<Matrix> y) {
  const Eigen::Index n = x.cols();
  reserve(n);
  n_ = n;
  train_ = false;
  auto xhat = xhat_.leftCols(n);
  invstd_ = (running_var.array() + static_cast<Scalar>(eps_)).sqrt().inverse();
  xhat.array() = (x.colwise() - running_mean).array().colwise() * invstd_.array();
  y.array() = (xhat.array().colwise() * gamma.array()).colwise() + beta.array();
}

template <typename Scalar>
void BasicBatchNorm1d<Scalar>::backward(const Eigen::Ref<const Matrix>& dy,
                                        const Eigen::Ref<const Vector>& gamma,
                                        Eigen::Ref<Matrix> dx, Eigen::Ref<Vector> dgamma,
                                        Eigen::Ref<Vector> dbeta) {
  const auto xhat = xhat_.leftCols(n_);
  dbeta.noalias() = dy.rowwise().sum();
  dgamma.noalias() = (dy.array() * xhat.array()).matrix().rowwise().sum();
  scale_ = gamma.cwiseProduct(invstd_);  // the scale of dx
  if (!train_) {
    dx.array() = dy.array().colwise() * scale_.array();
    return;
  }
  // dx = gamma invstd (dy - mean(dy) - xhat mean(dy xhat)); dy read before dx is written at
  // every element, so dx may be dy.
  const Scalar inv_n = Scalar(1) / static_cast<Scalar>(n_);
  mean_dy_ = dbeta * inv_n;
  mean_dyx_ = dgamma * inv_n;
  dx.array() =
      ((dy.array().colwise() - mean_dy_.array()) - xhat.array().colwise() * mean_dyx_.array())
          .colwise() *
      scale_.array();
}

template class BasicBatchNorm1d<double>;
template class BasicBatchNorm1d<float>;

}  // namespace optbench::nn
