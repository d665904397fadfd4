#pragma once
// What an objective-driven optimizer sees of the function a run minimises: values and gradients
// on request, each one counted, and the box that bounds population methods.
//
// Cost model (COCO's, extended to gradients): value() is one function evaluation;
// value_and_gradient() is one function evaluation and one gradient evaluation (the pass that
// yields a gradient yields the value too, and both counts go up by one). A gradient step of a
// first-order method is therefore one evaluation and one gradient evaluation; a population
// method's generation is its population size in evaluations and no gradient evaluation.

#include <cstdint>
#include <utility>

#include <Eigen/Core>

#include "optbench/functions/test_function.hpp"

namespace optbench {

/// A counted view of a function of one flat vector. Not thread-safe: one per run.
class Objective {
 public:
  virtual ~Objective() = default;
  Objective(const Objective&) = delete;
  Objective& operator=(const Objective&) = delete;

  /// Number of coordinates.
  Eigen::Index dim() const { return lower_.size(); }
  /// Lower and upper bound of each coordinate of the search box (population methods sample and
  /// stay inside it; gradient methods ignore it).
  const Eigen::VectorXd& lower() const { return lower_; }
  const Eigen::VectorXd& upper() const { return upper_; }

  /// f(x): one evaluation.
  double value(Eigen::Ref<const Eigen::VectorXd> x) {
    ++evaluations_;
    return compute_value(x);
  }
  /// f(x) with its gradient into `grad`: one evaluation and one gradient evaluation.
  double value_and_gradient(Eigen::Ref<const Eigen::VectorXd> x, Eigen::Ref<Eigen::VectorXd> grad) {
    ++evaluations_;
    ++gradient_evaluations_;
    return compute_value_and_gradient(x, grad);
  }

  /// Evaluations of f so far (value() and value_and_gradient() calls).
  std::int64_t evaluations() const { return evaluations_; }
  /// Gradient evaluations so far (value_and_gradient() calls).
  std::int64_t gradient_evaluations() const { return gradient_evaluations_; }

 protected:
  /// A box of lower.size() coordinates; lower <= upper entry by entry.
  Objective(Eigen::VectorXd lower, Eigen::VectorXd upper)
      : lower_(std::move(lower)), upper_(std::move(upper)) {}
  /// f(x), uncounted.
  virtual double compute_value(Eigen::Ref<const Eigen::VectorXd> x) const = 0;
  /// f(x) and its gradient, uncounted.
  virtual double compute_value_and_gradient(Eigen::Ref<const Eigen::VectorXd> x,
                                            Eigen::Ref<Eigen::VectorXd> grad) const = 0;

 private:
  Eigen::VectorXd lower_;
  Eigen::VectorXd upper_;
  std::int64_t evaluations_ = 0;
  std::int64_t gradient_evaluations_ = 0;
};

/// The Objective of a test function over its search box (kind function's runs).
class FunctionObjective final : public Objective {
 public:
  /// `f` must outlive this object.
  explicit FunctionObjective(const TestFunction& f);
  /// The same function over another box (one [low, high] per coordinate).
  FunctionObjective(const TestFunction& f, const SearchBox& box);

 protected:
  double compute_value(Eigen::Ref<const Eigen::VectorXd> x) const override { return f_.value(x); }
  double compute_value_and_gradient(Eigen::Ref<const Eigen::VectorXd> x,
                                    Eigen::Ref<Eigen::VectorXd> grad) const override {
    return f_.value_and_gradient(x, grad);
  }

 private:
  const TestFunction& f_;
};

}  // namespace optbench
