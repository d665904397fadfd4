#include "optbench/nn/hessian_vector.hpp"

#include <stdexcept>
#include <string>

namespace optbench::nn {

namespace {

using Eigen::Index;
using Eigen::MatrixXd;
using Eigen::VectorXd;

Eigen::Map<const MatrixXd> block(const Eigen::Ref<const VectorXd>& flat, Index offset, Index rows,
                                 Index cols) {
  return {flat.data() + offset, rows, cols};
}

Eigen::Map<MatrixXd> block_mut(Eigen::Ref<VectorXd> flat, Index offset, Index rows, Index cols) {
  return {flat.data() + offset, rows, cols};
}

// f'(s) and f''(s) of the activation, through its output a = f(s) (as the backward pass has it).
void activation_derivatives(Activation a, const MatrixXd& out, MatrixXd& first, MatrixXd& second) {
  switch (a) {
    case Activation::relu:
      first = (out.array() > 0.0).cast<double>();
      second.setZero(out.rows(), out.cols());
      break;
    case Activation::tanh:
      first = 1.0 - out.array().square();
      second = -2.0 * out.array() * first.array();
      break;
    case Activation::sigmoid:
      first = out.array() * (1.0 - out.array());
      second = first.array() * (1.0 - 2.0 * out.array());
      break;
  }
}

}  // namespace

MlpHessian::MlpHessian(const Mlp& model)
    : model_(&model),
      parameter_count_(model.parameter_count()),
      activation_(model.activation()),
      placement_(model.batchnorm()),
      loss_(model.loss()),
      eps_(model.spec().batchnorm_eps) {
  // The flat layout documented in mlp.hpp, checked against the model's own.
  const MlpSpec& spec = model.spec();
  Index offset = 0;
  Index state = 0;
  Index in = spec.inputs;
  for (const int width : spec.hidden) {
    Layer l;
    l.in = in;
    l.out = width;
    l.weight = offset;
    l.bias = offset + l.in * l.out;
    offset += l.out * (l.in + 1);
    if (placement_ != BatchNormPlacement::none) {
      if (spec.batchnorm_affine) {
        l.gamma = offset;
        l.beta = offset + width;
        offset += 2 * static_cast<Eigen::Index>(width);
      }
      if (spec.batchnorm_track_running_stats) {
        l.running_mean = state;
        l.running_var = state + width;
        state += 2 * static_cast<Eigen::Index>(width);
      }
    }
    layers_.push_back(std::move(l));
    in = width;
  }
  Layer output;
  output.in = in;
  output.out = model.outputs();
  output.weight = offset;
  output.bias = offset + output.in * output.out;
  offset += output.out * (output.in + 1);
  layers_.push_back(std::move(output));
  if (offset != parameter_count_ || state != model.state().size()) {
    throw std::logic_error("MlpHessian: the model's layout differs from the documented one");
  }
}

double MlpHessian::loss_and_gradient(const Eigen::Ref<const VectorXd>& params,
                                     const Eigen::Ref<const MatrixXd>& x,
                                     const Eigen::Ref<const Eigen::VectorXi>& y,
                                     Eigen::Ref<VectorXd> grad) {
  return run(params, x, y, nullptr, grad, nullptr);
}

double MlpHessian::hessian_vector_product(const Eigen::Ref<const VectorXd>& params,
                                          const Eigen::Ref<const MatrixXd>& x,
                                          const Eigen::Ref<const Eigen::VectorXi>& y,
                                          const Eigen::Ref<const VectorXd>& v,
                                          Eigen::Ref<VectorXd> hv) {
  if (v.size() != parameter_count_ || hv.size() != parameter_count_) {
    throw std::invalid_argument("MlpHessian: a Hessian-vector product needs vectors of " +
                                std::to_string(parameter_count_) + " elements");
  }
  grad_work_.resize(parameter_count_);
  const VectorXd direction = v;
  VectorXd product(parameter_count_);
  const double loss = run(params, x, y, &direction, grad_work_, &product);
  hv = product;
  return loss;
}

void MlpHessian::hessian(const Eigen::Ref<const VectorXd>& params,
                         const Eigen::Ref<const MatrixXd>& x,
                         const Eigen::Ref<const Eigen::VectorXi>& y, Eigen::Ref<MatrixXd> h) {
  const Index n = parameter_count_;
  if (n > kDenseHessianParameters) {
    throw std::invalid_argument("MlpHessian: the dense Hessian is formed up to " +
                                std::to_string(kDenseHessianParameters) + " parameters, got " +
                                std::to_string(n));
  }
  if (h.rows() != n || h.cols() != n) {
    throw std::invalid_argument("MlpHessian: the Hessian needs " + std::to_string(n) + " x " +
                                std::to_string(n) + " elements");
  }
  VectorXd unit = VectorXd::Zero(n);
  VectorXd column(n);
  grad_work_.resize(n);
  for (Index i = 0; i < n; ++i) {
    unit(i) = 1.0;
    run(params, x, y, &unit, grad_work_, &column);
    h.col(i) = column;
    unit(i) = 0.0;
  }
  const MatrixXd symmetric = 0.5 * (h + h.transpose());
  h = symmetric;
}

void MlpHessian::batchnorm_forward(Layer& l, const Eigen::Ref<const VectorXd>& params,
                                   const VectorXd* v, const MatrixXd& in, const MatrixXd& rin) {
  const Index n = in.cols();
  if (l.running_mean >= 0) {
    const VectorXd& state = model_->state();
    const auto mean = state.segment(l.running_mean, l.out);
    l.invstd = (state.segment(l.running_var, l.out).array() + eps_).sqrt().inverse();
    l.xhat = (in.colwise() - mean).array().colwise() * l.invstd.array();
    if (v != nullptr) {
      l.rxhat = rin.array().colwise() * l.invstd.array();
      l.rinvstd.setZero(l.out);
    }
  } else {
    if (n < 2) throw std::invalid_argument("MlpHessian: batch statistics need 2 samples");
    const VectorXd mean = in.rowwise().mean();
    l.xhat = in.colwise() - mean;
    const VectorXd var = l.xhat.array().square().rowwise().mean();
    l.invstd = (var.array() + eps_).sqrt().inverse();
    l.xhat.array().colwise() *= l.invstd.array();
    if (v != nullptr) {
      // xhat = (s - mean) invstd: R{xhat} = invstd (R{s} - mean R{s} - xhat mean(xhat R{s})),
      // R{invstd} = -invstd^2 mean(xhat R{s}).
      const VectorXd m1 = rin.rowwise().mean();
      const VectorXd m2 = (l.xhat.array() * rin.array()).rowwise().mean();
      l.rxhat = ((rin.colwise() - m1) - (l.xhat.array().colwise() * m2.array()).matrix())
                    .array()
                    .colwise() *
                l.invstd.array();
      l.rinvstd = -(l.invstd.array().square() * m2.array());
    }
  }
  if (l.gamma >= 0) {
    const auto gamma = params.segment(l.gamma, l.out);
    const auto beta = params.segment(l.beta, l.out);
    l.norm = (l.xhat.array().colwise() * gamma.array()).colwise() + beta.array();
    if (v != nullptr) {
      l.rnorm = (l.xhat.array().colwise() * v->segment(l.gamma, l.out).array() +
                 l.rxhat.array().colwise() * gamma.array())
                    .colwise() +
                v->segment(l.beta, l.out).array();
    }
  } else {
    l.norm = l.xhat;
    if (v != nullptr) l.rnorm = l.rxhat;
  }
}

void MlpHessian::batchnorm_backward(Layer& l, const Eigen::Ref<const VectorXd>& params,
                                    const VectorXd* v, Eigen::Ref<VectorXd> grad, VectorXd* hv) {
  // l.d, l.rd: dLoss/d(norm) and its R-derivative; on return dLoss/d(batch-norm input).
  MatrixXd dxhat = l.d;
  MatrixXd rdxhat;
  if (v != nullptr) rdxhat = l.rd;
  if (l.gamma >= 0) {
    const auto gamma = params.segment(l.gamma, l.out);
    grad.segment(l.gamma, l.out) = (l.d.array() * l.xhat.array()).rowwise().sum();
    grad.segment(l.beta, l.out) = l.d.rowwise().sum();
    if (v != nullptr) {
      hv->segment(l.gamma, l.out) =
          (l.rd.array() * l.xhat.array() + l.d.array() * l.rxhat.array()).rowwise().sum();
      hv->segment(l.beta, l.out) = l.rd.rowwise().sum();
      rdxhat = l.rd.array().colwise() * gamma.array() +
               l.d.array().colwise() * v->segment(l.gamma, l.out).array();
    }
    dxhat.array().colwise() *= gamma.array();
  }
  if (l.running_mean >= 0) {
    l.d = dxhat.array().colwise() * l.invstd.array();
    if (v != nullptr) l.rd = rdxhat.array().colwise() * l.invstd.array();
    return;
  }
  // dx = invstd (dxhat - mean dxhat - xhat mean(dxhat xhat)), differentiated along v.
  const VectorXd a1 = dxhat.rowwise().mean();
  const VectorXd a2 = (dxhat.array() * l.xhat.array()).rowwise().mean();
  const MatrixXd inner = (dxhat.colwise() - a1).array() - l.xhat.array().colwise() * a2.array();
  if (v != nullptr) {
    const VectorXd b1 = rdxhat.rowwise().mean();
    const VectorXd b2 =
        (rdxhat.array() * l.xhat.array() + dxhat.array() * l.rxhat.array()).rowwise().mean();
    const MatrixXd rinner = (rdxhat.colwise() - b1).array() -
                            l.rxhat.array().colwise() * a2.array() -
                            l.xhat.array().colwise() * b2.array();
    l.rd =
        inner.array().colwise() * l.rinvstd.array() + rinner.array().colwise() * l.invstd.array();
  }
  l.d = inner.array().colwise() * l.invstd.array();
}

double MlpHessian::run(const Eigen::Ref<const VectorXd>& params,
                       const Eigen::Ref<const MatrixXd>& x,
                       const Eigen::Ref<const Eigen::VectorXi>& y, const VectorXd* v,
                       Eigen::Ref<VectorXd> grad, VectorXd* hv) {
  if (params.size() != parameter_count_ || grad.size() != parameter_count_) {
    throw std::invalid_argument("MlpHessian: expected " + std::to_string(parameter_count_) +
                                " parameters");
  }
  if (x.rows() != model_->inputs() || y.size() != x.cols() || x.cols() < 1) {
    throw std::invalid_argument("MlpHessian: the batch does not fit the model");
  }
  const bool r = v != nullptr;
  const Index n = x.cols();
  const Index hidden = static_cast<Index>(layers_.size()) - 1;
  if (r) hv->resize(parameter_count_);

  // The activation of layer l on `in` (R{in} = rin), into l.act, l.ract.
  auto activate = [&](Layer& l, const MatrixXd& in, const MatrixXd& rin) {
    l.act.resize(in.rows(), in.cols());
    activation_forward(activation_, in, l.act);
    if (!r) return;
    MatrixXd first;
    MatrixXd second;
    activation_derivatives(activation_, l.act, first, second);
    l.ract = first.array() * rin.array();
  };
  // dLoss/d(activation output) in l.d, l.rd -> dLoss/d(activation input); rin = R{input}.
  auto activation_back = [&](Layer& l, const MatrixXd& rin) {
    MatrixXd first;
    MatrixXd second;
    activation_derivatives(activation_, l.act, first, second);
    if (r) l.rd = second.array() * rin.array() * l.d.array() + first.array() * l.rd.array();
    l.d.array() *= first.array();
  };

  // Forward: each layer's input is x (R{x} = 0) or the previous layer's output.
  const MatrixXd* u = nullptr;
  const MatrixXd* ru = nullptr;
  for (Index k = 0; k <= hidden; ++k) {
    Layer& l = layers_[static_cast<std::size_t>(k)];
    const auto w = block(params, l.weight, l.out, l.in);
    const auto b = params.segment(l.bias, l.out);
    MatrixXd& z = k == hidden ? logits_ : l.z;
    MatrixXd& rz = k == hidden ? rlogits_ : l.rz;
    if (u == nullptr) {
      z.noalias() = w * x;
    } else {
      z.noalias() = w * (*u);
    }
    z.colwise() += b;
    if (r) {
      const auto vw = block(*v, l.weight, l.out, l.in);
      if (u == nullptr) {
        rz.noalias() = vw * x;
      } else {
        rz.noalias() = vw * (*u);
        rz.noalias() += w * (*ru);
      }
      rz.colwise() += v->segment(l.bias, l.out);
    }
    if (k == hidden) break;
    switch (placement_) {
      case BatchNormPlacement::none:
        activate(l, l.z, l.rz);
        l.output = &l.act;
        l.routput = &l.ract;
        break;
      case BatchNormPlacement::before_activation:
        batchnorm_forward(l, params, v, l.z, l.rz);
        activate(l, l.norm, l.rnorm);
        l.output = &l.act;
        l.routput = &l.ract;
        break;
      case BatchNormPlacement::after_activation:
        activate(l, l.z, l.rz);
        batchnorm_forward(l, params, v, l.act, l.ract);
        l.output = &l.norm;
        l.routput = &l.rnorm;
        break;
    }
    u = l.output;
    ru = l.routput;
  }

  // The loss, its gradient in the logits and that gradient's R-derivative (the loss's Hessian
  // in the logits applied to R{logits}).
  dlogits_.resize(logits_.rows(), n);
  const double loss = nn::loss_and_gradient(loss_, logits_, y, dlogits_);
  if (r) {
    const double scale = 1.0 / static_cast<double>(n);
    switch (loss_) {
      case Loss::bce: {
        const MatrixXd p = (1.0 + (-logits_.array()).exp()).inverse();
        rdlogits_ = scale * p.array() * (1.0 - p.array()) * rlogits_.array();
        break;
      }
      case Loss::cross_entropy:
      case Loss::mse: {
        // p = softmax(z) per column; R{p} = p (R{z} - <p, R{z}>).
        MatrixXd p = logits_.rowwise() - logits_.colwise().maxCoeff();
        p = p.array().exp();
        p.array().rowwise() /= p.colwise().sum().array();
        const Eigen::RowVectorXd prz = (p.array() * rlogits_.array()).colwise().sum();
        const MatrixXd rp = p.array() * (rlogits_.rowwise() - prz).array();
        if (loss_ == Loss::cross_entropy) {
          rdlogits_ = scale * rp;
          break;
        }
        // dL/dz = (2/n) p (res - <p, res>), res = p - onehot: differentiated along v.
        MatrixXd res = p;
        for (Index i = 0; i < n; ++i) res(y(i), i) -= 1.0;
        const Eigen::RowVectorXd pr = (p.array() * res.array()).colwise().sum();
        const Eigen::RowVectorXd rpr =
            (rp.array() * res.array() + p.array() * rp.array()).colwise().sum();
        rdlogits_ =
            2.0 * scale *
            (rp.array() * (res.rowwise() - pr).array() + p.array() * (rp.rowwise() - rpr).array());
        break;
      }
    }
  }

  // Backward, dense layer k's dLoss/dz in d (and R{d} in rd).
  const MatrixXd* d = &dlogits_;
  const MatrixXd* rd = &rdlogits_;
  for (Index k = hidden; k >= 0; --k) {
    Layer& l = layers_[static_cast<std::size_t>(k)];
    const MatrixXd* input = k == 0 ? nullptr : layers_[static_cast<std::size_t>(k - 1)].output;
    const MatrixXd* rinput = k == 0 ? nullptr : layers_[static_cast<std::size_t>(k - 1)].routput;
    if (k < hidden) {
      // l.d, l.rd hold dLoss/d(layer output): back through batch norm and the activation.
      switch (placement_) {
        case BatchNormPlacement::none:
          activation_back(l, l.rz);
          break;
        case BatchNormPlacement::before_activation:
          activation_back(l, l.rnorm);
          batchnorm_backward(l, params, v, grad, hv);
          break;
        case BatchNormPlacement::after_activation:
          batchnorm_backward(l, params, v, grad, hv);
          activation_back(l, l.rz);
          break;
      }
      d = &l.d;
      rd = &l.rd;
    }
    auto gw = block_mut(grad, l.weight, l.out, l.in);
    if (input == nullptr) {
      gw.noalias() = (*d) * x.transpose();
    } else {
      gw.noalias() = (*d) * input->transpose();
    }
    grad.segment(l.bias, l.out) = d->rowwise().sum();
    if (r) {
      auto hw = block_mut(*hv, l.weight, l.out, l.in);
      if (input == nullptr) {
        hw.noalias() = (*rd) * x.transpose();
      } else {
        hw.noalias() = (*rd) * input->transpose();
        hw.noalias() += (*d) * rinput->transpose();
      }
      hv->segment(l.bias, l.out) = rd->rowwise().sum();
    }
    if (k == 0) break;
    Layer& prev = layers_[static_cast<std::size_t>(k - 1)];
    const auto w = block(params, l.weight, l.out, l.in);
    if (r) {
      const auto vw = block(*v, l.weight, l.out, l.in);
      prev.rd.noalias() = vw.transpose() * (*d);
      prev.rd.noalias() += w.transpose() * (*rd);
    }
    prev.d.noalias() = w.transpose() * (*d);
  }
  return loss;
}

}  // namespace optbench::nn
