#include "optbench/optimizers/optimizer.hpp"

#include <stdexcept>
#include <string>

#include "state_check.hpp"

namespace optbench {

void Optimizer::step(Eigen::Ref<Eigen::VectorXf> /*params*/,
                     Eigen::Ref<const Eigen::VectorXf> /*grad*/) {
  throw std::logic_error("this optimizer has no float32 update (supports_float32() is false)");
}

double Optimizer::begin_with_objective(Eigen::Ref<Eigen::VectorXd> /*x*/,
                                       Objective& /*objective*/) {
  throw std::logic_error("this optimizer is stepped with gradients (drives_objective() is false)");
}

double Optimizer::step_with_objective(Eigen::Ref<Eigen::VectorXd> /*x*/, Objective& /*objective*/) {
  throw std::logic_error("this optimizer is stepped with gradients (drives_objective() is false)");
}

namespace detail {

void throw_not_reset(const char* name, Eigen::Index size, const char* dtype) {
  const std::string n = std::to_string(size);
  throw std::logic_error(std::string(name) + ": step on " + n + " " + dtype +
                         " parameters, but the last reset() was not reset(" + n +
                         ", Precision::" + dtype + ")");
}

}  // namespace detail

}  // namespace optbench
