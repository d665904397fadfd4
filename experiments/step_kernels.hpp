#pragma once
// Step kernels: one optimizer step of a run (a test function's, or a network's training step),
// set up to be timed without changing the run's numbers.

#include <functional>
#include <memory>

#include <Eigen/Core>

#include "optbench/data/dataset.hpp"
#include "optbench/functions/test_function.hpp"
#include "optbench/nn/mlp.hpp"
#include "optbench/optimizers/optimizer.hpp"

namespace optbench {

/// One step of a run, set up to be timed: it owns its own parameters, gradient and optimizer
/// state, so timing never changes a run's numbers. step() allocates nothing.
class StepKernel {
 public:
  virtual ~StepKernel() = default;
  /// One step: the gradient and the optimizer update.
  virtual void step() = 0;
  /// The parameters the kernel starts from (and starts again from after a divergence).
  virtual Eigen::VectorXd start() const = 0;

  Eigen::Index dim = 0;         ///< parameters updated per step
  Eigen::Index batch_size = 0;  ///< samples per step; 0 for a test function
  double bytes_per_step = 0.0;  ///< memory the optimizer update moves (0: not memory-bound)
};

/// Builds a fresh kernel; Google Benchmark calls its function several times (to find the
/// iteration count, then once per repetition) and each call starts from a fresh kernel.
using KernelFactory = std::function<std::unique_ptr<StepKernel>()>;

/// A test function's step from `start`: value_and_gradient (and the Hessian for second-order
/// methods), then the update at the optimizer's configured lr (schedules are not applied). A step
/// whose loss is not finite or exceeds `diverge_above` starts again from `start` with fresh
/// optimizer state instead of updating, so a long timing of an unstable setting stays finite.
std::unique_ptr<StepKernel> make_function_step(std::unique_ptr<TestFunction> f,
                                               const Eigen::VectorXd& start,
                                               std::unique_ptr<Optimizer> optimizer,
                                               double diverge_above);

/// One training step of an MLP: loss_and_gradient on the next `batch` consecutive samples of
/// `train` (a column block, no copy; wrapping to the first batch at the end), then the update.
/// Starts from `initial` parameters; a non-finite loss starts again from them. `train` must
/// outlive the kernel. float32 trains a float network on a float copy of the features (made
/// once, when the kernel is built) with a float32 optimizer state.
std::unique_ptr<StepKernel> make_training_step(const nn::MlpSpec& model,
                                               const Eigen::VectorXd& initial,
                                               std::unique_ptr<Optimizer> optimizer,
                                               const Dataset& train, Eigen::Index batch,
                                               Precision precision = Precision::float64);

}  // namespace optbench
