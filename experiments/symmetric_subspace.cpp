#include "symmetric_subspace.hpp"

#include <algorithm>
#include <map>
#include <stdexcept>
#include <string>
#include <tuple>

namespace optbench {

namespace {

constexpr int kOff = -1;

Eigen::Index offset_of(const nn::Mlp& model, const std::string& name) {
  for (const auto& [block, offset] : model.parameter_layout()) {
    if (block == name) return offset;
  }
  throw std::logic_error("SymmetricSubspace: the model has no parameter block " + name);
}

}  // namespace

SymmetricSubspace::SymmetricSubspace(const nn::Mlp& model, int start, double tie_probability,
                                     Rng& rng) {
  const nn::MlpSpec& spec = model.spec();
  // Only an odd activation makes "off" the fixed set of a symmetry (flipping the unit's sign);
  // sigmoid(0) = 1/2 would still feed the next layer, and relu has no derivative at 0.
  const bool may_switch_off = model.activation() == nn::Activation::tanh;
  // representative[l][u]: the unit of hidden layer l whose weights unit u shares (itself when
  // free), kOff when switched off.
  std::vector<std::vector<int>> representative(spec.hidden.size());
  for (std::size_t l = 0; l < spec.hidden.size(); ++l) {
    const int width = spec.hidden[l];
    const int off = may_switch_off ? start % (width + 1) : 0;
    std::vector<int>& rep = representative[l];
    rep.resize(static_cast<std::size_t>(width));
    std::vector<int> free_units;
    for (int u = 0; u < width; ++u) {
      if (u >= width - off) {
        rep[static_cast<std::size_t>(u)] = kOff;
        ++units_off_;
      } else if (!free_units.empty() && rng.uniform() < tie_probability) {
        const auto pick =
            static_cast<std::size_t>(rng.uniform() * static_cast<double>(free_units.size()));
        rep[static_cast<std::size_t>(u)] = free_units[std::min(pick, free_units.size() - 1)];
        ++units_tied_;
      } else {
        rep[static_cast<std::size_t>(u)] = u;
        free_units.push_back(u);
      }
    }
  }
  // A unit of layer l is a row of layer l's weight and bias and a column of layer l+1's weight;
  // inputs and outputs are their own representatives.
  const auto unit = [&](std::size_t layer, Eigen::Index u) -> int {
    if (layer >= representative.size()) return static_cast<int>(u);
    return representative[layer][static_cast<std::size_t>(u)];
  };
  in_group_.assign(static_cast<std::size_t>(model.parameter_count()), 0);
  std::map<std::tuple<std::size_t, int, int>, std::size_t> group_of;
  const auto place = [&](Eigen::Index index, std::size_t layer, int row, int column) {
    if (row == kOff || column == kOff) return;
    const auto [it, added] = group_of.try_emplace({layer, row, column}, groups_.size());
    if (added) groups_.emplace_back();
    groups_[it->second].push_back(index);
    in_group_[static_cast<std::size_t>(index)] = 1;
  };
  Eigen::Index inputs = model.inputs();
  for (std::size_t l = 0; l <= spec.hidden.size(); ++l) {
    const std::string name = "layer" + std::to_string(l);
    const Eigen::Index outputs =
        l < spec.hidden.size() ? static_cast<Eigen::Index>(spec.hidden[l]) : model.outputs();
    const Eigen::Index weight = offset_of(model, name + ".weight");
    const Eigen::Index bias = offset_of(model, name + ".bias");
    for (Eigen::Index c = 0; c < inputs; ++c) {
      const int column = l == 0 ? static_cast<int>(c) : unit(l - 1, c);
      for (Eigen::Index r = 0; r < outputs; ++r) {
        place(weight + r + c * outputs, l, unit(l, r), column);
      }
    }
    // Column -2 marks the bias, which no input column can be.
    for (Eigen::Index r = 0; r < outputs; ++r) place(bias + r, l, unit(l, r), -2);
    inputs = outputs;
  }
}

void SymmetricSubspace::project(Eigen::Ref<Eigen::VectorXd> params) const {
  for (std::size_t i = 0; i < in_group_.size(); ++i) {
    if (!in_group_[i]) params(static_cast<Eigen::Index>(i)) = 0.0;
  }
  for (const auto& group : groups_) {
    double sum = 0.0;
    for (const Eigen::Index i : group) sum += params(i);
    const double mean = sum / static_cast<double>(group.size());
    for (const Eigen::Index i : group) params(i) = mean;
  }
}

void SymmetricSubspace::reduce_gradient(const Eigen::Ref<const Eigen::VectorXd>& grad,
                                        Eigen::Ref<Eigen::VectorXd> reduced) const {
  for (std::size_t a = 0; a < groups_.size(); ++a) {
    double sum = 0.0;
    for (const Eigen::Index i : groups_[a]) sum += grad(i);
    reduced(static_cast<Eigen::Index>(a)) = sum;
  }
}

void SymmetricSubspace::reduce_hessian(const Eigen::Ref<const Eigen::MatrixXd>& hessian,
                                       Eigen::Ref<Eigen::MatrixXd> reduced) const {
  const auto k = static_cast<Eigen::Index>(groups_.size());
  // Rows first (k x n), then columns: O(n^2) rather than the O(n^2 k) of P^T H P.
  Eigen::MatrixXd rows = Eigen::MatrixXd::Zero(k, hessian.cols());
  for (Eigen::Index a = 0; a < k; ++a) {
    for (const Eigen::Index i : groups_[static_cast<std::size_t>(a)]) rows.row(a) += hessian.row(i);
  }
  for (Eigen::Index b = 0; b < k; ++b) {
    reduced.col(b).setZero();
    for (const Eigen::Index j : groups_[static_cast<std::size_t>(b)]) reduced.col(b) += rows.col(j);
  }
}

void SymmetricSubspace::add_step(const Eigen::Ref<const Eigen::VectorXd>& step,
                                 Eigen::Ref<Eigen::VectorXd> params) const {
  for (std::size_t a = 0; a < groups_.size(); ++a) {
    for (const Eigen::Index i : groups_[a]) params(i) += step(static_cast<Eigen::Index>(a));
  }
}

void SymmetricSubspace::restrict_gradient(Eigen::Ref<Eigen::VectorXd> grad) const {
  Eigen::VectorXd reduced(reduced_size());
  reduce_gradient(grad, reduced);
  grad.setZero();
  for (std::size_t a = 0; a < groups_.size(); ++a) {
    const double mean =
        reduced(static_cast<Eigen::Index>(a)) / static_cast<double>(groups_[a].size());
    for (const Eigen::Index i : groups_[a]) grad(i) = mean;
  }
}

}  // namespace optbench
