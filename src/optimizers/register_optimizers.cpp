// One line per optimizer name: the catalogue `optbench list optimizers` and the tests iterate.

#include <array>
#include <limits>

#include "global_optimizer_infos.hpp"
#include "optbench/core/error.hpp"
#include "optbench/optimizers/adadelta.hpp"
#include "optbench/optimizers/adagrad.hpp"
#include "optbench/optimizers/adam.hpp"
#include "optbench/optimizers/adamax.hpp"
#include "optbench/optimizers/asgd.hpp"
#include "optbench/optimizers/nadam.hpp"
#include "optbench/optimizers/newton.hpp"
#include "optbench/optimizers/optimizer_registry.hpp"
#include "optbench/optimizers/perturbed_gd.hpp"
#include "optbench/optimizers/radam.hpp"
#include "optbench/optimizers/rmsprop.hpp"
#include "optbench/optimizers/rprop.hpp"
#include "optbench/optimizers/sgd.hpp"

namespace optbench {

namespace {

ParamSpec real(std::string name, double value, double min, std::string help) {
  return number_param(std::move(name), SettingType::Real, value, min,
                      std::numeric_limits<double>::infinity(), std::move(help));
}

ParamSpec real_in(std::string name, double value, double min, double max, bool max_open,
                  std::string help) {
  return number_param(std::move(name), SettingType::Real, value, min, max, std::move(help), false,
                      max_open);
}

ParamSpec flag(std::string name, bool value, std::string help) {
  return flag_param(std::move(name), value, std::move(help));
}

ParamSpec any_real(std::string name, double value, std::string help) {
  return number_param(std::move(name), SettingType::Real, value,
                      -std::numeric_limits<double>::infinity(),
                      std::numeric_limits<double>::infinity(), std::move(help));
}

ParamSpec pair(std::string name, std::array<double, 2> value, double min, double max, bool min_open,
               bool max_open, std::string help) {
  ParamSpec s =
      number_param(std::move(name), SettingType::RealList, std::vector<double>{value[0], value[1]},
                   min, max, std::move(help), min_open, max_open);
  s.length = 2;
  return s;
}

ParamSpec betas() {
  return pair("betas", {0.9, 0.999}, 0.0, 1.0, false, true,
              "decay rates of the first and second moment estimates");
}

ParamSpec maximize() {
  return flag("maximize", false, "ascend: the gradient is negated before the update");
}

std::array<double, 2> pair_of(const Settings& s, const std::string& name) {
  const auto& v = s.list(name);
  return {v[0], v[1]};
}

OptimizerInfo sgd(std::string name, double momentum, bool nesterov, std::string summary) {
  OptimizerInfo info;
  info.name = std::move(name);
  info.summary = std::move(summary);
  info.params = {real("lr", 1e-3, 0.0, "learning rate"),
                 real("momentum", momentum, 0.0, "momentum factor"),
                 any_real("dampening", 0.0, "dampening of the momentum (torch sets no range)"),
                 flag("nesterov", nesterov, "Nesterov momentum"),
                 real("weight_decay", 0.0, 0.0, "L2 penalty added to the gradient"),
                 maximize()};
  info.check = [](const Settings& s) {
    if (s.flag("nesterov") && (s.real("momentum") <= 0.0 || s.real("dampening") != 0.0)) {
      throw Error("nesterov", "Nesterov momentum requires a momentum > 0 and zero dampening");
    }
  };
  info.make = [](const Settings& s) {
    return std::make_unique<Sgd>(SgdParams{s.real("lr"), s.real("momentum"), s.real("dampening"),
                                           s.flag("nesterov"), s.real("weight_decay"),
                                           s.flag("maximize")});
  };
  return info;
}

OptimizerInfo adam(std::string name, double weight_decay, bool decoupled, std::string summary) {
  OptimizerInfo info;
  info.name = std::move(name);
  info.summary = std::move(summary);
  info.params = {real("lr", 1e-3, 0.0, "learning rate"),
                 betas(),
                 real("eps", 1e-8, 0.0, "added to the denominator after the square root"),
                 real("weight_decay", weight_decay, 0.0,
                      decoupled ? "decoupled decay: x *= 1 - lr*weight_decay"
                                : "L2 penalty added to the gradient"),
                 flag("amsgrad", false, "use the running maximum of the second moment"),
                 maximize()};
  info.make = [decoupled](const Settings& s) {
    const auto& b = s.list("betas");
    return std::make_unique<Adam>(AdamParams{s.real("lr"),
                                             {b[0], b[1]},
                                             s.real("eps"),
                                             s.real("weight_decay"),
                                             s.flag("amsgrad"),
                                             s.flag("maximize")},
                                  decoupled);
  };
  return info;
}

OptimizerInfo rmsprop() {
  OptimizerInfo info;
  info.name = "rmsprop";
  info.summary = "RMSprop (torch.optim.RMSprop)";
  info.params = {real("lr", 1e-2, 0.0, "learning rate"),
                 real("alpha", 0.99, 0.0, "smoothing constant of the square average (torch: >= 0)"),
                 real("eps", 1e-8, 0.0, "added to the denominator after the square root"),
                 real("weight_decay", 0.0, 0.0, "L2 penalty added to the gradient"),
                 real("momentum", 0.0, 0.0, "momentum factor"),
                 flag("centered", false, "normalise by the estimated variance of the gradient"),
                 maximize()};
  info.make = [](const Settings& s) {
    return std::make_unique<RmsProp>(RmsPropParams{s.real("lr"), s.real("alpha"), s.real("eps"),
                                                   s.real("weight_decay"), s.real("momentum"),
                                                   s.flag("centered"), s.flag("maximize")});
  };
  return info;
}

OptimizerInfo adagrad() {
  OptimizerInfo info;
  info.name = "adagrad";
  info.summary = "Adagrad (torch.optim.Adagrad)";
  info.params = {real("lr", 1e-2, 0.0, "learning rate"),
                 real("lr_decay", 0.0, 0.0, "learning-rate decay per step"),
                 real("weight_decay", 0.0, 0.0, "L2 penalty added to the gradient"),
                 real("initial_accumulator_value", 0.0, 0.0, "start of the sum of squares"),
                 real("eps", 1e-10, 0.0, "added to the denominator after the square root"),
                 maximize()};
  info.make = [](const Settings& s) {
    return std::make_unique<Adagrad>(
        AdagradParams{s.real("lr"), s.real("lr_decay"), s.real("weight_decay"),
                      s.real("initial_accumulator_value"), s.real("eps"), s.flag("maximize")});
  };
  return info;
}

// Each Params struct checks itself (validate()); the specs above give the loader its ranges and
// messages, and `check` runs the rules between fields before a run is built.
template <typename Opt, typename Params>
OptimizerInfo torch_optimizer(std::string name, std::string summary, std::vector<ParamSpec> params,
                              Params (*read)(const Settings&)) {
  OptimizerInfo info;
  info.name = std::move(name);
  info.summary = std::move(summary);
  info.params = std::move(params);
  info.check = [read](const Settings& s) { read(s).validate(); };
  info.make = [read](const Settings& s) { return std::make_unique<Opt>(read(s)); };
  return info;
}

NAdamParams nadam_params(const Settings& s) {
  return {s.real("lr"),           pair_of(s, "betas"),      s.real("eps"),
          s.real("weight_decay"), s.real("momentum_decay"), s.flag("maximize")};
}

RAdamParams radam_params(const Settings& s) {
  return {s.real("lr"), pair_of(s, "betas"), s.real("eps"), s.real("weight_decay"),
          s.flag("maximize")};
}

AdamaxParams adamax_params(const Settings& s) {
  return {s.real("lr"), pair_of(s, "betas"), s.real("eps"), s.real("weight_decay"),
          s.flag("maximize")};
}

AdadeltaParams adadelta_params(const Settings& s) {
  return {s.real("lr"), s.real("rho"), s.real("eps"), s.real("weight_decay"), s.flag("maximize")};
}

RpropParams rprop_params(const Settings& s) {
  return {s.real("lr"), pair_of(s, "etas"), pair_of(s, "step_sizes"), s.flag("maximize")};
}

AsgdParams asgd_params(const Settings& s) {
  return {s.real("lr"), s.real("lambd"),        s.real("alpha"),
          s.real("t0"), s.real("weight_decay"), s.flag("maximize")};
}

OptimizerInfo nadam() {
  return torch_optimizer<NAdam>(
      "nadam", "NAdam, Adam with Nesterov momentum (torch.optim.NAdam)",
      {real("lr", 2e-3, 0.0, "learning rate"), betas(),
       real("eps", 1e-8, 0.0, "added to the denominator after the square root"),
       real("weight_decay", 0.0, 0.0, "L2 penalty added to the gradient"),
       real("momentum_decay", 4e-3, 0.0, "psi in mu_t = b1*(1 - 0.96^(t*psi)/2)"), maximize()},
      nadam_params);
}

OptimizerInfo radam() {
  return torch_optimizer<RAdam>(
      "radam", "RAdam, Adam with a rectified variance (torch.optim.RAdam)",
      {real("lr", 1e-3, 0.0, "learning rate"), betas(),
       real("eps", 1e-8, 0.0, "added to the denominator after the square root"),
       real("weight_decay", 0.0, 0.0, "L2 penalty added to the gradient"), maximize()},
      radam_params);
}

OptimizerInfo adamax() {
  return torch_optimizer<Adamax>(
      "adamax", "Adamax, Adam with the infinity norm (torch.optim.Adamax)",
      {real("lr", 2e-3, 0.0, "learning rate"), betas(),
       real("eps", 1e-8, 0.0, "added to |g| in the infinity norm"),
       real("weight_decay", 0.0, 0.0, "L2 penalty added to the gradient"), maximize()},
      adamax_params);
}

OptimizerInfo adadelta() {
  return torch_optimizer<Adadelta>(
      "adadelta", "Adadelta (torch.optim.Adadelta)",
      {real("lr", 1.0, 0.0, "scales the update"),
       real_in("rho", 0.9, 0.0, 1.0, false, "decay rate of the running averages"),
       real("eps", 1e-6, 0.0, "added inside both square roots"),
       real("weight_decay", 0.0, 0.0, "L2 penalty added to the gradient"), maximize()},
      adadelta_params);
}

OptimizerInfo rprop() {
  return torch_optimizer<Rprop>(
      "rprop", "Rprop, resilient backpropagation (torch.optim.Rprop)",
      {real("lr", 1e-2, 0.0, "the initial step size of every coordinate"),
       pair("etas", {0.5, 1.2}, 0.0, std::numeric_limits<double>::infinity(), true, false,
            "(etaminus, etaplus): step size factors, 0 < etaminus < 1 < etaplus"),
       pair("step_sizes", {1e-6, 50.0}, 0.0, std::numeric_limits<double>::infinity(), false, false,
            "(smallest, largest) step size"),
       maximize()},
      rprop_params);
}

OptimizerInfo asgd() {
  return torch_optimizer<Asgd>(
      "asgd", "ASGD, averaged SGD (torch.optim.ASGD)",
      {real("lr", 1e-2, 0.0, "learning rate"), real("lambd", 1e-4, 0.0, "decay term"),
       any_real("alpha", 0.75, "power of the eta update"),
       any_real("t0", 1e6, "the step after which averaging starts"),
       real("weight_decay", 0.0, 0.0, "L2 penalty added to the gradient"), maximize()},
      asgd_params);
}

ParamSpec whole(std::string name, std::int64_t value, double min, std::string help) {
  return number_param(std::move(name), SettingType::Integer, value, min,
                      std::numeric_limits<double>::infinity(), std::move(help));
}

OptimizerInfo perturbed_gd() {
  OptimizerInfo info;
  info.name = "perturbed_gd";
  info.summary =
      "gradient descent with uniform-ball perturbations near flat points (Jin et al. 2017)";
  info.params = {real("lr", 1e-3, 0.0, "learning rate"),
                 real("radius", 1e-3, 0.0, "radius of the perturbation ball"),
                 real("g_thres", 1e-3, 0.0, "perturb where the gradient norm is at most this"),
                 whole("t_thres", 10, 1.0, "at most one perturbation every t_thres steps")};
  info.make = [](const Settings& s) {
    return std::make_unique<PerturbedGd>(
        PerturbedGdParams{s.real("lr"), s.real("radius"), s.real("g_thres"), s.integer("t_thres")});
  };
  return info;
}

OptimizerInfo newton(std::string name, bool saddle_free, double damping, std::string summary) {
  OptimizerInfo info;
  info.name = std::move(name);
  info.summary = std::move(summary);
  info.params = {real("lr", 1.0, 0.0, "step length along the Newton direction"),
                 real("damping", damping, 0.0,
                      saddle_free ? "added to every |eigenvalue|" : "added to every eigenvalue")};
  info.make = [saddle_free](const Settings& s) {
    return std::make_unique<Newton>(NewtonParams{s.real("lr"), s.real("damping")}, saddle_free);
  };
  return info;
}

OptimizerRegistry build() {
  OptimizerRegistry r("optimizer");
  r.add(sgd("sgd", 0.0, false, "stochastic gradient descent (torch.optim.SGD)"));
  r.add(sgd("momentum", 0.9, false, "sgd with momentum 0.9"));
  r.add(sgd("nesterov", 0.9, true, "sgd with Nesterov momentum 0.9"));
  r.add(adam("adam", 0.0, false, "Adam (torch.optim.Adam)"));
  r.add(adam("adamw", 1e-2, true, "AdamW, decoupled weight decay (torch.optim.AdamW)"));
  r.add(rmsprop());
  r.add(adagrad());
  r.add(nadam());
  r.add(radam());
  r.add(adamax());
  r.add(adadelta());
  r.add(rprop());
  r.add(asgd());
  r.add(perturbed_gd());
  r.add(newton("newton", false, 0.0, "Newton's method (dense Hessian; attracted to saddles)"));
  r.add(newton("saddle_free_newton", true, 1e-3,
               "saddle-free Newton: |H| from absolute eigenvalues, damped (Dauphin et al. 2014)"));
  r.add(detail::lbfgs_info());
  r.add(detail::simulated_annealing_info());
  r.add(detail::genetic_info());
  r.add(detail::cmaes_info());
  r.add(detail::differential_evolution_info());
  r.add(detail::particle_swarm_info());
  r.add(detail::multistart_info());
  r.add(detail::basin_hopping_info());
  return r;
}

}  // namespace

namespace {

OptimizerRegistry& registry() {
  static OptimizerRegistry all = build();
  return all;
}

}  // namespace

const OptimizerRegistry& optimizer_registry() {
  return registry();
}

void register_optimizer(OptimizerInfo info) {
  registry().add(std::move(info));
}

}  // namespace optbench
