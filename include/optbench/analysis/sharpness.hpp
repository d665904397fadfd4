#pragma once
// Sharpness: the largest eigenvalue of a network's training-loss Hessian, from Hessian-vector
// products alone (the Hessian of a network with 100k weights is never formed).

#include <Eigen/Core>

#include "optbench/core/random.hpp"
#include "optbench/nn/mlp.hpp"

namespace optbench {

/// Hessian-vector products per sharpness estimate (each is two gradients).
inline constexpr int kSharpnessSteps = 20;

/// The largest eigenvalue of the Hessian of `model`'s evaluation-mode loss on (x, y) at `params`:
/// the largest Ritz value of `steps` Lanczos steps with full reorthogonalisation, started from a
/// normal vector drawn from `rng`, on the products of Mlp::eval_hessian_vector_product (central
/// differences of the analytic gradient, ReLU patterns held). Lanczos keeps every product that
/// power iteration throws away: with the same products it converges to the largest algebraic
/// eigenvalue where power iteration is still a few per cent low, or settles on a negative
/// eigenvalue of larger modulus. Exact (to rounding and O(h^2)) once steps >= the parameter count.
/// NaN when a product is not finite. Allocates steps x parameters doubles.
double sharpness(nn::Mlp& model, const Eigen::Ref<const Eigen::VectorXd>& params,
                 const Eigen::Ref<const Eigen::MatrixXd>& x,
                 const Eigen::Ref<const Eigen::VectorXi>& y, Rng& rng, int steps = kSharpnessSteps);

}  // namespace optbench
