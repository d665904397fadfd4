// The exact Hessian of a network's loss: Pearlmutter's R-operator against finite differences of
// the gradient, the dense Hessian's eigenvalues against Lanczos (extremes) and stochastic Lanczos
// quadrature (negative share), Hutchinson's trace against the dense trace.

#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

#include <Eigen/Eigenvalues>

#include "optbench/analysis/spectrum.hpp"
#include "optbench/core/random.hpp"
#include "optbench/nn/hessian_vector.hpp"
#include "optbench/nn/mlp.hpp"
#include "test_support.hpp"

namespace optbench {
namespace {

struct Net {
  std::string activation;
  std::string batchnorm;
  std::string loss;
  bool affine = true;
  bool running = true;
  int classes = 3;
};

std::string name_of(const Net& n) {
  return n.activation + "/" + n.batchnorm + "/" + n.loss + (n.affine ? "" : "/no-affine") +
         (n.running ? "" : "/batch-stats");
}

// A seeded network on a seeded batch: weights spread enough that the loss is far from quadratic,
// running statistics away from (0, 1).
struct Problem {
  nn::Mlp model;
  Eigen::VectorXd params;
  Eigen::MatrixXd x;
  Eigen::VectorXi y;

  Problem(const Net& net, std::uint64_t seed, std::vector<int> hidden = {7, 5})
      : model([&] {
          nn::MlpSpec spec;
          spec.inputs = 4;
          spec.hidden = std::move(hidden);
          spec.classes = net.classes;
          spec.activation = net.activation;
          spec.batchnorm = net.batchnorm;
          spec.batchnorm_affine = net.affine;
          spec.batchnorm_track_running_stats = net.running;
          spec.loss = net.loss;
          spec.init = "xavier";
          return spec;
        }()) {
    Rng rng(seed);
    params.resize(model.parameter_count());
    model.initialize(params, rng);
    for (Eigen::Index i = 0; i < params.size(); ++i) params(i) += 0.3 * rng.normal();
    Eigen::VectorXd state = model.state();
    for (Eigen::Index i = 0; i < state.size(); ++i) {
      state(i) = i % 2 == 0 ? 0.2 * rng.normal() : 0.5 + rng.uniform();
    }
    // state_layout: mean then var per layer, each `width` long; redo the variances positive.
    for (const auto& [name, offset] : model.state_layout()) {
      if (name.find("running_var") == std::string::npos) continue;
      const auto width =
          static_cast<Eigen::Index>(model.spec().hidden[static_cast<std::size_t>(name[2] - '0')]);
      for (Eigen::Index i = 0; i < width; ++i) state(offset + i) = 0.5 + rng.uniform();
    }
    model.set_state(state);
    x.resize(4, 30);
    y.resize(30);
    for (Eigen::Index j = 0; j < x.cols(); ++j) {
      for (Eigen::Index i = 0; i < x.rows(); ++i) x(i, j) = rng.normal();
      y(j) = static_cast<int>(rng.next() % static_cast<std::uint64_t>(net.classes));
    }
  }
};

std::vector<Net> smooth_networks() {
  std::vector<Net> nets;
  for (const char* act : {"tanh", "sigmoid"}) {
    for (const char* bn : {"none", "before_activation", "after_activation"}) {
      for (const char* loss : {"cross_entropy", "mse"}) nets.push_back({act, bn, loss});
    }
  }
  nets.push_back({"tanh", "before_activation", "bce", true, true, 2});
  nets.push_back({"tanh", "after_activation", "cross_entropy", false, true});
  nets.push_back({"sigmoid", "before_activation", "cross_entropy", true, false});
  nets.push_back({"tanh", "after_activation", "mse", false, false});
  nets.push_back({"tanh", "none", "bce", true, true, 2});
  return nets;
}

TEST(NetworkHessian, GradientIsTheModelsEvalGradient) {
  for (const Net& net : smooth_networks()) {
    Problem p(net, 11);
    nn::MlpHessian hessian(p.model);
    Eigen::VectorXd ours(p.params.size());
    Eigen::VectorXd theirs(p.params.size());
    const double a = hessian.loss_and_gradient(p.params, p.x, p.y, ours);
    const double b = p.model.eval_loss_and_gradient(p.params, p.x, p.y, theirs);
    EXPECT_NEAR(a, b, 1e-12 * std::abs(b)) << name_of(net);
    EXPECT_LE((ours - theirs).norm(), 1e-12 * theirs.norm()) << name_of(net);
  }
}

// H v against (g(p + h v) - g(p - h v)) / 2h: O(h^2) = 1e-10 relative, rounding ~1e-11.
TEST(NetworkHessian, ProductMatchesFiniteDifferencesOfTheGradient) {
  for (const Net& net : smooth_networks()) {
    Problem p(net, 23);
    nn::MlpHessian hessian(p.model);
    Rng rng(5);
    Eigen::VectorXd v(p.params.size());
    for (Eigen::Index i = 0; i < v.size(); ++i) v(i) = rng.normal();
    Eigen::VectorXd hv(v.size());
    hessian.hessian_vector_product(p.params, p.x, p.y, v, hv);
    const double h = 1e-5;
    Eigen::VectorXd plus(v.size());
    Eigen::VectorXd minus(v.size());
    const Eigen::VectorXd up = p.params + h * v;
    const Eigen::VectorXd down = p.params - h * v;
    hessian.loss_and_gradient(up, p.x, p.y, plus);
    hessian.loss_and_gradient(down, p.x, p.y, minus);
    const Eigen::VectorXd fd = (plus - minus) / (2.0 * h);
    EXPECT_LE((hv - fd).norm(), 1e-7 * fd.norm()) << name_of(net);
    EXPECT_GT(hv.norm(), 1e-3) << name_of(net);
  }
}

// ReLU: the product is the one autograd gives (ReLU'' = 0), which the finite differences of
// Mlp::eval_hessian_vector_product reproduce with the on/off pattern held.
TEST(NetworkHessian, ReluProductMatchesPatternHeldDifferences) {
  for (const char* bn : {"none", "before_activation", "after_activation"}) {
    const Net net{"relu", bn, "cross_entropy"};
    Problem p(net, 31);
    nn::MlpHessian hessian(p.model);
    Rng rng(6);
    Eigen::VectorXd v(p.params.size());
    for (Eigen::Index i = 0; i < v.size(); ++i) v(i) = rng.normal();
    Eigen::VectorXd hv(v.size());
    Eigen::VectorXd fd(v.size());
    hessian.hessian_vector_product(p.params, p.x, p.y, v, hv);
    p.model.eval_hessian_vector_product(p.params, p.x, p.y, v, 1e-5, fd);
    EXPECT_LE((hv - fd).norm(), 1e-7 * fd.norm()) << bn;
  }
}

TEST(NetworkHessian, DenseHessianColumnsAreProducts) {
  const Net net{"tanh", "before_activation", "cross_entropy"};
  Problem p(net, 41);
  nn::MlpHessian hessian(p.model);
  const Eigen::Index n = p.params.size();
  Eigen::MatrixXd h(n, n);
  hessian.hessian(p.params, p.x, p.y, h);
  // Column i by central differences of the gradient along e_i.
  Eigen::VectorXd plus(n);
  Eigen::VectorXd minus(n);
  for (const Eigen::Index i : {Eigen::Index{0}, n / 3, n - 1}) {
    Eigen::VectorXd up = p.params;
    Eigen::VectorXd down = p.params;
    up(i) += 1e-5;
    down(i) -= 1e-5;
    hessian.loss_and_gradient(up, p.x, p.y, plus);
    hessian.loss_and_gradient(down, p.x, p.y, minus);
    const Eigen::VectorXd fd = (plus - minus) / 2e-5;
    EXPECT_LE((h.col(i) - fd).norm(), 1e-7 * std::max(1.0, fd.norm())) << i;
  }
  EXPECT_EQ((h - h.transpose()).cwiseAbs().maxCoeff(), 0.0);
}

// Networks with negative curvature: Lanczos's extremes equal the dense ones to 1e-8 relative,
// and SLQ's negative share is within 0.02 of the dense count.
struct SpectrumCase {
  Net net;
  std::uint64_t seed;
};

std::vector<SpectrumCase> spectrum_cases() {
  return {{{"tanh", "none", "cross_entropy"}, 1},
          {{"tanh", "none", "mse"}, 2},
          {{"sigmoid", "none", "cross_entropy"}, 3},
          {{"tanh", "before_activation", "cross_entropy"}, 4},
          {{"tanh", "after_activation", "cross_entropy"}, 5},
          {{"relu", "before_activation", "cross_entropy"}, 6},
          {{"sigmoid", "before_activation", "mse", true, false}, 7}};
}

TEST(NetworkHessian, LanczosExtremesEqualTheDenseOnes) {
  for (const auto& [net, seed] : spectrum_cases()) {
    Problem p(net, seed);
    nn::MlpHessian hessian(p.model);
    const Eigen::Index n = p.params.size();
    Eigen::MatrixXd h(n, n);
    hessian.hessian(p.params, p.x, p.y, h);
    const Eigen::VectorXd dense =
        Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd>(h, Eigen::EigenvaluesOnly).eigenvalues();
    const HessianProduct product = [&](const Eigen::VectorXd& v, Eigen::VectorXd& hv) {
      hessian.hessian_vector_product(p.params, p.x, p.y, v, hv);
    };
    Rng rng(seed);
    SpectrumOptions options;
    options.probes = 1;
    options.lanczos_steps = 80;
    const SpectrumEstimate est = estimate_spectrum(product, n, rng, options);
    const double scale = spectrum_scale(dense);
    ASSERT_LT(dense(0), -1e-3 * scale) << name_of(net) << ": no negative curvature to find";
    EXPECT_NEAR(est.min_eigenvalue, dense(0), 1e-8 * scale) << name_of(net) << " n=" << n;
    EXPECT_NEAR(est.max_eigenvalue, dense(n - 1), 1e-8 * scale) << name_of(net) << " n=" << n;
  }
}

TEST(NetworkHessian, SlqNegativeShareMatchesTheDenseCount) {
  std::size_t case_number = 0;
  for (const auto& [net, seed] : spectrum_cases()) {
    const std::size_t this_case = case_number++;
    // 6000 Hessian-vector products a case: under the sanitizers three cases (no batch norm, batch
    // norm after the activation, and before it without affine parameters or running statistics),
    // two minutes otherwise.
    if (testing::kSanitized && this_case != 0 && this_case != 4 && this_case != 6) continue;
    Problem p(net, seed + 100, {12, 10});
    nn::MlpHessian hessian(p.model);
    const Eigen::Index n = p.params.size();
    Eigen::MatrixXd h(n, n);
    hessian.hessian(p.params, p.x, p.y, h);
    const Eigen::VectorXd dense =
        Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd>(h, Eigen::EigenvaluesOnly).eigenvalues();
    const HessianProduct product = [&](const Eigen::VectorXd& v, Eigen::VectorXd& hv) {
      hessian.hessian_vector_product(p.params, p.x, p.y, v, hv);
    };
    Rng rng(seed);
    SpectrumOptions options;
    // The spectrum has mass right at -tol (a near-continuum of small eigenvalues): Gauss
    // quadrature resolves the step there only with many nodes; 60 steps are off by up to 0.056.
    options.probes = 40;
    options.lanczos_steps = 150;
    const SpectrumEstimate est = estimate_spectrum(product, n, rng, options);
    const double expected = negative_fraction(dense, options.tolerance);
    EXPECT_GT(expected, 0.02) << name_of(net);
    EXPECT_NEAR(est.negative_fraction, expected, 0.02) << name_of(net) << " n=" << n;
    // Hutchinson with Rademacher probes: variance 2 sum_{i != j} H_ij^2 per probe.
    const double off = h.squaredNorm() - h.diagonal().squaredNorm();
    const double sd = std::sqrt(2.0 * off / options.probes);
    EXPECT_NEAR(est.trace, h.trace(), 4.0 * sd) << name_of(net);
    EXPECT_EQ(est.products, options.probes * options.lanczos_steps);
    // The density integrates to 1 (the grid spans the Gaussians' +-5 sigma).
    const SpectralDensity density = spectral_density(est, 400);
    const double step = density.grid(1) - density.grid(0);
    EXPECT_NEAR(density.density.sum() * step, 1.0, 1e-3) << name_of(net);
  }
}

TEST(NetworkHessian, ClassificationTolerancesScaleWithTheSpectrum) {
  EXPECT_EQ(classify_extremes(-1e-3, 1.0, 1e-2), PointClass::LocalMinimum);
  EXPECT_EQ(classify_extremes(-2e4, 1e6, 1e-2), PointClass::SaddlePoint);
  EXPECT_EQ(classify_extremes(-1e3, 1e6, 1e-2), PointClass::LocalMinimum);
  EXPECT_EQ(classify_extremes(-1e-7, 1e-6, 1e-2), PointClass::SaddlePoint);
  EXPECT_EQ(classify_extremes(-2e-2, 1.0, 1e-2), PointClass::SaddlePoint);
  EXPECT_EQ(classify_extremes(0.0, 0.0, 1e-2), PointClass::Inconclusive);
  EXPECT_EQ(classify_extremes(std::nan(""), 1.0, 1e-2), PointClass::Inconclusive);
  for (const double c : {1e-8, 1.0, 1e8}) {
    EXPECT_EQ(classify_extremes(-0.5 * c, 100.0 * c, 1e-2), PointClass::LocalMinimum) << c;
    EXPECT_EQ(classify_extremes(-2.0 * c, 100.0 * c, 1e-2), PointClass::SaddlePoint) << c;
  }
  const Eigen::Vector4d eigenvalues(-3.0, -1e-6, 0.5, 10.0);
  EXPECT_DOUBLE_EQ(negative_fraction(eigenvalues, 1e-3), 0.25);
  EXPECT_DOUBLE_EQ(negative_fraction(1e9 * eigenvalues, 1e-3), 0.25);
  EXPECT_DOUBLE_EQ(negative_fraction(eigenvalues, 1e-8), 0.5);
}

}  // namespace
}  // namespace optbench
