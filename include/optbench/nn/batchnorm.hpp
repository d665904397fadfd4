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
/// var_unbiased. Eval mode: the same affine map with the running statistics.
class BatchNorm1d {
 public:
  explicit BatchNorm1d(Eigen::Index features = 0, double eps = 1e-5, double momentum = 0.1);

  Eigen::Index features() const { return features_; }
  double eps() const { return eps_; }
  double momentum() const { return momentum_; }

  /// Train-mode forward with the batch statistics, without touching running statistics.
  /// Needs at least 2 samples (torch refuses 1 too): throws Error("train.batch_size", ...).
  void forward_batch(const Eigen::Ref<const Eigen::MatrixXd>& x,
                     const Eigen::Ref<const Eigen::VectorXd>& gamma,
                     const Eigen::Ref<const Eigen::VectorXd>& beta, Eigen::Ref<Eigen::MatrixXd> y);
  /// Folds the statistics of the last forward_batch() into the running statistics.
  void update_running(Eigen::Ref<Eigen::VectorXd> running_mean,
                      Eigen::Ref<Eigen::VectorXd> running_var) const;
  /// forward_batch() then update_running(): one torch train-mode forward.
  void forward_train(const Eigen::Ref<const Eigen::MatrixXd>& x,
                     const Eigen::Ref<const Eigen::VectorXd>& gamma,
                     const Eigen::Ref<const Eigen::VectorXd>& beta,
                     Eigen::Ref<Eigen::VectorXd> running_mean,
                     Eigen::Ref<Eigen::VectorXd> running_var, Eigen::Ref<Eigen::MatrixXd> y);
  /// Eval-mode forward with the running statistics (left unchanged).
  void forward_eval(const Eigen::Ref<const Eigen::MatrixXd>& x,
                    const Eigen::Ref<const Eigen::VectorXd>& gamma,
                    const Eigen::Ref<const Eigen::VectorXd>& beta,
                    const Eigen::Ref<const Eigen::VectorXd>& running_mean,
                    const Eigen::Ref<const Eigen::VectorXd>& running_var,
                    Eigen::Ref<Eigen::MatrixXd> y);

  /// Backward of the last forward (train or eval mode): writes dgamma = sum dy x_hat,
  /// dbeta = sum dy and dx; `dx` may be `dy`. Train mode:
  /// dx = gamma/sqrt(var + eps) (dy - mean(dy) - x_hat mean(dy x_hat)); eval mode:
  /// dx = gamma/sqrt(running_var + eps) dy.
  void backward(const Eigen::Ref<const Eigen::MatrixXd>& dy,
                const Eigen::Ref<const Eigen::VectorXd>& gamma, Eigen::Ref<Eigen::MatrixXd> dx,
                Eigen::Ref<Eigen::VectorXd> dgamma, Eigen::Ref<Eigen::VectorXd> dbeta);

  /// Statistics of the last forward_batch(): mean and biased variance.
  const Eigen::VectorXd& batch_mean() const { return mean_; }
  const Eigen::VectorXd& batch_var() const { return var_; }

  /// Grows the workspace to hold `batch` samples (forward does it on demand).
  void reserve(Eigen::Index batch);

 private:
  Eigen::Index features_;
  double eps_;
  double momentum_;
  Eigen::Index n_ = 0;
  bool train_ = true;
  Eigen::MatrixXd xhat_;      // features x capacity
  Eigen::VectorXd mean_;      // batch mean
  Eigen::VectorXd var_;       // biased batch variance
  Eigen::VectorXd invstd_;    // 1/sqrt(var + eps) of the last forward (batch or running)
  Eigen::VectorXd scale_;     // gamma * invstd
  Eigen::VectorXd mean_dy_;   // mean over the batch of dy
  Eigen::VectorXd mean_dyx_;  // mean over the batch of dy * x_hat
};

}  // namespace optbench::nn
