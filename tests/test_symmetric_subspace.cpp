// The symmetric subspaces the network critical-point search restricts itself to: the gradient at
// a point inside one lies inside it (switched-off units get exactly 0, tied units equal
// components), which is why a critical point of the restricted loss is one of the whole loss;
// the reduced gradient and Hessian are P^T g and P^T H P.

#include <gtest/gtest.h>

#include <cmath>
#include <set>
#include <string>
#include <vector>

#include "../experiments/symmetric_subspace.hpp"
#include "optbench/core/random.hpp"
#include "optbench/nn/hessian_vector.hpp"
#include "optbench/nn/mlp.hpp"

namespace optbench {
namespace {

nn::Mlp network(const std::string& activation, std::vector<int> hidden) {
  nn::MlpSpec spec;
  spec.inputs = 3;
  spec.hidden = std::move(hidden);
  spec.classes = 4;
  spec.activation = activation;
  spec.init = "xavier";
  return nn::Mlp(spec);
}

struct Batch {
  Eigen::MatrixXd x;
  Eigen::VectorXi y;
};

Batch batch(std::uint64_t seed) {
  Rng rng(seed);
  Batch b{Eigen::MatrixXd(3, 40), Eigen::VectorXi(40)};
  for (Eigen::Index j = 0; j < 40; ++j) {
    for (Eigen::Index i = 0; i < 3; ++i) b.x(i, j) = rng.normal();
    b.y(j) = static_cast<int>(j % 4);
  }
  return b;
}

// A point of the subspace, away from its starting values.
Eigen::VectorXd inside(const nn::Mlp& model, const SymmetricSubspace& subspace, Rng& rng) {
  Eigen::VectorXd params(model.parameter_count());
  for (Eigen::Index i = 0; i < params.size(); ++i) params(i) = rng.normal();
  subspace.project(params);
  return params;
}

TEST(SymmetricSubspace, TheGradientInsideStaysInside) {
  for (int start = 0; start < 12; ++start) {
    nn::Mlp model = network("tanh", {5, 4});
    Rng rng(100 + static_cast<std::uint64_t>(start));
    const SymmetricSubspace subspace(model, start, 0.5, rng);
    EXPECT_EQ(subspace.units_off(), start % 6 + start % 5) << start;
    const Eigen::VectorXd params = inside(model, subspace, rng);
    const Batch b = batch(7);
    nn::MlpHessian curvature(model);
    Eigen::VectorXd grad(model.parameter_count());
    curvature.loss_and_gradient(params, b.x, b.y, grad);
    // Projecting the gradient changes nothing: it is already in the subspace (to rounding in the
    // tied groups, whose members are computed by the same arithmetic on equal numbers).
    Eigen::VectorXd projected = grad;
    subspace.project(projected);
    EXPECT_LE((projected - grad).lpNorm<Eigen::Infinity>(), 1e-15 * (1.0 + grad.norm()))
        << "start " << start;
    // Coordinates outside every group (switched-off units) are exactly 0.
    for (Eigen::Index i = 0; i < grad.size(); ++i) {
      if (projected(i) == 0.0) {
        EXPECT_EQ(grad(i), 0.0) << "start " << start << " index " << i;
      }
    }
  }
}

TEST(SymmetricSubspace, ReducedGradientAndHessianAreThoseOfTheRestriction) {
  nn::Mlp model = network("tanh", {5, 4});
  Rng rng(3);
  const SymmetricSubspace subspace(model, 2, 0.5, rng);
  ASSERT_GT(subspace.units_tied(), 0);
  const Eigen::Index k = subspace.reduced_size();
  const Eigen::VectorXd params = inside(model, subspace, rng);
  const Batch b = batch(11);
  nn::MlpHessian curvature(model);
  const Eigen::Index n = model.parameter_count();
  Eigen::MatrixXd hessian(n, n);
  curvature.hessian(params, b.x, b.y, hessian);
  Eigen::MatrixXd reduced(k, k);
  subspace.reduce_hessian(hessian, reduced);
  Eigen::VectorXd grad(n);
  Eigen::VectorXd reduced_grad(k);
  curvature.loss_and_gradient(params, b.x, b.y, grad);
  subspace.reduce_gradient(grad, reduced_grad);
  for (int trial = 0; trial < 3; ++trial) {
    Eigen::VectorXd s(k);
    for (Eigen::Index a = 0; a < k; ++a) s(a) = rng.normal();
    Eigen::VectorXd direction = Eigen::VectorXd::Zero(n);
    subspace.add_step(s, direction);  // P s
    // P^T H P s against the restriction's directional derivatives, f(theta + t P s) at t = 0:
    // d/dt = g . P s, d2/dt2 = (P s)^T H (P s).
    EXPECT_NEAR(reduced_grad.dot(s), grad.dot(direction), 1e-12 * (1.0 + grad.norm()));
    EXPECT_NEAR(s.dot(reduced * s), direction.dot(hessian * direction),
                1e-10 * (1.0 + hessian.norm() * direction.squaredNorm()));
    Eigen::VectorXd hv(n);
    curvature.hessian_vector_product(params, b.x, b.y, direction, hv);
    Eigen::VectorXd reduced_hv(k);
    subspace.reduce_gradient(hv, reduced_hv);  // P^T H P s
    EXPECT_LE((reduced * s - reduced_hv).norm(), 1e-10 * (1.0 + reduced_hv.norm()));
  }
  // restrict_gradient: the steepest-descent direction of the restriction, inside the subspace,
  // with the same first-order change as the whole gradient along any direction inside.
  Eigen::VectorXd restricted = grad;
  subspace.restrict_gradient(restricted);
  Eigen::VectorXd projected = restricted;
  subspace.project(projected);
  EXPECT_LE((projected - restricted).norm(), 1e-14 * (1.0 + restricted.norm()));
  Eigen::VectorXd s = Eigen::VectorXd::Ones(k);
  Eigen::VectorXd direction = Eigen::VectorXd::Zero(n);
  subspace.add_step(s, direction);
  EXPECT_NEAR(restricted.dot(direction), grad.dot(direction), 1e-12 * (1.0 + grad.norm()));
}

TEST(SymmetricSubspace, OnlyAnOddActivationSwitchesUnitsOff) {
  for (const char* activation : {"relu", "sigmoid"}) {
    nn::Mlp model = network(activation, {5});
    Rng rng(1);
    const SymmetricSubspace subspace(model, 3, 0.0, rng);
    EXPECT_EQ(subspace.units_off(), 0) << activation;
    EXPECT_EQ(subspace.units_tied(), 0) << activation;
    EXPECT_EQ(subspace.reduced_size(), model.parameter_count()) << activation;
  }
  nn::Mlp model = network("tanh", {5});
  Rng rng(1);
  const SymmetricSubspace subspace(model, 3, 0.0, rng);
  EXPECT_EQ(subspace.units_off(), 3);
  // Each unit off removes its 3 input weights, its bias and its 4 output weights.
  EXPECT_EQ(subspace.reduced_size(), model.parameter_count() - 3 * (3 + 1 + 4));
}

}  // namespace
}  // namespace optbench
