#pragma once
// A multilayer perceptron over one flat parameter vector: dense layers, optional batch norm
// before or after each hidden activation, optional dropout, and a loss on the logits.

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <Eigen/Core>

#include "optbench/core/random.hpp"
#include "optbench/nn/activation.hpp"
#include "optbench/nn/batchnorm.hpp"
#include "optbench/nn/dense.hpp"
#include "optbench/nn/loss.hpp"

namespace optbench::nn {

/// The model keys of a classification config.
struct MlpSpec {
  int inputs = 0;
  std::vector<int> hidden;  ///< widths of the hidden layers; empty = logistic/softmax regression
  int classes = 2;
  std::string activation = "relu";  ///< relu | tanh | sigmoid
  std::string batchnorm = "none";   ///< none | before_activation | after_activation
  // torch.nn.BatchNorm1d's arguments.
  double batchnorm_eps = 1e-5;
  std::optional<double> batchnorm_momentum = 0.1;  ///< nullopt: cumulative average (None)
  bool batchnorm_affine = true;                    ///< false: no gamma, beta parameters
  bool batchnorm_track_running_stats = true;       ///< false: batch statistics in eval too
  std::string init = "he";                         ///< he | xavier | torch | small
  std::string loss = "auto";                       ///< auto | bce | cross_entropy | mse
  double dropout = 0.0;  ///< rate in [0, 1), hidden layers, train mode only
};

enum class BatchNormPlacement { none, before_activation, after_activation };
enum class Init { he, xavier, torch, small };

/// Throw Error("model.batchnorm" / "model.init", ...) with a suggestion for unknown names.
BatchNormPlacement parse_batchnorm(const std::string& name);
Init parse_init(const std::string& name);
std::vector<std::string> batchnorm_names();
std::vector<std::string> init_names();

/// The network. Hidden layer l: Dense -> [BN] -> act -> [BN] -> [dropout]; then a Dense output
/// layer with 1 output for bce (two classes) or `classes` outputs. A batch x is features x batch
/// (one sample per column; a column block of a larger column-major matrix binds without a copy).
///
/// Flat parameter layout, in this order (names as parameter_layout() gives them):
///   for each hidden layer l: layer<l>.weight (out x in, column-major), layer<l>.bias (out),
///                            bn<l>.weight (gamma), bn<l>.bias (beta) when batch norm is on
///                            and affine;
///   then the output layer layer<L>.weight, layer<L>.bias  (L = hidden.size()).
/// A PyTorch Linear's weight (out x in, x W^T + b) has the same shape: copy it element for element.
/// The running statistics are buffers, not parameters: they live in state() (layout
/// state_layout(): bn<l>.running_mean, bn<l>.running_var per batch-norm layer that tracks them;
/// without track_running_stats evaluation normalises with the statistics of the batch it is
/// given, as torch does). With momentum None the running statistics are the cumulative average
/// over the train-mode forwards since reset_state() (torch's num_batches_tracked).
///
/// Workspaces grow to the largest batch seen, so after the first call with a given (or larger)
/// batch size loss_and_gradient() does not allocate. Pass parameters and gradients as
/// contiguous vectors (Vector or a segment of one), or Eigen::Ref makes a copy.
/// Not thread-safe: one Mlp per run. Scalar is double (Mlp) or float (MlpFloat): parameters,
/// gradients, data and workspaces all have that type; losses are returned as double.
template <typename Scalar>
class BasicMlp {
 public:
  using Vector = Eigen::Matrix<Scalar, Eigen::Dynamic, 1>;
  using Matrix = Eigen::Matrix<Scalar, Eigen::Dynamic, Eigen::Dynamic>;

  /// Throws Error("model.<key>", ...) for bad values: inputs/classes/hidden sizes < 1 (classes <
  /// 2), unknown activation/batchnorm/init/loss, bce with more than 2 classes, dropout outside [0,
  /// 1).
  explicit BasicMlp(const MlpSpec& spec);

