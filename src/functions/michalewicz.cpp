#include "optbench/functions/michalewicz.hpp"

#include <algorithm>

namespace optbench {

namespace {

constexpr double kPi = std::numbers::pi;
constexpr double kPower = 2.0 * Michalewicz::kSteepness;
static_assert(Michalewicz::kSteepness == 10, "the powers below are for sin^20");

// g_i(t) = -sin t p(t), p = sin^{2m}(u), u = i t^2 / pi, and its first two derivatives:
// p' = 2m S^{2m-1} C u', p'' = 2m ((2m-1) S^{2m-2} C^2 u'^2 - S^{2m} u'^2 + S^{2m-1} C u'').
struct Term {
  double value = 0.0;
  double first = 0.0;
  double second = 0.0;
};

Term term(double index, double t) {
  const double u = index * t * t / kPi;
  const double du = 2.0 * index * t / kPi;
  const double ddu = 2.0 * index / kPi;
  const double s = std::sin(u);
  const double c = std::cos(u);
  const double s2 = s * s;
  const double s4 = s2 * s2;
  const double s16 = (s4 * s4) * (s4 * s4);
  const double s_low = s16 * s2;  // S^{2m-2}
  const double s_mid = s_low * s;
  const double p = s16 * s4;
  const double dp = kPower * s_mid * c * du;
  const double ddp =
      kPower * ((kPower - 1) * s_low * c * c * du * du - p * du * du + s_mid * c * ddu);
  const double st = std::sin(t);
  const double ct = std::cos(t);
  return {-st * p, -ct * p - st * dp, st * p - 2.0 * ct * dp - st * ddp};
}

}  // namespace

std::vector<std::pair<double, double>> Michalewicz::coordinate_minima(Eigen::Index coordinate) {
  const double index = static_cast<double>(coordinate + 1);
  std::vector<std::pair<double, double>> minima;
  for (int k = 0;; ++k) {
    double t = std::sqrt((kPi / 2.0 + k * kPi) * kPi / index);  // a crest of sin^{2m}
    if (t > kPi) break;
    for (int iteration = 0; iteration < 100; ++iteration) {
      const Term g = term(index, t);
      if (!(g.second > 0.0)) break;
      const double step = g.first / g.second;
      t -= step;
      if (std::abs(step) <= 1e-15 * std::abs(t)) break;
    }
    const Term g = term(index, t);
    // Keep converged, non-degenerate minima inside [0, pi], each once.
    if (!(t >= 0.0 && t <= kPi && g.second > 0.0 && std::abs(g.first) <= 1e-10)) continue;
    const bool seen = std::any_of(minima.begin(), minima.end(),
                                  [&](const auto& m) { return std::abs(m.first - t) <= 1e-9; });
    if (!seen) minima.emplace_back(t, g.value);
  }
  std::sort(minima.begin(), minima.end(),
            [](const auto& a, const auto& b) { return a.second < b.second; });
  return minima;
}

double Michalewicz::value_and_gradient(Eigen::Ref<const Eigen::VectorXd> x,
                                       Eigen::Ref<Eigen::VectorXd> grad) const {
  double sum = 0.0;
  for (Eigen::Index i = 0; i < x.size(); ++i) {
    const Term g = term(static_cast<double>(i + 1), x(i));
    sum += g.value;
    grad(i) = g.first;
  }
  return sum;
}

void Michalewicz::hessian(Eigen::Ref<const Eigen::VectorXd> x,
                          Eigen::Ref<Eigen::MatrixXd> hess) const {
  hess.setZero();
  hess.diagonal() = *diagonal_hessian(x);
}

std::optional<Eigen::VectorXd> Michalewicz::diagonal_hessian(
    Eigen::Ref<const Eigen::VectorXd> x) const {
  Eigen::VectorXd diag(x.size());
  for (Eigen::Index i = 0; i < x.size(); ++i)
    diag(i) = term(static_cast<double>(i + 1), x(i)).second;
  return diag;
}

std::optional<double> Michalewicz::f_star() const {
  double sum = 0.0;
  for (Eigen::Index i = 0; i < dim(); ++i) sum += coordinate_minima(i).front().second;
  return sum;
}

std::vector<KnownPoint> Michalewicz::known_points() const {
  const Eigen::Index n = dim();
  std::vector<std::vector<std::pair<double, double>>> minima;
  std::size_t combinations = 1;
  for (Eigen::Index i = 0; i < n; ++i) {
    minima.push_back(coordinate_minima(i));
    combinations = std::min(combinations * minima.back().size(), kEnumerateUpTo + 1);
  }
  Eigen::VectorXd global(n);
  for (Eigen::Index i = 0; i < n; ++i) global(i) = minima[static_cast<std::size_t>(i)][0].first;
  std::vector<KnownPoint> out{{global, PointClass::LocalMinimum}};
  if (combinations <= kEnumerateUpTo) {
    for (std::size_t code = 1; code < combinations; ++code) {
      Eigen::VectorXd x(n);
      std::size_t rest = code;
      for (Eigen::Index i = 0; i < n; ++i) {
        const auto& m = minima[static_cast<std::size_t>(i)];
        x(i) = m[rest % m.size()].first;
        rest /= m.size();
      }
      out.push_back({x, PointClass::LocalMinimum});
    }
    return out;
  }
  for (Eigen::Index i = 0; i < n; ++i) {
    const auto& m = minima[static_cast<std::size_t>(i)];
    if (m.size() < 2) continue;
    Eigen::VectorXd x = global;
    x(i) = m[1].first;
    out.push_back({x, PointClass::LocalMinimum});
  }
  return out;
}

SearchBox Michalewicz::search_box() const {
  return SearchBox(static_cast<std::size_t>(dim()), {0.0, kPi});
}

}  // namespace optbench
