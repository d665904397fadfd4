#include "step_kernels.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <utility>

#include "optbench/optimizers/objective.hpp"

namespace optbench {

namespace {

class FunctionStep final : public StepKernel {
 public:
  FunctionStep(std::unique_ptr<TestFunction> f, const Eigen::VectorXd& start,
               std::unique_ptr<Optimizer> optimizer, double diverge_above)
      : f_(std::move(f)),
        optimizer_(std::move(optimizer)),
        start_(start),
        x_(start),
        grad_(start.size()),
        limit_(diverge_above) {
    dim = start.size();
    bytes_per_step = optimizer_->bytes_per_parameter() * static_cast<double>(dim);
    if (optimizer_->needs_hessian()) hess_.resize(dim, dim);
    if (optimizer_->drives_objective()) objective_ = std::make_unique<FunctionObjective>(*f_);
    optimizer_->reset(dim);
  }

  void step() override {
    if (objective_) {  // an objective-driven method: one of its steps (a generation, ...)
      const double loss = begun_ ? optimizer_->step_with_objective(x_, *objective_)
                                 : optimizer_->begin_with_objective(x_, *objective_);
      begun_ = true;
      if (!(loss <= limit_)) {
        x_ = start_;
        optimizer_->reset(dim);
        begun_ = false;
      }
      return;
    }
    const double loss = f_->value_and_gradient(x_, grad_);
    if (!(loss <= limit_)) {  // diverged (or NaN): start again, as a new run would
      x_ = start_;
      optimizer_->reset(dim);
      return;
    }
    if (hess_.size() != 0) {
      f_->hessian(x_, hess_);
      optimizer_->step_with_hessian(x_, grad_, hess_);
    } else {
      optimizer_->step(x_, grad_);
    }
  }

  Eigen::VectorXd start() const override { return start_; }

 private:
  std::unique_ptr<TestFunction> f_;
  std::unique_ptr<Optimizer> optimizer_;
  Eigen::VectorXd start_;
  Eigen::VectorXd x_;
  Eigen::VectorXd grad_;
  Eigen::MatrixXd hess_;
  double limit_;
  std::unique_ptr<FunctionObjective> objective_;
  bool begun_ = false;
};

template <typename Scalar>
class TrainingStep final : public StepKernel {
 public:
  using Vector = Eigen::Matrix<Scalar, Eigen::Dynamic, 1>;
  using Matrix = Eigen::Matrix<Scalar, Eigen::Dynamic, Eigen::Dynamic>;

  TrainingStep(const nn::MlpSpec& spec, const Eigen::VectorXd& initial,
               std::unique_ptr<Optimizer> optimizer, const Dataset& train, Eigen::Index batch)
      : model_(spec),
        optimizer_(std::move(optimizer)),
        train_(train),
        x_(features_as<Scalar>(train.x, x_copy_)),
        initial_(initial.cast<Scalar>()),
        params_(initial_),
        grad_(initial.size()) {
    if (initial.size() != model_.parameter_count()) {
      throw std::invalid_argument("TrainingStep: the initial parameters do not fit the model");
    }
    dim = initial.size();
    batch_size = std::min(batch, train.samples());
    // No bytes_per_step: the update's traffic is a small part of a training step's.
    optimizer_->reset(dim, precision());
  }

  void step() override {
    const double loss = model_.loss_and_gradient(params_, x_.middleCols(next_, batch_size),
                                                 train_.y.segment(next_, batch_size), grad_);
    next_ += batch_size;
    if (next_ + batch_size > train_.samples()) next_ = 0;
    if (!std::isfinite(loss)) {
      params_ = initial_;
      optimizer_->reset(dim, precision());
      model_.reset_state();
      return;
    }
    optimizer_->step(params_, grad_);
  }

  Eigen::VectorXd start() const override { return initial_.template cast<double>(); }

 private:
  static constexpr Precision precision() { return precision_of_scalar<Scalar>(); }

  nn::BasicMlp<Scalar> model_;
  std::unique_ptr<Optimizer> optimizer_;
  const Dataset& train_;
  Matrix x_copy_;    // float32: the features rounded, made once, outside the timed steps
  const Matrix& x_;  // the features in Scalar: train.x itself for double, else x_copy_
  Vector initial_;
  Vector params_;
  Vector grad_;
  Eigen::Index next_ = 0;
};

}  // namespace

std::unique_ptr<StepKernel> make_function_step(std::unique_ptr<TestFunction> f,
                                               const Eigen::VectorXd& start,
                                               std::unique_ptr<Optimizer> optimizer,
                                               double diverge_above) {
  return std::make_unique<FunctionStep>(std::move(f), start, std::move(optimizer), diverge_above);
}

std::unique_ptr<StepKernel> make_training_step(const nn::MlpSpec& model,
                                               const Eigen::VectorXd& initial,
                                               std::unique_ptr<Optimizer> optimizer,
                                               const Dataset& train, Eigen::Index batch,
                                               Precision precision) {
  if (precision == Precision::float32) {
    return std::make_unique<TrainingStep<float>>(model, initial, std::move(optimizer), train,
                                                 batch);
  }
  return std::make_unique<TrainingStep<double>>(model, initial, std::move(optimizer), train, batch);
}

}  // namespace optbench
