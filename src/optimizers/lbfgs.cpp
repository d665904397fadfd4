#include "optbench/optimizers/lbfgs.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <optional>
#include <stdexcept>
#include <utility>

#include "optbench/optimizers/objective.hpp"

namespace optbench {

const std::vector<ParamField<LbfgsParams>>& LbfgsParams::fields() {
  static const std::vector<ParamField<LbfgsParams>> table{
      field("lr", &LbfgsParams::lr, at_least(0.0), "step length (the line search's first trial)"),
      field("max_iter", &LbfgsParams::max_iter, at_least(1.0), "iterations per step"),
      field("max_eval", &LbfgsParams::max_eval, at_least(0.0),
            "evaluations per step (0: max_iter * 5 / 4)"),
      field("tolerance_grad", &LbfgsParams::tolerance_grad, at_least(0.0),
            "a step ends once max |g| <= this"),
      field("tolerance_change", &LbfgsParams::tolerance_change, at_least(0.0),
            "a step ends once f or x changes by less"),
      field("history_size", &LbfgsParams::history_size, at_least(1.0), "curvature pairs kept"),
      field("line_search_fn", &LbfgsParams::line_search_fn, {"none", "strong_wolfe"},
            "fixed steps of lr, or the strong-Wolfe line search"),
      field("maximize", &LbfgsParams::maximize, "maximise f (minimise -f)")};
  return table;
}

void LbfgsParams::validate() const {
  check_fields(*this);
}

namespace {

// torch/optim/lbfgs.py's _cubic_interpolate (from minFunc's polyinterp): the minimiser of the
// cubic through (x1, f1, g1) and (x2, f2, g2), clamped to the bounds (default: [x1, x2]);
// their midpoint where the cubic has no minimum. Python's min and max keep the first argument
// on ties and NaN exactly as std::min and std::max do here.
double cubic_interpolate(double x1, double f1, double g1, double x2, double f2, double g2,
                         std::optional<std::pair<double, double>> bounds = std::nullopt) {
  double xmin_bound = x1 <= x2 ? x1 : x2;
  double xmax_bound = x1 <= x2 ? x2 : x1;
  if (bounds) std::tie(xmin_bound, xmax_bound) = *bounds;
  const double d1 = g1 + g2 - 3.0 * (f1 - f2) / (x1 - x2);
  const double d2_square = d1 * d1 - g1 * g2;
  if (d2_square >= 0.0) {
    const double d2 = std::sqrt(d2_square);
    const double min_pos = x1 <= x2 ? x2 - (x2 - x1) * ((g2 + d2 - d1) / (g2 - g1 + 2.0 * d2))
                                    : x1 - (x1 - x2) * ((g1 + d2 - d1) / (g1 - g2 + 2.0 * d2));
    return std::min(std::max(min_pos, xmin_bound), xmax_bound);
  }
  return (xmin_bound + xmax_bound) / 2.0;
}

}  // namespace

Lbfgs::Lbfgs(const LbfgsParams& params)
    : Optimizer(validated(params).lr),
      p_(params),
      max_eval_(params.max_eval == 0 ? params.max_iter * 5 / 4 : params.max_eval) {}

void Lbfgs::allocate(Eigen::Index n, Precision /*precision*/) {
  d_.setZero(n);
  t_ = 0.0;
  old_dirs_.clear();
  old_stps_.clear();
  ro_.clear();
  al_.assign(static_cast<std::size_t>(p_.history_size), 0.0);
  h_diag_ = 1.0;
  prev_flat_grad_.setZero(n);
  n_iter_ = 0;
  func_evals_ = 0;
  pending_ = false;
  pending_loss_ = 0.0;
  flat_grad_.setZero(n);
  trial_.setZero(n);
}

void Lbfgs::step(Eigen::Ref<Eigen::VectorXd> /*params*/,
                 Eigen::Ref<const Eigen::VectorXd> /*grad*/) {
  throw std::logic_error("lbfgs evaluates the function itself: use step_with_objective");
}

double Lbfgs::closure(const Eigen::Ref<const Eigen::VectorXd>& x, Eigen::VectorXd& g,
                      Objective& objective) const {
  const double f = objective.value_and_gradient(x, g);
  if (!p_.maximize) return f;
  g = -g;
  return -f;
}

double Lbfgs::begin_with_objective(Eigen::Ref<Eigen::VectorXd> x, Objective& objective) {
  if (x.size() != d_.size()) {
    throw std::logic_error("Lbfgs: begin on " + std::to_string(x.size()) +
                           " coordinates after reset(" + std::to_string(d_.size()) + ")");
  }
  // torch's first step starts with this closure call.
  pending_loss_ = closure(x, flat_grad_, objective);
  pending_ = true;
  return p_.maximize ? -pending_loss_ : pending_loss_;
}

double Lbfgs::strong_wolfe(const Eigen::VectorXd& x, double& t, const Eigen::VectorXd& d, double f,
                           Eigen::VectorXd& g, double gtd, std::int64_t& evals,
                           Objective& objective) {
  constexpr double c1 = 1e-4;
  constexpr double c2 = 0.9;
  constexpr double tolerance_change = 1e-9;  // _strong_wolfe's own default, not the optimizer's
  constexpr int max_ls = 25;
  const double d_norm = d.cwiseAbs().maxCoeff();
  Eigen::VectorXd g_new(x.size());
  trial_.noalias() = x + t * d;
  double f_new = closure(trial_, g_new, objective);
  std::int64_t ls_func_evals = 1;
  double gtd_new = g_new.dot(d);

  // Bracket an interval containing a point that satisfies the Wolfe conditions.
  double t_prev = 0.0;
  double f_prev = f;
  Eigen::VectorXd g_prev = g;
  double gtd_prev = gtd;
  bool done = false;
  int ls_iter = 0;
  std::array<double, 2> bracket{};
  std::array<double, 2> bracket_f{};
  std::array<double, 2> bracket_gtd{};
  std::array<Eigen::VectorXd, 2> bracket_g;
  std::size_t size = 0;
  const auto bracket_with_previous = [&] {
    bracket = {t_prev, t};
    bracket_f = {f_prev, f_new};
    bracket_g = {g_prev, g_new};
    bracket_gtd = {gtd_prev, gtd_new};
    size = 2;
  };
  while (ls_iter < max_ls) {
    if (f_new > (f + c1 * t * gtd) || (ls_iter > 1 && f_new >= f_prev)) {
      bracket_with_previous();
      break;
    }
    if (std::abs(gtd_new) <= -c2 * gtd) {
      bracket[0] = t;
      bracket_f[0] = f_new;
      bracket_g[0] = g_new;
      size = 1;
      done = true;
      break;
    }
    if (gtd_new >= 0.0) {
      bracket_with_previous();
      break;
    }
    const double min_step = t + 0.01 * (t - t_prev);
    const double max_step = t * 10.0;
    const double tmp = t;
    t = cubic_interpolate(t_prev, f_prev, gtd_prev, t, f_new, gtd_new, {{min_step, max_step}});
    t_prev = tmp;
    f_prev = f_new;
    g_prev = g_new;
    gtd_prev = gtd_new;
    trial_.noalias() = x + t * d;
    f_new = closure(trial_, g_new, objective);
    ++ls_func_evals;
    gtd_new = g_new.dot(d);
    ++ls_iter;
  }
  if (ls_iter == max_ls) {
    bracket = {0.0, t};
    bracket_f = {f, f_new};
    bracket_g = {g, g_new};
    size = 2;
  }

  // Zoom: shrink the bracket until a point satisfies the conditions.
  bool insuf_progress = false;
  const auto last = [&](const std::array<double, 2>& a) { return a[size - 1]; };
  std::size_t low_pos = bracket_f[0] <= last(bracket_f) ? 0 : 1;
  std::size_t high_pos = 1 - low_pos;
  while (!done && ls_iter < max_ls) {
    if (std::abs(bracket[1] - bracket[0]) * d_norm < tolerance_change) break;
    t = cubic_interpolate(bracket[0], bracket_f[0], bracket_gtd[0], bracket[1], bracket_f[1],
                          bracket_gtd[1]);
    const double high = std::max(bracket[0], bracket[1]);
    const double low = std::min(bracket[0], bracket[1]);
    const double eps = 0.1 * (high - low);
    if (std::min(high - t, t - low) < eps) {
      if (insuf_progress || t >= high || t <= low) {
        t = std::abs(t - high) < std::abs(t - low) ? high - eps : low + eps;
        insuf_progress = false;
      } else {
        insuf_progress = true;
      }
    } else {
      insuf_progress = false;
    }
    trial_.noalias() = x + t * d;
    f_new = closure(trial_, g_new, objective);
    ++ls_func_evals;
    gtd_new = g_new.dot(d);
    ++ls_iter;
    if (f_new > (f + c1 * t * gtd) || f_new >= bracket_f[low_pos]) {
      bracket[high_pos] = t;
      bracket_f[high_pos] = f_new;
      bracket_g[high_pos] = g_new;
      bracket_gtd[high_pos] = gtd_new;
      low_pos = bracket_f[0] <= bracket_f[1] ? 0 : 1;
      high_pos = 1 - low_pos;
    } else {
      if (std::abs(gtd_new) <= -c2 * gtd) {
        done = true;
      } else if (gtd_new * (bracket[high_pos] - bracket[low_pos]) >= 0.0) {
        bracket[high_pos] = bracket[low_pos];
        bracket_f[high_pos] = bracket_f[low_pos];
        bracket_g[high_pos] = bracket_g[low_pos];
        bracket_gtd[high_pos] = bracket_gtd[low_pos];
      }
      bracket[low_pos] = t;
      bracket_f[low_pos] = f_new;
      bracket_g[low_pos] = g_new;
      bracket_gtd[low_pos] = gtd_new;
    }
  }
  t = bracket[low_pos];
  g = bracket_g[low_pos];
  evals = ls_func_evals;
  return bracket_f[low_pos];
}

double Lbfgs::step_with_objective(Eigen::Ref<Eigen::VectorXd> x, Objective& objective) {
  const double sign = p_.maximize ? -1.0 : 1.0;
  double loss = 0.0;
  if (pending_) {  // the closure call torch makes here was made already, at this same x
    loss = pending_loss_;
    pending_ = false;
  } else {
    loss = closure(x, flat_grad_, objective);
  }
  std::int64_t current_evals = 1;
  ++func_evals_;
  bool opt_cond = flat_grad_.cwiseAbs().maxCoeff() <= p_.tolerance_grad;
  if (opt_cond) return sign * loss;

  const bool line_search = p_.line_search_fn == "strong_wolfe";
  bool evaluated = true;  // loss and flat_grad_ belong to the current x
  std::int64_t n_iter = 0;
  while (n_iter < p_.max_iter) {
    ++n_iter;
    ++n_iter_;
    // The descent direction: steepest descent first, then the L-BFGS two-loop recursion.
    if (n_iter_ == 1) {
      d_ = -flat_grad_;
      old_dirs_.clear();
      old_stps_.clear();
      ro_.clear();
      h_diag_ = 1.0;
    } else {
      Eigen::VectorXd y = flat_grad_ - prev_flat_grad_;
      Eigen::VectorXd s = d_ * t_;
      const double ys = y.dot(s);
      if (ys > 1e-10) {
        if (static_cast<std::int64_t>(old_dirs_.size()) == p_.history_size) {
          old_dirs_.pop_front();
          old_stps_.pop_front();
          ro_.pop_front();
        }
        h_diag_ = ys / y.dot(y);
        old_dirs_.push_back(std::move(y));
        old_stps_.push_back(std::move(s));
        ro_.push_back(1.0 / ys);
      }
      const std::size_t num_old = old_dirs_.size();
      Eigen::VectorXd q = -flat_grad_;
      for (std::size_t k = num_old; k-- > 0;) {
        al_[k] = old_stps_[k].dot(q) * ro_[k];
        q += -al_[k] * old_dirs_[k];
      }
      d_ = q * h_diag_;
      for (std::size_t k = 0; k < num_old; ++k) {
        const double be_i = old_dirs_[k].dot(d_) * ro_[k];
        d_ += (al_[k] - be_i) * old_stps_[k];
      }
    }
    prev_flat_grad_ = flat_grad_;
    const double prev_loss = loss;

    t_ = n_iter_ == 1 ? std::min(1.0, 1.0 / flat_grad_.cwiseAbs().sum()) * p_.lr : p_.lr;
    const double gtd = flat_grad_.dot(d_);
    if (gtd > -p_.tolerance_change) break;

    std::int64_t ls_func_evals = 0;
    if (line_search) {
      const Eigen::VectorXd x_init = x;
      loss = strong_wolfe(x_init, t_, d_, loss, flat_grad_, gtd, ls_func_evals, objective);
      x = x_init + t_ * d_;
      opt_cond = flat_grad_.cwiseAbs().maxCoeff() <= p_.tolerance_grad;
    } else {
      x += t_ * d_;
      evaluated = false;
      // torch skips the evaluation after the last iteration.
      if (n_iter != p_.max_iter) {
        loss = closure(x, flat_grad_, objective);
        evaluated = true;
        opt_cond = flat_grad_.cwiseAbs().maxCoeff() <= p_.tolerance_grad;
        ls_func_evals = 1;
      }
    }
    current_evals += ls_func_evals;
    func_evals_ += ls_func_evals;

    if (n_iter == p_.max_iter) break;
    if (current_evals >= max_eval_) break;
    if (opt_cond) break;
    if ((d_ * t_).cwiseAbs().maxCoeff() <= p_.tolerance_change) break;
    if (std::abs(loss - prev_loss) < p_.tolerance_change) break;
  }
  if (!evaluated) {  // the next step's first closure call, made now to report f here
    loss = closure(x, flat_grad_, objective);
    pending_loss_ = loss;
    pending_ = true;
  }
  return sign * loss;
}

}  // namespace optbench
