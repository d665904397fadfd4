#include "optbench/nn/loss.hpp"

#include <algorithm>
#include <cmath>
#include <string>

#include "optbench/core/error.hpp"
#include "optbench/core/suggest.hpp"

namespace optbench::nn {

namespace {

template <typename Scalar>
using MatrixOf = Eigen::Matrix<Scalar, Eigen::Dynamic, Eigen::Dynamic>;

void check_labels(const Eigen::Ref<const Eigen::VectorXi>& labels, Eigen::Index classes) {
  for (Eigen::Index j = 0; j < labels.size(); ++j) {
    if (labels[j] < 0 || labels[j] >= classes) {
      throw Error("data.labels", "label " + std::to_string(labels[j]) + " of sample " +
                                     std::to_string(j) + " is outside 0.." +
                                     std::to_string(classes - 1));
    }
  }
}

/// Stable sigmoid: never exp of a large positive number.
template <typename Scalar>
Scalar sigmoid(Scalar z) {
  if (z >= Scalar(0)) return Scalar(1) / (Scalar(1) + std::exp(-z));
  const Scalar e = std::exp(z);
  return e / (Scalar(1) + e);
}

template <typename Scalar, class Targets>
double bce(const Eigen::Ref<const MatrixOf<Scalar>>& logits, const Targets& t,
           Eigen::Ref<MatrixOf<Scalar>> grad) {
  const Eigen::Index n = logits.cols();
  const Scalar inv_n = Scalar(1) / static_cast<Scalar>(n);
  double sum = 0.0;
  for (Eigen::Index j = 0; j < n; ++j) {
    const Scalar z = logits(0, j);
    const auto y = static_cast<Scalar>(t[j]);
    sum += static_cast<double>(std::max(z, Scalar(0)) - z * y + std::log1p(std::exp(-std::abs(z))));
    grad(0, j) = (sigmoid(z) - y) * inv_n;
  }
  return sum * (1.0 / static_cast<double>(n));
}

/// Column j of `grad` becomes exp(z_j - max z_j); returns the log-sum-exp of z_j.
template <typename Scalar>
Scalar exp_shifted(const Eigen::Ref<const MatrixOf<Scalar>>& logits, Eigen::Index j,
                   Eigen::Ref<MatrixOf<Scalar>>& grad, Scalar& sum) {
  const Scalar m = logits.col(j).maxCoeff();
  grad.col(j).array() = (logits.col(j).array() - m).exp();
  sum = grad.col(j).sum();
  return m + std::log(sum);
}

template <typename Scalar>
double cross_entropy_of(const Eigen::Ref<const MatrixOf<Scalar>>& logits,
                        const Eigen::Ref<const Eigen::VectorXi>& labels,
                        Eigen::Ref<MatrixOf<Scalar>> grad) {
  check_labels(labels, logits.rows());
  const Eigen::Index n = logits.cols();
  const Scalar inv_n = Scalar(1) / static_cast<Scalar>(n);
  double total = 0.0;
  for (Eigen::Index j = 0; j < n; ++j) {
    Scalar sum = 0;
    const Scalar lse = exp_shifted<Scalar>(logits, j, grad, sum);
    const Eigen::Index y = labels[j];
    total += static_cast<double>(lse - logits(y, j));
    grad.col(j) *= inv_n / sum;
    grad(y, j) -= inv_n;
  }
  return total * (1.0 / static_cast<double>(n));
}

template <typename Scalar>
double mse_softmax_of(const Eigen::Ref<const MatrixOf<Scalar>>& logits,
                      const Eigen::Ref<const Eigen::VectorXi>& labels,
                      Eigen::Ref<MatrixOf<Scalar>> grad) {
  check_labels(labels, logits.rows());
  const Eigen::Index n = logits.cols();
  const Eigen::Index c = logits.rows();
  const Scalar inv_n = Scalar(1) / static_cast<Scalar>(n);
  double total = 0.0;
  for (Eigen::Index j = 0; j < n; ++j) {
    Scalar sum = 0;
    exp_shifted<Scalar>(logits, j, grad, sum);
    grad.col(j) /= sum;  // p
    const Eigen::Index y = labels[j];
    Scalar loss = 0;
    Scalar dot = 0;  // <p, r>
    for (Eigen::Index k = 0; k < c; ++k) {
      const Scalar p = grad(k, j);
      const Scalar r = p - (k == y ? Scalar(1) : Scalar(0));
      loss += r * r;
      dot += p * r;
    }
    total += static_cast<double>(loss);
    for (Eigen::Index k = 0; k < c; ++k) {
      const Scalar p = grad(k, j);
      const Scalar r = p - (k == y ? Scalar(1) : Scalar(0));
      grad(k, j) = Scalar(2) * inv_n * p * (r - dot);
    }
  }
  return total * (1.0 / static_cast<double>(n));
}

template <typename Scalar>
double loss_of(Loss loss, const Eigen::Ref<const MatrixOf<Scalar>>& logits,
               const Eigen::Ref<const Eigen::VectorXi>& labels, Eigen::Ref<MatrixOf<Scalar>> grad) {
  switch (loss) {
    case Loss::bce:
      check_labels(labels, 2);
      return bce<Scalar>(logits, labels, grad);
    case Loss::cross_entropy:
      return cross_entropy_of<Scalar>(logits, labels, grad);
    case Loss::mse:
      return mse_softmax_of<Scalar>(logits, labels, grad);
  }
  return 0.0;
}

template <typename Scalar>
Eigen::Index correct_of(const Eigen::Ref<const MatrixOf<Scalar>>& logits,
                        const Eigen::Ref<const Eigen::VectorXi>& labels) {
  Eigen::Index correct = 0;
  for (Eigen::Index j = 0; j < logits.cols(); ++j) {
    Eigen::Index predicted = 0;
    if (logits.rows() == 1) {
      predicted = logits(0, j) > Scalar(0) ? 1 : 0;
    } else {
      logits.col(j).maxCoeff(&predicted);
    }
    if (predicted == labels[j]) ++correct;
  }
  return correct;
}

}  // namespace

std::vector<std::string> loss_names() {
  return {"auto", "bce", "cross_entropy", "mse"};
}

Loss parse_loss(const std::string& name) {
  if (name == "bce") return Loss::bce;
  if (name == "cross_entropy") return Loss::cross_entropy;
  if (name == "mse") return Loss::mse;
  throw Error("model.loss", "unknown loss '" + name + "'" + did_you_mean(name, loss_names()) +
                                "; valid: auto, bce, cross_entropy, mse");
}

const char* loss_name(Loss loss) {
  switch (loss) {
    case Loss::bce:
      return "bce";
    case Loss::cross_entropy:
      return "cross_entropy";
    case Loss::mse:
      return "mse";
  }
  return "?";
}

double bce_with_logits(const Eigen::Ref<const Eigen::MatrixXd>& logits,
                       const Eigen::Ref<const Eigen::VectorXd>& targets,
                       Eigen::Ref<Eigen::MatrixXd> grad) {
  return bce<double>(logits, targets, grad);
}

double bce_with_logits(const Eigen::Ref<const Eigen::MatrixXd>& logits,
                       const Eigen::Ref<const Eigen::VectorXi>& labels,
                       Eigen::Ref<Eigen::MatrixXd> grad) {
  check_labels(labels, 2);
  return bce<double>(logits, labels, grad);
}

double cross_entropy(const Eigen::Ref<const Eigen::MatrixXd>& logits,
                     const Eigen::Ref<const Eigen::VectorXi>& labels,
                     Eigen::Ref<Eigen::MatrixXd> grad) {
  return cross_entropy_of<double>(logits, labels, grad);
}

double mse_softmax(const Eigen::Ref<const Eigen::MatrixXd>& logits,
                   const Eigen::Ref<const Eigen::VectorXi>& labels,
                   Eigen::Ref<Eigen::MatrixXd> grad) {
  return mse_softmax_of<double>(logits, labels, grad);
}

double loss_and_gradient(Loss loss, const Eigen::Ref<const Eigen::MatrixXd>& logits,
                         const Eigen::Ref<const Eigen::VectorXi>& labels,
                         Eigen::Ref<Eigen::MatrixXd> grad) {
  return loss_of<double>(loss, logits, labels, grad);
}

double loss_and_gradient(Loss loss, const Eigen::Ref<const Eigen::MatrixXf>& logits,
                         const Eigen::Ref<const Eigen::VectorXi>& labels,
                         Eigen::Ref<Eigen::MatrixXf> grad) {
  return loss_of<float>(loss, logits, labels, grad);
}

Eigen::Index count_correct(const Eigen::Ref<const Eigen::MatrixXd>& logits,
                           const Eigen::Ref<const Eigen::VectorXi>& labels) {
  return correct_of<double>(logits, labels);
}

Eigen::Index count_correct(const Eigen::Ref<const Eigen::MatrixXf>& logits,
                           const Eigen::Ref<const Eigen::VectorXi>& labels) {
  return correct_of<float>(logits, labels);
}

}  // namespace optbench::nn