  const MlpSpec& spec() const { return spec_; }
  Loss loss() const { return loss_; }  ///< "auto" resolved
  Activation activation() const { return activation_; }
  BatchNormPlacement batchnorm() const { return placement_; }
  Eigen::Index inputs() const { return spec_.inputs; }
  Eigen::Index outputs() const { return outputs_; }  ///< 1 for bce, classes otherwise
  Eigen::Index parameter_count() const { return parameter_count_; }

  /// Each trainable block's name and offset in the flat vector, in order.
  std::vector<std::pair<std::string, Eigen::Index>> parameter_layout() const;
  /// Each running-statistics block's name and offset in state().
  std::vector<std::pair<std::string, Eigen::Index>> state_layout() const;
  /// The running statistics (empty without batch norm).
  const Vector& state() const { return state_; }
  void set_state(const Eigen::Ref<const Vector>& state);
  /// Running means back to 0 and variances to 1.
  void reset_state();
  /// Seeds the dropout masks (only drawn in train mode with dropout > 0).
  void seed_dropout(std::uint64_t seed) { dropout_rng_ = Rng(seed); }

  /// Weights: he N(0, 2/fan_in); xavier U(+-sqrt(6/(fan_in + fan_out))); torch (nn.Linear's
  /// default) U(+-1/sqrt(fan_in)) for weights and biases; small: xavier's draws times 1e-3 (a
  /// start next to the saddle at 0, see configs/network_saddle_escape.yaml). Biases 0 (he,
  /// xavier, small), gamma 1,
  /// beta 0; also resets the running statistics. Draws layer by layer, column-major.
  void initialize(Eigen::Ref<Vector> params, Rng& rng);

  /// One train-mode forward and backward: batch statistics in batch norm (and the running
  /// statistics updated once, as torch's forward does), dropout when configured. Returns the mean
  /// loss over the batch and writes its gradient into `grad` (every element).
  double loss_and_gradient(Eigen::Ref<const Vector> params, const Eigen::Ref<const Matrix>& x,
                           const Eigen::Ref<const Eigen::VectorXi>& y, Eigen::Ref<Vector> grad);

  /// Eval-mode loss and gradient (running statistics used, not updated; no dropout): the
  /// gradient of the function evaluate() measures, for Hessian-vector products (sharpness).
  /// One batch: keep it to the sharpness subset (<= 1024 samples).
  double eval_loss_and_gradient(Eigen::Ref<const Vector> params, const Eigen::Ref<const Matrix>& x,
                                const Eigen::Ref<const Eigen::VectorXi>& y,
                                Eigen::Ref<Vector> grad);

  /// Eval-mode Hessian-vector product: hv = H v for the loss eval_loss_and_gradient() takes, by
  /// central differences of the analytic gradient at params +- h v, with every ReLU's on/off
  /// pattern held at the one of `params`. Without that, a unit whose input crosses 0 within +-h
  /// adds a gradient jump divided by 2h, and the product of a ReLU network is noise; with it, the
  /// product is the one autograd gives (ReLU'' = 0), to O(h^2). tanh and sigmoid are smooth and
  /// need no pattern. One batch (<= 1024 samples); `v` and `hv` must not alias.
  void eval_hessian_vector_product(Eigen::Ref<const Vector> params,
                                   const Eigen::Ref<const Matrix>& x,
                                   const Eigen::Ref<const Eigen::VectorXi>& y,
                                   Eigen::Ref<const Vector> v, double h, Eigen::Ref<Vector> hv);

  /// The mean loss without a gradient, x as one batch. train_mode: batch statistics (and
  /// dropout) but the running statistics are NOT updated, so the value is a deterministic
  /// function of params for a fixed batch (without dropout); eval mode: running statistics.
  double loss_only(Eigen::Ref<const Vector> params, const Eigen::Ref<const Matrix>& x,
                   const Eigen::Ref<const Eigen::VectorXi>& y, bool train_mode);

