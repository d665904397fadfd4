// One line per optimizer name: the catalogue `optbench list optimizers` and the tests iterate.
// Each entry's hyperparameters come from its Params struct's field table (param_fields.hpp).

#include "global_optimizer_infos.hpp"
#include "optbench/optimizers/adadelta.hpp"
#include "optbench/optimizers/adagrad.hpp"
#include "optbench/optimizers/adam.hpp"
#include "optbench/optimizers/adamax.hpp"
#include "optbench/optimizers/asgd.hpp"
#include "optbench/optimizers/declared_optimizer.hpp"
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

// An optimizer whose constructor takes its Params alone.
template <typename Opt, typename P>
OptimizerInfo plain(std::string name, std::string summary, const P& defaults) {
  return declared_optimizer(std::move(name), std::move(summary), defaults,
                            [](const P& p) { return std::make_unique<Opt>(p); });
}

OptimizerInfo adam(std::string name, const AdamParams& defaults, bool decoupled,
                   std::string summary) {
  OptimizerInfo info = declared_optimizer(
      std::move(name), std::move(summary), defaults,
      [decoupled](const AdamParams& p) { return std::make_unique<Adam>(p, decoupled); });
  if (decoupled) set_help(info.params, "weight_decay", "decoupled decay: x *= 1 - lr*weight_decay");
  return info;
}

OptimizerInfo newton(std::string name, const NewtonParams& defaults, bool saddle_free,
                     std::string summary) {
  OptimizerInfo info = declared_optimizer(
      std::move(name), std::move(summary), defaults,
      [saddle_free](const NewtonParams& p) { return std::make_unique<Newton>(p, saddle_free); });
  if (saddle_free) set_help(info.params, "damping", "added to every |eigenvalue|");
  return info;
}

OptimizerRegistry build() {
  OptimizerRegistry r("optimizer");
  r.add(plain<Sgd>("sgd", "stochastic gradient descent (torch.optim.SGD)", SgdParams{}));
  r.add(plain<Sgd>("momentum", "sgd with momentum 0.9", SgdParams::momentum_defaults()));
  r.add(plain<Sgd>("nesterov", "sgd with Nesterov momentum 0.9", SgdParams::nesterov_defaults()));
  r.add(adam("adam", AdamParams{}, false, "Adam (torch.optim.Adam)"));
  r.add(adam("adamw", AdamParams::adamw_defaults(), true,
             "AdamW, decoupled weight decay (torch.optim.AdamW)"));
  r.add(plain<RmsProp>("rmsprop", "RMSprop (torch.optim.RMSprop)", RmsPropParams{}));
  r.add(plain<Adagrad>("adagrad", "Adagrad (torch.optim.Adagrad)", AdagradParams{}));
  r.add(plain<NAdam>("nadam", "NAdam, Adam with Nesterov momentum (torch.optim.NAdam)",
                     NAdamParams{}));
  r.add(plain<RAdam>("radam", "RAdam, Adam with a rectified variance (torch.optim.RAdam)",
                     RAdamParams{}));
  r.add(plain<Adamax>("adamax", "Adamax, Adam with the infinity norm (torch.optim.Adamax)",
                      AdamaxParams{}));
  r.add(plain<Adadelta>("adadelta", "Adadelta (torch.optim.Adadelta)", AdadeltaParams{}));
  r.add(
      plain<Rprop>("rprop", "Rprop, resilient backpropagation (torch.optim.Rprop)", RpropParams{}));
  r.add(plain<Asgd>("asgd", "ASGD, averaged SGD (torch.optim.ASGD)", AsgdParams{}));
  r.add(plain<PerturbedGd>(
      "perturbed_gd",
      "gradient descent with uniform-ball perturbations near flat points (Jin et al. 2017)",
      PerturbedGdParams{}));
  r.add(newton("newton", NewtonParams{}, false,
               "Newton's method (dense Hessian; attracted to saddles)"));
  r.add(newton("saddle_free_newton", NewtonParams::saddle_free_defaults(), true,
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
