#include "sign_sgd.hpp"

#include <cmath>

namespace example {

void SignSgd::step(Eigen::Ref<Eigen::VectorXd> params, Eigen::Ref<const Eigen::VectorXd> grad) {
  params -= lr_ * grad.unaryExpr([](double g) { return double((g > 0.0) - (g < 0.0)); });
}

optbench::OptimizerInfo sign_sgd_info() {
  optbench::OptimizerInfo info;
  info.name = "sign_sgd";
  info.summary = "sign-SGD: x <- x - lr * sign(g), sign(0) = 0 (examples/custom_optimizer)";
  info.params = {optbench::number_param("lr", optbench::SettingType::Real, 0.01, 0.0, HUGE_VAL,
                                        "step length", /*min_open=*/true)};
  info.make = [](const optbench::Settings& s) { return std::make_unique<SignSgd>(s.real("lr")); };
  return info;
}

void register_sign_sgd() {
  optbench::register_optimizer(sign_sgd_info());
}

}  // namespace example
