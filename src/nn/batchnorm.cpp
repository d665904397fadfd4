#include "optbench/nn/batchnorm.hpp"

#include <string>

#include "optbench/core/error.hpp"

namespace optbench::nn {

BatchNorm1d::BatchNorm1d(Eigen::Index features, double eps, double momentum)
    : features_(features),
      eps_(eps),
      momentum_(momentum),
      mean_(Eigen::VectorXd::Zero(features)),
      var_(Eigen::VectorXd::Zero(features)),
      invstd_(Eigen::VectorXd::Zero(features)),
      scale_(Eigen::VectorXd::Zero(features)),
      mean_dy_(Eigen::VectorXd::Zero(features)),
      mean_dyx_(Eigen::VectorXd::Zero(features)) {}

void BatchNorm1d::reserve(Eigen::Index batch) {
  if (xhat_.cols() < batch) xhat_.resize(features_, batch);
}

void BatchNorm1d::forward_batch(const Eigen::Ref<const Eigen::MatrixXd>& x,
                                const Eigen::Ref<const Eigen::VectorXd>& gamma,
                                const Eigen::Ref<const Eigen::VectorXd>& beta,
                                Eigen::Ref<Eigen::MatrixXd> y) {
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
  const double inv_n = 1.0 / static_cast<double>(n);
  mean_.noalias() = x.rowwise().sum() * inv_n;
  xhat.noalias() = x.colwise() - mean_;
  var_.noalias() = xhat.rowwise().squaredNorm() * inv_n;
  invstd_ = (var_.array() + eps_).sqrt().inverse();
  xhat.array().colwise() *= invstd_.array();
  y.array() = (xhat.array().colwise() * gamma.array()).colwise() + beta.array();
}

void BatchNorm1d::update_running(Eigen::Ref<Eigen::VectorXd> running_mean,
                                 Eigen::Ref<Eigen::VectorXd> running_var) const {
  const double n = static_cast<double>(n_);
  const double m = momentum_;
  running_mean = (1.0 - m) * running_mean + m * mean_;
  // Unbiased variance: sum of squares / (n - 1).
  running_var = (1.0 - m) * running_var + (m * n / (n - 1.0)) * var_;
}

void BatchNorm1d::forward_train(const Eigen::Ref<const Eigen::MatrixXd>& x,
                                const Eigen::Ref<const Eigen::VectorXd>& gamma,
                                const Eigen::Ref<const Eigen::VectorXd>& beta,
                                Eigen::Ref<Eigen::VectorXd> running_mean,
                                Eigen::Ref<Eigen::VectorXd> running_var,
                                Eigen::Ref<Eigen::MatrixXd> y) {
  forward_batch(x, gamma, beta, y);
  update_running(running_mean, running_var);
}

void BatchNorm1d::forward_eval(const Eigen::Ref<const Eigen::MatrixXd>& x,
                               const Eigen::Ref<const Eigen::VectorXd>& gamma,
                               const Eigen::Ref<const Eigen::VectorXd>& beta,
                               const Eigen::Ref<const Eigen::VectorXd>& running_mean,
                               const Eigen::Ref<const Eigen::VectorXd>& running_var,
                               Eigen::Ref<Eigen::MatrixXd> y) {
  const Eigen::Index n = x.cols();
  reserve(n);
  n_ = n;
  train_ = false;
  auto xhat = xhat_.leftCols(n);
  invstd_ = (running_var.array() + eps_).sqrt().inverse();
  xhat.array() = (x.colwise() - running_mean).array().colwise() * invstd_.array();
  y.array() = (xhat.array().colwise() * gamma.array()).colwise() + beta.array();
}

void BatchNorm1d::backward(const Eigen::Ref<const Eigen::MatrixXd>& dy,
                           const Eigen::Ref<const Eigen::VectorXd>& gamma,
                           Eigen::Ref<Eigen::MatrixXd> dx, Eigen::Ref<Eigen::VectorXd> dgamma,
                           Eigen::Ref<Eigen::VectorXd> dbeta) {
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
  const double inv_n = 1.0 / static_cast<double>(n_);
  mean_dy_ = dbeta * inv_n;
  mean_dyx_ = dgamma * inv_n;
  dx.array() =
      ((dy.array().colwise() - mean_dy_.array()) - xhat.array().colwise() * mean_dyx_.array())
          .colwise() *
      scale_.array();
}

}  // namespace optbench::nn
