#pragma once
// The interface every test function implements: analytic value, gradient and Hessian.

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <Eigen/Core>

#include "optbench/functions/point_class.hpp"

namespace optbench {

/// A critical point known in closed form, with its class.
struct KnownPoint {
  Eigen::VectorXd x;
  PointClass kind;
};

/// Lower and upper bound per coordinate of a search region.
using SearchBox = std::vector<std::pair<double, double>>;

/// A smooth function of one flat parameter vector with analytic derivatives.
/// The analytic paths are the runtime ones; tests check them against Eigen's AutoDiff.
class TestFunction {
 public:
  explicit TestFunction(Eigen::Index dim) : dim_(dim) {}
  virtual ~TestFunction() = default;
  TestFunction(const TestFunction&) = delete;
  TestFunction& operator=(const TestFunction&) = delete;

  /// Number of coordinates.
  Eigen::Index dim() const { return dim_; }
  /// f(x).
  virtual double value(Eigen::Ref<const Eigen::VectorXd> x) const = 0;
  /// f(x), with the gradient written into `grad` in the same pass.
  virtual double value_and_gradient(Eigen::Ref<const Eigen::VectorXd> x,
                                    Eigen::Ref<Eigen::VectorXd> grad) const = 0;
  /// The dense Hessian at x into `hess` (dim x dim).
  virtual void hessian(Eigen::Ref<const Eigen::VectorXd> x,
                       Eigen::Ref<Eigen::MatrixXd> hess) const = 0;
  /// The diagonal of the Hessian when the Hessian is diagonal (separable functions), so large
  /// dimensions can be analysed without a dense matrix.
  virtual std::optional<Eigen::VectorXd> diagonal_hessian(
      Eigen::Ref<const Eigen::VectorXd> /*x*/) const {
    return std::nullopt;
  }
  /// The global minimum value, where it exists and is known.
  virtual std::optional<double> f_star() const { return std::nullopt; }
  /// Critical points known in closed form (minima, saddles, maxima).
  virtual std::vector<KnownPoint> known_points() const { return {}; }
  /// The default region searched for critical points.
  virtual SearchBox search_box() const {
    return SearchBox(static_cast<std::size_t>(dim_), {-5.0, 5.0});
  }

 private:
  Eigen::Index dim_;
};

}  // namespace optbench
