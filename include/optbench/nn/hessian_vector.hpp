#pragma once
// Exact Hessian-vector products and the dense Hessian of an Mlp's evaluation-mode loss, by
// Pearlmutter's R-operator (forward-mode differentiation of the backward pass).

#include <vector>

#include <Eigen/Core>

#include "optbench/nn/mlp.hpp"

namespace optbench::nn {

/// The curvature of the loss Mlp::eval_loss_and_gradient() takes: batch norm in evaluation mode
/// (the running statistics, held constant: they are buffers, not parameters; without
/// track_running_stats the batch's own statistics, differentiated through as torch does), no
/// dropout. hessian_vector_product() carries R{.} = d/dt (.)(params + t v) at t = 0 through the
/// forward pass, the loss and the backward pass (Pearlmutter 1994, "Fast exact multiplication
/// by the Hessian"), so H v is exact to rounding for the network as it computes: ReLU's second
/// derivative is 0 and its derivative 1[out > 0], as torch's autograd takes them. One product
/// costs about three gradients (the two extra matrix products per dense layer and pass).
///
/// The object reads the model's structure and its running statistics (state()) at each call,
/// so one object follows a model through training. Workspaces grow to the largest batch.
class MlpHessian {
 public:
  explicit MlpHessian(const Mlp& model);

  Eigen::Index parameter_count() const { return parameter_count_; }

  /// The eval-mode mean loss and its gradient (the same numbers as Mlp::eval_loss_and_gradient).
  double loss_and_gradient(const Eigen::Ref<const Eigen::VectorXd>& params,
                           const Eigen::Ref<const Eigen::MatrixXd>& x,
                           const Eigen::Ref<const Eigen::VectorXi>& y,
                           Eigen::Ref<Eigen::VectorXd> grad);

  /// hv = H v, exactly; returns the loss. `v` and `hv` must not alias.
  double hessian_vector_product(const Eigen::Ref<const Eigen::VectorXd>& params,
                                const Eigen::Ref<const Eigen::MatrixXd>& x,
                                const Eigen::Ref<const Eigen::VectorXi>& y,
                                const Eigen::Ref<const Eigen::VectorXd>& v,
                                Eigen::Ref<Eigen::VectorXd> hv);

  /// The dense Hessian (parameters x parameters), column i the derivative of the gradient along
  /// the i-th unit vector, symmetrised ((H + H^T)/2 removes the rounding asymmetry only).
  /// Throws std::invalid_argument above kDenseHessianParameters parameters.
  void hessian(const Eigen::Ref<const Eigen::VectorXd>& params,
               const Eigen::Ref<const Eigen::MatrixXd>& x,
               const Eigen::Ref<const Eigen::VectorXi>& y, Eigen::Ref<Eigen::MatrixXd> h);

 private:
  struct Layer {
    Eigen::Index in = 0;
    Eigen::Index out = 0;
    Eigen::Index weight = 0;  // offsets in the flat parameters
    Eigen::Index bias = 0;
    Eigen::Index gamma = -1;  // -1: no affine batch norm
    Eigen::Index beta = -1;
    Eigen::Index running_mean = -1;  // offsets in the model's state, -1: batch statistics
    Eigen::Index running_var = -1;
    // Forward values and their R-derivatives (out x batch).
    Eigen::MatrixXd z, rz;        // dense output
    Eigen::MatrixXd pre, rpre;    // input of the activation
    Eigen::MatrixXd act, ract;    // activation output
    Eigen::MatrixXd xhat, rxhat;  // normalised batch-norm input
    Eigen::MatrixXd norm, rnorm;  // batch-norm output
    Eigen::VectorXd invstd, rinvstd;
    Eigen::MatrixXd d, rd;  // backward: dLoss/d(current stage)
    const Eigen::MatrixXd* output = nullptr;
    const Eigen::MatrixXd* routput = nullptr;
  };

  double run(const Eigen::Ref<const Eigen::VectorXd>& params,
             const Eigen::Ref<const Eigen::MatrixXd>& x, const Eigen::Ref<const Eigen::VectorXi>& y,
             const Eigen::VectorXd* v, Eigen::Ref<Eigen::VectorXd> grad, Eigen::VectorXd* hv);
  void batchnorm_forward(Layer& l, const Eigen::Ref<const Eigen::VectorXd>& params,
                         const Eigen::VectorXd* v, const Eigen::MatrixXd& in,
                         const Eigen::MatrixXd& rin);
  void batchnorm_backward(Layer& l, const Eigen::Ref<const Eigen::VectorXd>& params,
                          const Eigen::VectorXd* v, Eigen::Ref<Eigen::VectorXd> grad,
                          Eigen::VectorXd* hv);

  const Mlp* model_;
  Eigen::Index parameter_count_ = 0;
  Activation activation_;
  BatchNormPlacement placement_;
  Loss loss_;
  double eps_ = 0.0;
  std::vector<Layer> layers_;  // hidden layers, then the output layer (no activation)
  Eigen::MatrixXd logits_, rlogits_, dlogits_, rdlogits_;
  Eigen::VectorXd grad_work_;
};

/// The dense Hessian is formed up to this many parameters (the full eigen-decomposition of a
/// 2000 x 2000 matrix takes a few seconds).
inline constexpr Eigen::Index kDenseHessianParameters = 2000;

}  // namespace optbench::nn
