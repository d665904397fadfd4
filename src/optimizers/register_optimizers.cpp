// One line per optimizer name: the catalogue `optbench list optimizers` and the tests iterate.

#include <limits>

#include "global_optimizer_infos.hpp"
#include "optbench/core/error.hpp"
#include "optbench/optimizers/adagrad.hpp"
#include "optbench/optimizers/adam.hpp"
#include "optbench/optimizers/newton.hpp"
#include "optbench/optimizers/optimizer_registry.hpp"
#include "optbench/optimizers/perturbed_gd.hpp"
#include "optbench/optimizers/rmsprop.hpp"
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

ParamSpec betas() {
  ParamSpec s;
  s.name = "betas";
  s.type = SettingType::RealList;
  s.default_value = std::vector<double>{0.9, 0.999};
  s.min = 0.0;
  s.max = 1.0;
  s.max_open = true;
  s.length = 2;
  s.help = "decay rates of the first and second moment estimates";
  return s;
}

OptimizerInfo sgd(std::string name, double momentum, bool nesterov, std::string summary) {
  OptimizerInfo info;
  info.name = std::move(name);
  info.summary = std::move(summary);
  info.params = {real("lr", 1e-3, 0.0, "learning rate"),
                 real("momentum", momentum, 0.0, "momentum factor"),
                 real_in("dampening", 0.0, 0.0, 1.0, false, "dampening of the momentum"),
                 flag("nesterov", nesterov, "Nesterov momentum"),
                 real("weight_decay", 0.0, 0.0, "L2 penalty added to the gradient")};
  info.check = [](const Settings& s) {
    if (s.flag("nesterov") && (s.real("momentum") <= 0.0 || s.real("dampening") != 0.0)) {
      throw Error("nesterov", "Nesterov momentum requires a momentum > 0 and zero dampening");
    }
  };
  info.make = [](const Settings& s) {
    return std::make_unique<Sgd>(SgdParams{s.real("lr"), s.real("momentum"), s.real("dampening"),
                                           s.flag("nesterov"), s.real("weight_decay")});
  };
  return info;
}

OptimizerInfo adam(std::string name, double weight_decay, bool decoupled, std::string summary) {
  OptimizerInfo info;
  info.name = std::move(name);
  info.summary = std::move(summary);
  info.params = {real("lr", 1e-3, 0.0, "learning rate"), betas(),
                 real("eps", 1e-8, 0.0, "added to the denominator after the square root"),
                 real("weight_decay", weight_decay, 0.0,
                      decoupled ? "decoupled decay: x *= 1 - lr*weight_decay"
                                : "L2 penalty added to the gradient"),
                 flag("amsgrad", false, "use the running maximum of the second moment")};
  info.make = [decoupled](const Settings& s) {
    const auto& b = s.list("betas");
    return std::make_unique<Adam>(
        AdamParams{
            s.real("lr"), {b[0], b[1]}, s.real("eps"), s.real("weight_decay"), s.flag("amsgrad")},
        decoupled);
  };
  return info;
}

OptimizerInfo rmsprop() {
  OptimizerInfo info;
  info.name = "rmsprop";
  info.summary = "RMSprop (torch.optim.RMSprop)";
  info.params = {
      real("lr", 1e-2, 0.0, "learning rate"),
      real_in("alpha", 0.99, 0.0, 1.0, false, "smoothing constant of the square average"),
      real("eps", 1e-8, 0.0, "added to the denominator after the square root"),
      real("weight_decay", 0.0, 0.0, "L2 penalty added to the gradient"),
      real("momentum", 0.0, 0.0, "momentum factor"),
      flag("centered", false, "normalise by the estimated variance of the gradient")};
  info.make = [](const Settings& s) {
    return std::make_unique<RmsProp>(RmsPropParams{s.real("lr"), s.real("alpha"), s.real("eps"),
                                                   s.real("weight_decay"), s.real("momentum"),
                                                   s.flag("centered")});
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
                 real("eps", 1e-10, 0.0, "added to the denominator after the square root")};
  info.make = [](const Settings& s) {
    return std::make_unique<Adagrad>(
        AdagradParams{s.real("lr"), s.real("lr_decay"), s.real("weight_decay"),
                      s.real("initial_accumulator_value"), s.real("eps")});
  };
  return info;
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
  OptimizerRegistry r;
  r.add(sgd("sgd", 0.0, false, "stochastic gradient descent (torch.optim.SGD)"));
  r.add(sgd("momentum", 0.9, false, "sgd with momentum 0.9"));
  r.add(sgd("nesterov", 0.9, true, "sgd with Nesterov momentum 0.9"));
  r.add(adam("adam", 0.0, false, "Adam (torch.optim.Adam)"));
  r.add(adam("adamw", 1e-2, true, "AdamW, decoupled weight decay (torch.optim.AdamW)"));
  r.add(rmsprop());
  r.add(adagrad());
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

const OptimizerRegistry& optimizer_registry() {
  static const OptimizerRegistry registry = build();
  return registry;
}

}  // namespace optbench
