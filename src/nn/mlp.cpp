#include "optbench/nn/mlp.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "optbench/core/error.hpp"
#include "optbench/core/suggest.hpp"

namespace optbench::nn {

namespace {

Loss resolve_loss(const std::string& name, int classes) {
  if (name == "auto") return classes == 2 ? Loss::bce : Loss::cross_entropy;
  const Loss loss = parse_loss(name);
  if (loss == Loss::bce && classes != 2) {
    throw Error("model.loss", "bce (sigmoid, one output) needs exactly 2 classes, got " +
                                  std::to_string(classes) + "; use cross_entropy");
  }
  return loss;
}

/// Grows `m` to rows x cols when it has fewer columns (contents not kept).
template <typename Matrix>
void grow(Matrix& m, Eigen::Index rows, Eigen::Index cols) {
  if (m.rows() != rows || m.cols() < cols) m.resize(rows, cols);
}

}  // namespace

std::vector<std::string> batchnorm_names() {
  return {"none", "before_activation", "after_activation"};
}

std::vector<std::string> init_names() {
  return {"he", "xavier", "torch", "small"};
}

BatchNormPlacement parse_batchnorm(const std::string& name) {
  if (name == "none") return BatchNormPlacement::none;
  if (name == "before_activation") return BatchNormPlacement::before_activation;
  if (name == "after_activation") return BatchNormPlacement::after_activation;
  throw Error("model.batchnorm", "unknown batch-norm placement '" + name + "'" +
                                     did_you_mean(name, batchnorm_names()) +
                                     "; valid: none, before_activation, after_activation");
}

Init parse_init(const std::string& name) {
  if (name == "he") return Init::he;
  if (name == "xavier") return Init::xavier;
  if (name == "torch") return Init::torch;
  if (name == "small") return Init::small;
  throw Error("model.init", "unknown initialisation '" + name + "'" +
                                did_you_mean(name, init_names()) +
                                "; valid: he, xavier, torch, small");
}

template <typename Scalar>
BasicMlp<Scalar>::BasicMlp(const MlpSpec& spec)
    : spec_(spec),
      activation_(parse_activation(spec.activation)),
      placement_(parse_batchnorm(spec.batchnorm)),
      init_(parse_init(spec.init)) {
  if (spec.inputs < 1) {
    throw Error("model.inputs",
                "needs at least 1 input feature, got " + std::to_string(spec.inputs));
  }
  if (spec.classes < 2) {
    throw Error("model.classes", "needs at least 2 classes, got " + std::to_string(spec.classes));
  }
  for (std::size_t i = 0; i < spec.hidden.size(); ++i) {
    if (spec.hidden[i] < 1) {
      throw Error("model.hidden[" + std::to_string(i) + "]",
                  "a hidden layer needs at least 1 unit, got " + std::to_string(spec.hidden[i]));
    }
  }
  if (!(spec.dropout >= 0.0 && spec.dropout < 1.0)) {
    throw Error("model.dropout",
                "the dropout rate must be in [0, 1), got " + std::to_string(spec.dropout));
  }
  if (!(spec.batchnorm_eps >= 0.0) || !std::isfinite(spec.batchnorm_eps)) {
    throw Error("model.batchnorm_eps", "must be a finite number >= 0");
  }
  if (spec.batchnorm_momentum &&
      !(*spec.batchnorm_momentum >= 0.0 && *spec.batchnorm_momentum <= 1.0)) {
    throw Error("model.batchnorm_momentum", "must be in [0, 1] or null");
  }
  loss_ = resolve_loss(spec.loss, spec.classes);
  outputs_ = loss_ == Loss::bce ? 1 : spec.classes;

  Eigen::Index offset = 0;
  Eigen::Index state_offset = 0;
  Eigen::Index in = spec.inputs;
  hidden_.resize(spec.hidden.size());
  for (std::size_t l = 0; l < spec.hidden.size(); ++l) {
    Hidden& h = hidden_[l];
    const Eigen::Index width = spec.hidden[l];
    h.dense = BasicDense<Scalar>{in, width, offset};
    offset += h.dense.parameter_count();
    if (placement_ != BatchNormPlacement::none) {
      if (spec.batchnorm_affine) {
        h.gamma = offset;
        h.beta = offset + width;
        offset += 2 * width;
      } else {
        h.unit = Vector::Ones(width);
        h.zero = Vector::Zero(width);
        h.dunit.resize(width);
        h.dzero.resize(width);
      }
      if (spec.batchnorm_track_running_stats) {
        h.running_mean = state_offset;
        h.running_var = state_offset + width;
        state_offset += 2 * width;
      }
      h.bn = BasicBatchNorm1d<Scalar>(width, spec.batchnorm_eps,
                                      spec.batchnorm_momentum.value_or(0.0));
    }
    in = width;
  }
  output_ = BasicDense<Scalar>{in, outputs_, offset};
  offset += output_.parameter_count();
  parameter_count_ = offset;
  state_.resize(state_offset);
  reset_state();
}

template <typename Scalar>
std::vector<std::pair<std::string, Eigen::Index>> BasicMlp<Scalar>::parameter_layout() const {
  std::vector<std::pair<std::string, Eigen::Index>> layout;
  for (std::size_t l = 0; l < hidden_.size(); ++l) {
    const std::string i = std::to_string(l);
    layout.emplace_back("layer" + i + ".weight", hidden_[l].dense.weight_offset());
    layout.emplace_back("layer" + i + ".bias", hidden_[l].dense.bias_offset());
    if (hidden_[l].gamma >= 0) {
      layout.emplace_back("bn" + i + ".weight", hidden_[l].gamma);
      layout.emplace_back("bn" + i + ".bias", hidden_[l].beta);
    }
  }
  const std::string i = std::to_string(hidden_.size());
  layout.emplace_back("layer" + i + ".weight", output_.weight_offset());
  layout.emplace_back("layer" + i + ".bias", output_.bias_offset());
  return layout;
}

template <typename Scalar>
std::vector<std::pair<std::string, Eigen::Index>> BasicMlp<Scalar>::state_layout() const {
  std::vector<std::pair<std::string, Eigen::Index>> layout;
  for (std::size_t l = 0; l < hidden_.size(); ++l) {
    if (hidden_[l].running_mean < 0) continue;
    const std::string i = std::to_string(l);
    layout.emplace_back("bn" + i + ".running_mean", hidden_[l].running_mean);
    layout.emplace_back("bn" + i + ".running_var", hidden_[l].running_var);
  }
  return layout;
}

template <typename Scalar>
void BasicMlp<Scalar>::set_state(const Eigen::Ref<const Vector>& state) {
  if (state.size() != state_.size()) {
    throw std::invalid_argument("Mlp::set_state: expected " + std::to_string(state_.size()) +
                                " values, got " + std::to_string(state.size()));
  }
  state_ = state;
}

template <typename Scalar>
void BasicMlp<Scalar>::reset_state() {
  batches_tracked_ = 0;
  for (const Hidden& h : hidden_) {
    if (h.running_mean < 0) continue;
    const Eigen::Index w = h.dense.out;
    state_.segment(h.running_mean, w).setZero();
    state_.segment(h.running_var, w).setOnes();
  }
}

template <typename Scalar>
void BasicMlp<Scalar>::initialize(Eigen::Ref<Vector> params, Rng& rng) {
  if (params.size() != parameter_count_) {
    throw std::invalid_argument("Mlp::initialize: expected " + std::to_string(parameter_count_) +
                                " parameters, got " + std::to_string(params.size()));
  }
  auto init_dense = [&](const BasicDense<Scalar>& d) {
    auto w = d.weight_mut(params);
    auto b = d.bias_mut(params);
    const double fan_in = static_cast<double>(d.in);
    const double fan_out = static_cast<double>(d.out);
    b.setZero();
    switch (init_) {
      case Init::he: {
        const double sd = std::sqrt(2.0 / fan_in);
        for (Eigen::Index k = 0; k < w.size(); ++k)
          w.data()[k] = static_cast<Scalar>(sd * rng.normal());
        break;
      }
      case Init::xavier:
      case Init::small: {
        // small: xavier's draws times 1e-3, a start within noise of the critical point at 0.
        const double a = std::sqrt(6.0 / (fan_in + fan_out)) * (init_ == Init::small ? 1e-3 : 1.0);
        for (Eigen::Index k = 0; k < w.size(); ++k)
          w.data()[k] = static_cast<Scalar>(a * (2.0 * rng.uniform() - 1.0));
        break;
      }
      case Init::torch: {
        const double a = 1.0 / std::sqrt(fan_in);
        for (Eigen::Index k = 0; k < w.size(); ++k)
          w.data()[k] = static_cast<Scalar>(a * (2.0 * rng.uniform() - 1.0));
        for (Eigen::Index k = 0; k < b.size(); ++k)
          b[k] = static_cast<Scalar>(a * (2.0 * rng.uniform() - 1.0));
        break;
      }
    }
  };
  for (const Hidden& h : hidden_) {
    init_dense(h.dense);
    if (h.gamma >= 0) {
      params.segment(h.gamma, h.dense.out).setOnes();
      params.segment(h.beta, h.dense.out).setZero();
    }
  }
  init_dense(output_);
  reset_state();
}

template <typename Scalar>
void BasicMlp<Scalar>::check_batch(const Eigen::Ref<const Vector>& params,
                                   const Eigen::Ref<const Matrix>& x,
                                   const Eigen::Ref<const Eigen::VectorXi>& y) const {
  if (params.size() != parameter_count_) {
    throw std::invalid_argument("Mlp: expected " + std::to_string(parameter_count_) +
                                " parameters, got " + std::to_string(params.size()));
  }
  if (x.rows() != spec_.inputs) {
    throw std::invalid_argument("Mlp: the model has " + std::to_string(spec_.inputs) +
                                " inputs, the batch " + std::to_string(x.rows()) + " features");
  }
  if (y.size() != x.cols()) {
    throw std::invalid_argument("Mlp: " + std::to_string(x.cols()) + " samples but " +
                                std::to_string(y.size()) + " labels");
  }
  if (x.cols() < 1) throw std::invalid_argument("Mlp: empty batch");
}

template <typename Scalar>
void BasicMlp<Scalar>::reserve(Eigen::Index batch) {
  if (batch <= capacity_) return;
  const bool bn = placement_ != BatchNormPlacement::none;
  const bool dropout = spec_.dropout > 0.0;
  for (Hidden& h : hidden_) {
    const Eigen::Index w = h.dense.out;
    grow(h.z, w, batch);
    grow(h.act, w, batch);
    grow(h.grad, w, batch);
    if (bn) {
      grow(h.norm, w, batch);
      h.bn.reserve(batch);
    }
    if (dropout) {
      grow(h.drop, w, batch);
      grow(h.mask, w, batch);
    }
  }
  grow(logits_, outputs_, batch);
  grow(dlogits_, outputs_, batch);
  capacity_ = batch;
}

template <typename Scalar>
void BasicMlp<Scalar>::forward(const Eigen::Ref<const Vector>& params,
                               const Eigen::Ref<const Matrix>& x, Mode mode) {
  const Eigen::Index n = x.cols();
  reserve(n);
  n_ = n;
  mode_ = mode;
  const bool eval = mode == Mode::eval;
  const bool dropout = spec_.dropout > 0.0 && !eval;
  const bool tracks = spec_.batchnorm_track_running_stats;
  // torch's exponential_average_factor: momentum, or 1/num_batches_tracked for momentum None.
  double factor = spec_.batchnorm_momentum.value_or(0.0);
  if (mode == Mode::train && tracks && placement_ != BatchNormPlacement::none) {
    ++batches_tracked_;
    if (!spec_.batchnorm_momentum) factor = 1.0 / static_cast<double>(batches_tracked_);
  }
  const Matrix* prev = nullptr;  // input of layer l > 0
  for (Hidden& h : hidden_) {
    auto z = h.z.leftCols(n);
    if (prev == nullptr) {
      h.dense.forward(params, x, z);
    } else {
      h.dense.forward(params, prev->leftCols(n), z);
    }
    auto act = h.act.leftCols(n);
    auto bn_forward = [&](const Eigen::Ref<const Matrix>& in) {
      const Eigen::Ref<const Vector> gamma =
          h.gamma >= 0 ? Eigen::Ref<const Vector>(params.segment(h.gamma, h.dense.out))
                       : Eigen::Ref<const Vector>(h.unit);
      const Eigen::Ref<const Vector> beta =
          h.beta >= 0 ? Eigen::Ref<const Vector>(params.segment(h.beta, h.dense.out))
                      : Eigen::Ref<const Vector>(h.zero);
      auto out = h.norm.leftCols(n);
      if (eval && tracks) {
        h.bn.forward_eval(in, gamma, beta, state_.segment(h.running_mean, h.dense.out),
                          state_.segment(h.running_var, h.dense.out), out);
      } else {
        h.bn.forward_batch(in, gamma, beta, out);
        if (mode == Mode::train && tracks) {
          h.bn.update_running(state_.segment(h.running_mean, h.dense.out),
                              state_.segment(h.running_var, h.dense.out), factor);
        }
      }
    };
    // The activation, or (Pattern::hold) the ReLU with the recorded on/off pattern.
    auto activate = [&](const Eigen::Ref<const Matrix>& in) {
      if (pattern_ == Pattern::hold) {
        act.array() = in.array() * h.pattern.leftCols(n).array();
        return;
      }
      if (pattern_ == Pattern::record) {
        h.pattern.resize(h.dense.out, n);
        h.pattern.array() = (in.array() > Scalar(0)).template cast<Scalar>();
      }
      activation_forward(activation_, in, act);
    };
    switch (placement_) {
      case BatchNormPlacement::none:
        activate(z);
        h.out = &h.act;
        break;
      case BatchNormPlacement::before_activation:
        bn_forward(z);
        activate(h.norm.leftCols(n));
        h.out = &h.act;
        break;
      case BatchNormPlacement::after_activation:
        activate(z);
        bn_forward(act);
        h.out = &h.norm;
        break;
    }
    if (dropout) {
      const double keep = 1.0 - spec_.dropout;
      const auto scale = static_cast<Scalar>(1.0 / keep);
      auto mask = h.mask.leftCols(n);
      for (Eigen::Index k = 0; k < mask.size(); ++k) {
        mask.data()[k] = dropout_rng_.uniform() < keep ? scale : Scalar(0);
      }
      h.drop.leftCols(n).array() = h.out->leftCols(n).array() * mask.array();
      h.out = &h.drop;
    }
    prev = h.out;
  }
  auto logits = logits_.leftCols(n);
  if (prev == nullptr) {
    output_.forward(params, x, logits);
  } else {
    output_.forward(params, prev->leftCols(n), logits);
  }
}

template <typename Scalar>
void BasicMlp<Scalar>::backward(const Eigen::Ref<const Vector>& params,
                                const Eigen::Ref<const Matrix>& x, Eigen::Ref<Vector> grad) {
  const Eigen::Index n = n_;
  const bool dropout = spec_.dropout > 0.0 && mode_ != Mode::eval;
  // Output layer: dlogits_ holds dLoss/dlogits.
  const auto dlogits = dlogits_.leftCols(n);
  if (hidden_.empty()) {
    output_.backward_params(x, dlogits, grad);
    return;
  }
  output_.backward_params(hidden_.back().out->leftCols(n), dlogits, grad);
  output_.backward_input(params, dlogits, hidden_.back().grad.leftCols(n));
  for (std::size_t l = hidden_.size(); l-- > 0;) {
    Hidden& h = hidden_[l];
    auto g = h.grad.leftCols(n);  // dLoss/d(layer output), turned in place into dLoss/dz
    if (dropout) g.array() *= h.mask.leftCols(n).array();
    auto bn_backward = [&] {
      if (h.gamma >= 0) {
        h.bn.backward(g, params.segment(h.gamma, h.dense.out), g,
                      grad.segment(h.gamma, h.dense.out), grad.segment(h.beta, h.dense.out));
      } else {
        h.bn.backward(g, h.unit, g, h.dunit, h.dzero);
      }
    };
    auto activation_grad = [&] {
      if (pattern_ == Pattern::hold) {
        g.array() *= h.pattern.leftCols(n).array();
      } else {
        activation_backward(activation_, h.act.leftCols(n), g);
      }
    };
    switch (placement_) {
      case BatchNormPlacement::none:
        activation_grad();
        break;
      case BatchNormPlacement::before_activation:
        activation_grad();
        bn_backward();
        break;
      case BatchNormPlacement::after_activation:
        bn_backward();
        activation_grad();
        break;
    }
    if (l == 0) {
      h.dense.backward_params(x, g, grad);
    } else {
      h.dense.backward_params(hidden_[l - 1].out->leftCols(n), g, grad);
      h.dense.backward_input(params, g, hidden_[l - 1].grad.leftCols(n));
    }
  }
}

template <typename Scalar>
double BasicMlp<Scalar>::loss_and_gradient(Eigen::Ref<const Vector> params,
                                           const Eigen::Ref<const Matrix>& x,
                                           const Eigen::Ref<const Eigen::VectorXi>& y,
                                           Eigen::Ref<Vector> grad) {
  return loss_and_gradient_in(Mode::train, params, x, y, grad);
}

template <typename Scalar>
double BasicMlp<Scalar>::eval_loss_and_gradient(Eigen::Ref<const Vector> params,
                                                const Eigen::Ref<const Matrix>& x,
                                                const Eigen::Ref<const Eigen::VectorXi>& y,
                                                Eigen::Ref<Vector> grad) {
  return loss_and_gradient_in(Mode::eval, params, x, y, grad);
}

template <typename Scalar>
double BasicMlp<Scalar>::loss_and_gradient_in(Mode mode, Eigen::Ref<const Vector> params,
                                              const Eigen::Ref<const Matrix>& x,
                                              const Eigen::Ref<const Eigen::VectorXi>& y,
                                              Eigen::Ref<Vector> grad) {
  check_batch(params, x, y);
  if (grad.size() != parameter_count_) {
    throw std::invalid_argument("Mlp: the gradient needs " + std::to_string(parameter_count_) +
                                " elements, got " + std::to_string(grad.size()));
  }
  forward(params, x, mode);
  const Eigen::Index n = x.cols();
  const double loss = nn::loss_and_gradient(loss_, logits_.leftCols(n), y, dlogits_.leftCols(n));
  backward(params, x, grad);
  return loss;
}

template <typename Scalar>
void BasicMlp<Scalar>::eval_hessian_vector_product(Eigen::Ref<const Vector> params,
                                                   const Eigen::Ref<const Matrix>& x,
                                                   const Eigen::Ref<const Eigen::VectorXi>& y,
                                                   Eigen::Ref<const Vector> v, double h,
                                                   Eigen::Ref<Vector> hv) {
  check_batch(params, x, y);
  if (v.size() != parameter_count_ || hv.size() != parameter_count_) {
    throw std::invalid_argument("Mlp: a Hessian-vector product needs vectors of " +
                                std::to_string(parameter_count_) + " elements");
  }
  if (!(h > 0.0)) throw std::invalid_argument("Mlp: the difference step must be > 0");
  const bool hold = activation_ == Activation::relu && !hidden_.empty();
  struct Reset {  // back to the plain activation, whatever happens
    Pattern& p;
    ~Reset() { p = Pattern::off; }
  } reset{pattern_};
  if (hold) {
    pattern_ = Pattern::record;
    forward(params, x, Mode::eval);
    pattern_ = Pattern::hold;
  }
  const auto step = static_cast<Scalar>(h);
  hvp_params_ = params + step * v;
  eval_loss_and_gradient(hvp_params_, x, y, hv);
  hvp_params_ = params - step * v;
  hvp_grad_.resize(parameter_count_);
  eval_loss_and_gradient(hvp_params_, x, y, hvp_grad_);
  hv = (hv - hvp_grad_) / (Scalar(2) * step);
}

template <typename Scalar>
double BasicMlp<Scalar>::loss_only(Eigen::Ref<const Vector> params,
                                   const Eigen::Ref<const Matrix>& x,
                                   const Eigen::Ref<const Eigen::VectorXi>& y, bool train_mode) {
  check_batch(params, x, y);
  forward(params, x, train_mode ? Mode::train_frozen : Mode::eval);
  const Eigen::Index n = x.cols();
  return nn::loss_and_gradient(loss_, logits_.leftCols(n), y, dlogits_.leftCols(n));
}

template <typename Scalar>
double BasicMlp<Scalar>::evaluate(Eigen::Ref<const Vector> params,
                                  const Eigen::Ref<const Matrix>& x,
                                  const Eigen::Ref<const Eigen::VectorXi>& y, double* accuracy) {
  check_batch(params, x, y);
  const Eigen::Index total = x.cols();
  // Batch statistics in evaluation: the whole set is the batch.
  const bool whole = placement_ != BatchNormPlacement::none && !spec_.batchnorm_track_running_stats;
  const Eigen::Index chunk = whole ? total : eval_chunk();
  double loss_sum = 0.0;
  Eigen::Index correct = 0;
  for (Eigen::Index start = 0; start < total; start += chunk) {
    const Eigen::Index n = std::min(chunk, total - start);
    const auto xs = x.middleCols(start, n);
    const auto ys = y.segment(start, n);
    forward(params, xs, Mode::eval);
    const auto logits = logits_.leftCols(n);
    loss_sum +=
        nn::loss_and_gradient(loss_, logits, ys, dlogits_.leftCols(n)) * static_cast<double>(n);
    if (accuracy != nullptr) correct += count_correct(logits, ys);
  }
  if (accuracy != nullptr) *accuracy = static_cast<double>(correct) / static_cast<double>(total);
  return loss_sum / static_cast<double>(total);
}

template <typename Scalar>
auto BasicMlp<Scalar>::logits() const -> Eigen::Ref<const Matrix> {
  return logits_.leftCols(n_);
}

template class BasicMlp<double>;
template class BasicMlp<float>;

}  // namespace optbench::nn
