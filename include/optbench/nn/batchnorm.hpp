#pragma once
// Batch normalisation over a features x batch matrix, with torch.nn.BatchNorm1d's semantics.

#include <Eigen/Core>

namespace optbench::nn {

/// torch.nn.BatchNorm1d on x (features x batch, one sample per column). gamma, beta and the
/// running statistics live outside (gamma/beta in the flat parameter vector, the running
/// statistics in the model's state); this object keeps only the workspace of the last forward
/// pass (x_hat, 1/sqrt(var + eps)), which backward() needs. Nothing allocates once the workspace
/// has seen the largest batch.
///
/// Train mode: mean and BIASED variance of the batch, y = gamma (x - mean)/sqrt(var + eps) + beta;
/// running_mean = (1 - m) running_mean + m mean, running_var = (1 - m) running_var + m
/// var_unbiased. Eval mode: the same affine map with the running statistics. Scalar is double or
/// float (explicitly instantiated for both; eps and momentum are cast to it).
template <typename Scalar>
class BasicBatchNorm1d {
 public:
  using Vector = Eigen::Matrix<Scalar, Eigen::Dynamic, 1>;
  using Matrix = Eigen::Matrix<Scalar, Eigen::Dynamic, Eigen::Dynamic>;

  explicit BasicBatchNorm1d(Eigen::Index features = 0, double eps = 1e-5, double momentum = 0.1);

  Eigen::Index features() const { return features_; }
  double eps() const { return eps_; }
  double momentum() const { return momentum_; }

  /// Train-mode forward with the batch statistics, without touching running statistics.
  /// Needs at least 2 samples (torch refuses 1 too): throws Error("train.batch_size", ...).
  void forward_batch(const Eigen::Ref<const Matrix>& x, const Eigen::Ref<const Vector>& gamma,
                     const Eigen::Ref<const Vector>& beta, Eigen::Ref<Matrix> y);
  /// Folds the statistics of the last forward_batch() into the running statistics.
  void update_running(Eigen::Ref<Vector> running_mean, Eigen::Ref<Vector> running_var) const;
  /// The same with an explicit factor: torch's exponential_average_factor, 1/batches for its
  /// cumulative average (momentum None).
  void update_running(Eigen::Ref<Vector> running_mean, Eigen::Ref<Vector> running_var,
                      double factor) const;
  /// forward_batch() then update_running(): one torch train-mode forward.
  void forward_train(const Eigen::Ref<const Matrix>& x, const Eigen::Ref<const Vector>& gamma,
                     const Eigen::Ref<const Vector>& beta, Eigen::Ref<Vector> running_mean,
                     Eigen::Ref<Vector> running_var, Eigen::Ref<Matrix> y);
  /// Eval-mode forward with the running statistics (left unchanged).
  void forward_eval(const Eigen::Ref<const Matrix>& x, const Eigen::Ref<const Vector>& gamma,
                    const Eigen::Ref<const Vector>& beta,
                    const Eigen::Ref<const Vector>& running_mean,
                    const Eigen::Ref<const Vector>& running_var, Eigen::Ref<Matrix> y);

  /// Backward of the last forward (train or eval mode): writes dgamma = sum dy x_hat,
  /// dbeta = sum dy and dx; `dx` may be `dy`. Train mode:
  /// dx = gamma/sqrt(var + eps) (dy - mean(dy) - x_hat mean(dy x_hat)); eval mode:
  /// dx = gamma/sqrt(running_var + eps) dy.
  void backward(const Eigen::Ref<const Matrix>& dy, const Eigen::Ref<const Vector>& gamma,
                Eigen::Ref<Matrix> dx, Eigen::Ref<Vector> dgamma, Eigen::Ref<Vector> dbeta);

  /// Statistics of the last forward_batch(): mean and biased variance.
  const Vector& batch_mean() const { return mean_; }
  const Vector& batch_var() const { return var_; }

  /// Grows the workspace to hold `batch` samples (forward does it on demand).
  void reserve(Eigen::Index batch);

 private:
  Eigen::Index features_;
  double eps_;
  double momentum_;
  Eigen::Index n_ = 0;
  bool train_ = true;
  Matrix xhat_;      // features x capacity
  Vector mean_;      // batch mean
  Vector var_;       // biased batch variance
  Vector invstd_;    // 1/sqrt(var + eps) of the last forward (batch or running)
  Vector scale_;     // gamma * invstd
  Vector mean_dy_;   // mean over the batch of dy
  Vector mean_dyx_;  // mean over the batch of dy * x_hat
};

using BatchNorm1d = BasicBatchNorm1d<double>;

extern template class BasicBatchNorm1d<double>;
extern template class BasicBatchNorm1d<float>;

}  // namespace optbench::nn
