#pragma once
// A subspace of a network's weights that gradient descent and Newton's method never leave: some
// hidden units switched off (all their weights 0) and some tied to another unit of their layer
// (equal weights in and out). The loss restricted to it is a smaller network's loss, and a
// critical point of the restriction is a critical point of the whole loss (the subspace is the
// fixed set of a symmetry of the loss: permuting a layer's units, and for tanh flipping a
// unit's sign; Palais's principle of symmetric criticality).

#include <cstdint>
#include <vector>

#include <Eigen/Core>

#include "optbench/core/random.hpp"
#include "optbench/nn/mlp.hpp"

namespace optbench {

/// The subspace as groups of flat parameter indices: the reduced coordinate a sets every index of
/// groups[a] to one value; an index in no group is 0.
class SymmetricSubspace {
 public:
  /// Start k's subspace: in each hidden layer l, k mod (width_l + 1) units off (the last ones;
  /// tanh only: an odd activation makes "off" a symmetry's fixed set), then each remaining unit
  /// but the first tied with probability `tie_probability` to a uniformly drawn earlier free one.
  SymmetricSubspace(const nn::Mlp& model, int start, double tie_probability, Rng& rng);

  Eigen::Index reduced_size() const { return static_cast<Eigen::Index>(groups_.size()); }
  int units_off() const { return units_off_; }    ///< hidden units switched off, all layers
  int units_tied() const { return units_tied_; }  ///< hidden units tied to another one

  /// Moves `params` into the subspace: units off to 0, tied units to their group's mean.
  void project(Eigen::Ref<Eigen::VectorXd> params) const;
  /// The reduced gradient P^T g (the sum over each group).
  void reduce_gradient(const Eigen::Ref<const Eigen::VectorXd>& grad,
                       Eigen::Ref<Eigen::VectorXd> reduced) const;
  /// The reduced Hessian P^T H P (sums over pairs of groups), `reduced` reduced_size() square.
  void reduce_hessian(const Eigen::Ref<const Eigen::MatrixXd>& hessian,
                      Eigen::Ref<Eigen::MatrixXd> reduced) const;
  /// params += P step: each group's indices move by the group's step.
  void add_step(const Eigen::Ref<const Eigen::VectorXd>& step,
                Eigen::Ref<Eigen::VectorXd> params) const;
  /// Each group's mean of `grad` copied to its indices, others 0: the gradient of the loss
  /// restricted to the subspace in the full space's metric (gradient descent stays inside).
  void restrict_gradient(Eigen::Ref<Eigen::VectorXd> grad) const;

 private:
  std::vector<std::vector<Eigen::Index>> groups_;
  std::vector<char> in_group_;
  int units_off_ = 0;
  int units_tied_ = 0;
};

}  // namespace optbench
