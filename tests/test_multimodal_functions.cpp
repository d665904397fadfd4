// The multimodal functions against the values the references print (Jamil & Yang, 2013, "A
// literature survey of benchmark functions for global optimization problems"; Surjanovic &
// Bingham, Virtual Library of Simulation Experiments, sfu.ca/~ssurjano) and closed forms.
// Derivatives and critical points are checked for every registered function in
// test_functions.cpp.

#include <gtest/gtest.h>

#include <cmath>
#include <numbers>

#include "optbench/functions/function_registry.hpp"
#include "optbench/functions/michalewicz.hpp"
#include "optbench/functions/schwefel.hpp"

namespace optbench {
namespace {

Eigen::VectorXd vec(std::initializer_list<double> values) {
  Eigen::VectorXd v(static_cast<Eigen::Index>(values.size()));
  Eigen::Index i = 0;
  for (const double value : values) v(i++) = value;
  return v;
}

TEST(Multimodal, AckleyZeroAtTheOriginAndItsClosedFormAtOnes) {
  for (const Eigen::Index dim : {1, 2, 10}) {
    const auto f = make_function("ackley", dim, Settings{});
    EXPECT_NEAR(f->value(Eigen::VectorXd::Zero(dim)), 0.0, 1e-14);
    // At (1, ..., 1): every cosine is 1, the root mean square 1: 20 (1 - exp(-0.2)).
    EXPECT_NEAR(f->value(Eigen::VectorXd::Ones(dim)), 20.0 * (1.0 - std::exp(-0.2)), 1e-13);
    Eigen::VectorXd grad(dim);
    f->value_and_gradient(Eigen::VectorXd::Zero(dim), grad);
    EXPECT_TRUE(grad.isZero(0.0));
  }
}

TEST(Multimodal, GriewankZeroAtTheOriginAndItsClosedFormElsewhere) {
  const auto f = make_function("griewank", 2, Settings{});
  EXPECT_EQ(f->value(vec({0.0, 0.0})), 0.0);
  // x = (pi, 0): 1 + pi^2 / 4000 - cos(pi) cos(0).
  EXPECT_NEAR(f->value(vec({std::numbers::pi, 0.0})),
              2.0 + std::numbers::pi * std::numbers::pi / 4000.0, 1e-15);
  // x_2 = pi sqrt(2): the second cosine is cos(pi) = -1.
  const double x2 = std::numbers::pi * std::sqrt(2.0);
  EXPECT_NEAR(f->value(vec({0.0, x2})), 2.0 + x2 * x2 / 4000.0, 1e-15);
}

TEST(Multimodal, SchwefelGlobalMinimumAsTheReferencesGiveIt) {
  // Surjanovic & Bingham: f(x*) = 0 at x* = (420.9687, ..., 420.9687), to the 4 digits printed.
  for (const Eigen::Index dim : {1, 2, 5, 10}) {
    const auto f = make_function("schwefel", dim, Settings{});
    const double d = static_cast<double>(dim);
    EXPECT_NEAR(f->value(Eigen::VectorXd::Constant(dim, 420.9687)), 0.0, 1e-4 * d);
    // The offset 418.9829 is the coordinate minimum rounded: f* = 1.2727566294e-5 D.
    EXPECT_NEAR(*f->f_star(), 1.272756629373e-5 * d, 1e-12 * d);
    EXPECT_NEAR(f->value(f->known_points().front().x), *f->f_star(), 1e-11 * d);
  }
  // Each coordinate: -t sin(sqrt|t|) is stationary at the tabulated points, which alternate.
  for (int k = 0; k < 14; ++k) {
    const double t = Schwefel::kCritical[k];
    const double s = std::sqrt(std::abs(t));
    EXPECT_NEAR(std::sin(s) + 0.5 * s * std::cos(s), 0.0, 1e-13) << t;
  }
  EXPECT_EQ(Schwefel::kMinimumAt, Schwefel::kCritical[13]);
  // The deceptive second-best point: every coordinate at -302.5249.
  const auto f = make_function("schwefel", 2, Settings{});
  EXPECT_NEAR(f->value(vec({-302.5249, -302.5249})), 2.0 * (418.9829 - 300.5446), 1e-3);
}

TEST(Multimodal, LevyZeroAtOnesAndItsClosedFormAtAnotherLatticePoint) {
  for (const Eigen::Index dim : {1, 2, 7}) {
    const auto f = make_function("levy", dim, Settings{});
    EXPECT_NEAR(f->value(Eigen::VectorXd::Ones(dim)), 0.0, 1e-30);
  }
  // x = (1, 1, 5): w = (1, 1, 2); only the last term is left: (2 - 1)^2 (1 + sin^2(4 pi)) = 1.
  const auto f = make_function("levy", 3, Settings{});
  EXPECT_NEAR(f->value(vec({1.0, 1.0, 5.0})), 1.0, 1e-14);
  // x = (-3, 1): w1 = 0, so sin^2(0) + (0 - 1)^2 (1 + 10 sin^2(1)) + 0.
  const auto g = make_function("levy", 2, Settings{});
  EXPECT_NEAR(g->value(vec({-3.0, 1.0})), 1.0 + 10.0 * std::sin(1.0) * std::sin(1.0), 1e-14);
}

TEST(Multimodal, MichalewiczMinimaAsTheReferencesPrintThem) {
  // Jamil & Yang / Surjanovic & Bingham: f* = -1.8013 (D = 2) at (2.20, 1.57), -4.687658 (D = 5),
  // -9.66015 (D = 10), each to the digits printed.
  const auto two = make_function("michalewicz", 2, Settings{});
  EXPECT_NEAR(*two->f_star(), -1.8013, 5e-5);
  const Eigen::VectorXd at = two->known_points().front().x;
  EXPECT_NEAR(at(0), 2.20, 5e-3);
  EXPECT_NEAR(at(1), 1.57, 5e-3);
  EXPECT_NEAR(*make_function("michalewicz", 5, Settings{})->f_star(), -4.687658, 5e-7);
  EXPECT_NEAR(*make_function("michalewicz", 10, Settings{})->f_star(), -9.66015, 5e-6);
  // The second coordinate's minimum is sin(pi/2) sin^20(2 (pi/2)^2 / pi) = 1 exactly at pi/2.
  const auto minima = Michalewicz::coordinate_minima(1);
  ASSERT_EQ(minima.size(), 2u);
  EXPECT_NEAR(minima[0].first, std::numbers::pi / 2.0, 1e-12);
  EXPECT_NEAR(minima[0].second, -1.0, 1e-15);
  // The coordinate minima count the crests of sin^20(i t^2 / pi) in [0, pi]: about i of them.
  EXPECT_EQ(Michalewicz::coordinate_minima(0).size(), 1u);
  EXPECT_EQ(Michalewicz::coordinate_minima(4).size(), 5u);
  // A plateau: far from every crest f and its gradient vanish to many digits.
  Eigen::VectorXd grad(2);
  EXPECT_GT(two->value_and_gradient(vec({0.3, 0.3}), grad), -1e-15);
  EXPECT_LT(grad.norm(), 1e-12);
}

}  // namespace
}  // namespace optbench
