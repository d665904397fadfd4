#include "optbench/nn/loss.hpp"

#include <algorithm>
#include <cmath>
#include <string>

#include "optbench/core/error.hpp"
#include "optbench/core/suggest.hpp"

namespace optbench::nn {

namespace {

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
double sigmoid(double z) {
  if (z >= 0.0) return 1.0 / (1.0 + std::exp(-z));
  const double e = std::exp(z);
  return e / (1.0 + e);
}

template <class Targets>
double bce(const Eigen::Ref<const Eigen::MatrixXd>& logits, const Targets& t,
           Eigen::Ref<Eigen::MatrixXd> grad) {
  const Eigen::Index n = logits.cols();
  const double inv_n = 1.0 / static_cast<double>(n);
  double sum = 0.0;
  for (Eigen::Index j = 0; j < n; ++j) {
    const double z = logits(0, j);
    const double y = static_cast<double>(t[j]);
    sum += std::max(z, 0.0) - z * y + std::log1p(std::exp(-std::abs(z)));
    grad(0, j) = (sigmoid(z) - y) * inv_n;
  }
  return sum * inv_n;
}

/// Column j of `grad` becomes exp(z_j - max z_j); returns the log-sum-exp of z_j.
double exp_shifted(const Eigen::Ref<const Eigen::MatrixXd>& logits, Eigen::Index j,
                   Eigen::Ref<Eigen::MatrixXd>& grad, double& sum) {
  const double m = logits.col(j).maxCoeff();
  grad.col(j).array() = (logits.col(j).array() - m).exp();
  sum = grad.col(j).sum();
  return m + std::log(sum);
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
  return bce(logits, targets, grad);
}

double bce_with_logits(const Eigen::Ref<const Eigen::MatrixXd>& logits,
                       const Eigen::Ref<const Eigen::VectorXi>& labels,
                       Eigen::Ref<Eigen::MatrixXd> grad) {
  check_labels(labels, 2);
  return bce(logits, labels, grad);
}

double cross_entropy(const Eigen::Ref<const Eigen::MatrixXd>& logits,
                     const Eigen::Ref<const Eigen::VectorXi>& labels,
                     Eigen::Ref<Eigen::MatrixXd> grad) {
  check_labels(labels, logits.rows());
  const Eigen::Index n = logits.cols();
  const double inv_n = 1.0 / static_cast<double>(n);
  double total = 0.0;
  for (Eigen::Index j = 0; j < n; ++j) {
    double sum = 0.0;
    const double lse = exp_shifted(logits, j, grad, sum);
    const Eigen::Index y = labels[j];
    total += lse - logits(y, j);
    grad.col(j) *= inv_n / sum;
    grad(y, j) -= inv_n;
  }
  return total * inv_n;
}

double mse_softmax(const Eigen::Ref<const Eigen::MatrixXd>& logits,
                   const Eigen::Ref<const Eigen::VectorXi>& labels,
                   Eigen::Ref<Eigen::MatrixXd> grad) {
  check_labels(labels, logits.rows());
  const Eigen::Index n = logits.cols();
  const Eigen::Index c = logits.rows();
  const double inv_n = 1.0 / static_cast<double>(n);
  double total = 0.0;
  for (Eigen::Index j = 0; j < n; ++j) {
    double sum = 0.0;
    exp_shifted(logits, j, grad, sum);
    grad.col(j) /= sum;  // p
    const Eigen::Index y = labels[j];
    double loss = 0.0;
    double dot = 0.0;  // <p, r>
    for (Eigen::Index k = 0; k < c; ++k) {
      const double p = grad(k, j);
      const double r = p - (k == y ? 1.0 : 0.0);
      loss += r * r;
      dot += p * r;
    }
    total += loss;
    for (Eigen::Index k = 0; k < c; ++k) {
      const double p = grad(k, j);
      const double r = p - (k == y ? 1.0 : 0.0);
      grad(k, j) = 2.0 * inv_n * p * (r - dot);
    }
  }
  return total * inv_n;
}

double loss_and_gradient(Loss loss, const Eigen::Ref<const Eigen::MatrixXd>& logits,
                         const Eigen::Ref<const Eigen::VectorXi>& labels,
                         Eigen::Ref<Eigen::MatrixXd> grad) {
  switch (loss) {
    case Loss::bce:
      return bce_with_logits(logits, labels, grad);
    case Loss::cross_entropy:
      return cross_entropy(logits, labels, grad);
    case Loss::mse:
      return mse_softmax(logits, labels, grad);
  }
  return 0.0;
}

Eigen::Index count_correct(const Eigen::Ref<const Eigen::MatrixXd>& logits,
                           const Eigen::Ref<const Eigen::VectorXi>& labels) {
  Eigen::Index correct = 0;
  for (Eigen::Index j = 0; j < logits.cols(); ++j) {
    Eigen::Index predicted = 0;
    if (logits.rows() == 1) {
      predicted = logits(0, j) > 0.0 ? 1 : 0;
    } else {
      logits.col(j).maxCoeff(&predicted);
    }
    if (predicted == labels[j]) ++correct;
  }
  return correct;
}

}  // namespace optbench::nn
