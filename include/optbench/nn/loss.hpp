#pragma once
// Losses on logits (one column per sample), mean over the batch, with dLoss/dlogits.

#include <string>
#include <vector>

#include <Eigen/Core>

namespace optbench::nn {

/// bce: sigmoid + binary cross-entropy on ONE output row (two classes); cross_entropy:
/// softmax + cross-entropy on C rows; mse: squared error of softmax(z) against one-hot on C rows.
enum class Loss { bce, cross_entropy, mse };

/// `name` is bce, cross_entropy or mse ("auto" is resolved by the model, not here); throws
/// Error("model.loss", ...) otherwise.
Loss parse_loss(const std::string& name);
const char* loss_name(Loss loss);
/// Every valid loss name in a config, "auto" included.
std::vector<std::string> loss_names();

/// Sigmoid + binary cross-entropy, stable for logits of +-1000:
///   L = (1/n) sum_i [max(z_i, 0) - z_i t_i + log1p(exp(-|z_i|))],  dL/dz_i = (sigmoid(z_i) -
///   t_i)/n.
/// `logits` and `grad` are 1 x n; `targets` (n) may be fractional. Returns L, writes grad.
double bce_with_logits(const Eigen::Ref<const Eigen::MatrixXd>& logits,
                       const Eigen::Ref<const Eigen::VectorXd>& targets,
                       Eigen::Ref<Eigen::MatrixXd> grad);
/// The same with integer labels 0/1 as targets; throws Error("data.labels", ...) for others.
double bce_with_logits(const Eigen::Ref<const Eigen::MatrixXd>& logits,
                       const Eigen::Ref<const Eigen::VectorXi>& labels,
                       Eigen::Ref<Eigen::MatrixXd> grad);

/// Softmax + cross-entropy through log-sum-exp (C x n logits, labels in 0..C-1):
///   L = (1/n) sum_i [logsumexp(z_i) - z_i[y_i]],  dL/dz_i = (softmax(z_i) - onehot(y_i))/n.
double cross_entropy(const Eigen::Ref<const Eigen::MatrixXd>& logits,
                     const Eigen::Ref<const Eigen::VectorXi>& labels,
                     Eigen::Ref<Eigen::MatrixXd> grad);

/// Mean squared error of the softmax probabilities against the one-hot labels, normalised as
/// the MEAN over the batch of the SUM over classes (torch's F.mse_loss(softmax(z), onehot) with
/// reduction "mean" is this divided by C):
///   L = (1/n) sum_i sum_c (p_ci - t_ci)^2,  p_i = softmax(z_i),  r_i = p_i - onehot(y_i),
///   dL/dz_i = (2/n) p_i * (r_i - <p_i, r_i>)   (elementwise product; softmax Jacobian applied).
double mse_softmax(const Eigen::Ref<const Eigen::MatrixXd>& logits,
                   const Eigen::Ref<const Eigen::VectorXi>& labels,
                   Eigen::Ref<Eigen::MatrixXd> grad);

/// Dispatches to the three losses above (bce takes labels 0/1 as targets).
double loss_and_gradient(Loss loss, const Eigen::Ref<const Eigen::MatrixXd>& logits,
                         const Eigen::Ref<const Eigen::VectorXi>& labels,
                         Eigen::Ref<Eigen::MatrixXd> grad);
/// The same on float32 logits: elementwise arithmetic in float, the batch's sum in double.
double loss_and_gradient(Loss loss, const Eigen::Ref<const Eigen::MatrixXf>& logits,
                         const Eigen::Ref<const Eigen::VectorXi>& labels,
                         Eigen::Ref<Eigen::MatrixXf> grad);

/// How many columns of `logits` predict their label: class 1 where the one bce logit is > 0,
/// else the first largest logit.
Eigen::Index count_correct(const Eigen::Ref<const Eigen::MatrixXd>& logits,
                           const Eigen::Ref<const Eigen::VectorXi>& labels);
Eigen::Index count_correct(const Eigen::Ref<const Eigen::MatrixXf>& logits,
                           const Eigen::Ref<const Eigen::VectorXi>& labels);

}  // namespace optbench::nn
