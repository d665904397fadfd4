#include "optbench/functions/strict_saddle.hpp"

#include <string>

#include "optbench/core/error.hpp"

namespace optbench {

StrictSaddle::StrictSaddle(Eigen::Index dim, Eigen::Index negative)
    : TestFunction(dim), negative_(negative) {
  if (negative < 0 || negative > dim) {
    throw Error("negative", "must be in [0, dim] = [0, " + std::to_string(dim) + "], got " +
                                std::to_string(negative));
  }
}

std::vector<ParamSpec> StrictSaddle::params() {
  ParamSpec negative;
  negative.name = "negative";
  negative.type = SettingType::Integer;
  negative.default_value = std::int64_t{1};
  negative.min = 0.0;
  negative.help = "number k of escape directions (the first k coordinates), at most dim";
  return {negative};
}

std::unique_ptr<StrictSaddle> StrictSaddle::create(Eigen::Index dim, const Settings& params) {
  return std::make_unique<StrictSaddle>(dim, static_cast<Eigen::Index>(params.integer("negative")));
}

double StrictSaddle::value_and_gradient(Eigen::Ref<const Eigen::VectorXd> x,
                                        Eigen::Ref<Eigen::VectorXd> grad) const {
  double sum = 0.0;
  for (Eigen::Index i = 0; i < x.size(); ++i) {
    const double square = x(i) * x(i);
    if (i < negative_) {
      sum += square * square / 4.0 - square / 2.0;
      grad(i) = x(i) * (square - 1.0);
    } else {
      sum += square / 2.0;
      grad(i) = x(i);
    }
  }
  return sum;
}

void StrictSaddle::hessian(Eigen::Ref<const Eigen::VectorXd> x,
                           Eigen::Ref<Eigen::MatrixXd> hess) const {
  hess.setZero();
  hess.diagonal() = *diagonal_hessian(x);
}

std::optional<Eigen::VectorXd> StrictSaddle::diagonal_hessian(
    Eigen::Ref<const Eigen::VectorXd> x) const {
  Eigen::VectorXd diag(x.size());
  for (Eigen::Index i = 0; i < x.size(); ++i) {
    diag(i) = i < negative_ ? 3.0 * x(i) * x(i) - 1.0 : 1.0;
  }
  return diag;
}

std::vector<KnownPoint> StrictSaddle::known_points() const {
  // At 0 the Hessian is diag(-1 (k times), 1, ..., 1): a saddle, or for k = 0 the minimum and
  // for k = dim a maximum.
  // Built in place: a braced list would copy each point, at dim 1e7 five vectors at once.
  std::vector<KnownPoint> points;
  points.reserve(2);
  if (negative_ == 0) {
    points.push_back({Eigen::VectorXd::Zero(dim()), PointClass::LocalMinimum});
    return points;
  }
  const PointClass origin = negative_ == dim() ? PointClass::LocalMaximum : PointClass::SaddlePoint;
  points.push_back({Eigen::VectorXd::Zero(dim()), origin});
  points.push_back({Eigen::VectorXd::Zero(dim()), PointClass::LocalMinimum});
  points.back().x.head(negative_).setOnes();
  return points;
}

}  // namespace optbench