  /// Eval mode over a whole set in chunks of eval_chunk() samples (memory stays bounded): returns
  /// the mean loss and, when `accuracy` is given, the fraction of correct predictions. A model
  /// whose batch norm keeps no running statistics normalises with the set's own statistics, so
  /// it takes the whole set as one batch (at least 2 samples, as in training).
  double evaluate(Eigen::Ref<const Vector> params, const Eigen::Ref<const Matrix>& x,
                  const Eigen::Ref<const Eigen::VectorXi>& y, double* accuracy = nullptr);
  static constexpr Eigen::Index eval_chunk() { return 512; }

  /// The logits (outputs x batch) of the last forward pass (of the last chunk for evaluate()).
  Eigen::Ref<const Matrix> logits() const;

 private:
  enum class Mode { train, train_frozen, eval };  // frozen: batch stats, running stats kept

  // One forward (train or eval statistics), the loss and the backward pass into `grad`.
  double loss_and_gradient_in(Mode mode, Eigen::Ref<const Vector> params,
                              const Eigen::Ref<const Matrix>& x,
                              const Eigen::Ref<const Eigen::VectorXi>& y, Eigen::Ref<Vector> grad);

  struct Hidden {
    BasicDense<Scalar> dense;
    Eigen::Index gamma = -1;  // offsets in the flat parameters, -1 without batch norm
    Eigen::Index beta = -1;
    Eigen::Index running_mean = -1;  // offsets in state_
    Eigen::Index running_var = -1;
    BasicBatchNorm1d<Scalar> bn;
    Vector unit;  // gamma = 1 and beta = 0 without affine
    Vector zero;
    Vector dunit;  // where the gradients of those constants go
    Vector dzero;
    Matrix z;                     // dense output
    Matrix act;                   // activation output
    Matrix norm;                  // batch-norm output
    Matrix drop;                  // dropout output
    Matrix mask;                  // dropout mask (0 or 1/(1 - rate))
    Matrix pattern;               // ReLU on/off pattern held for Hessian-vector products
    Matrix grad;                  // dLoss/d(layer output), then in place back to dLoss/dz
    const Matrix* out = nullptr;  // the buffer holding the layer's output
  };

  void check_batch(const Eigen::Ref<const Vector>& params, const Eigen::Ref<const Matrix>& x,
                   const Eigen::Ref<const Eigen::VectorXi>& y) const;
  void reserve(Eigen::Index batch);
  /// Forward to logits_ (first n columns); returns nothing, the loss is taken by the caller.
  void forward(const Eigen::Ref<const Vector>& params, const Eigen::Ref<const Matrix>& x,
               Mode mode);
  void backward(const Eigen::Ref<const Vector>& params, const Eigen::Ref<const Matrix>& x,
                Eigen::Ref<Vector> grad);

  MlpSpec spec_;
  Activation activation_;
  BatchNormPlacement placement_;
  Init init_;
  Loss loss_;
  Eigen::Index outputs_ = 0;
  Eigen::Index parameter_count_ = 0;
  std::vector<Hidden> hidden_;
  BasicDense<Scalar> output_;
  Vector state_;
  std::int64_t batches_tracked_ = 0;  // torch's num_batches_tracked (momentum None)
  Rng dropout_rng_{0};
  Eigen::Index capacity_ = 0;  // columns of every workspace
  Eigen::Index n_ = 0;         // samples of the last forward
  Mode mode_ = Mode::train;
  Matrix logits_;
  Matrix dlogits_;
  // The ReLU pattern in eval mode: off, record it in Hidden::pattern, or apply the recorded one.
  enum class Pattern { off, record, hold };
  Pattern pattern_ = Pattern::off;
  Vector hvp_params_;  // workspaces of eval_hessian_vector_product()
  Vector hvp_grad_;
};

using Mlp = BasicMlp<double>;
using MlpFloat = BasicMlp<float>;

extern template class BasicMlp<double>;
extern template class BasicMlp<float>;

}  // namespace optbench::nn
