// Hyperparameters declared once: every registered optimizer's specs come from its Params field
// table (defaults from the struct), the fill writes every field to its own member, and a C++
// caller who builds an optimizer with an out-of-range value gets the error, key and words a
// config gets.

#include <gtest/gtest.h>

#include <cmath>
#include <functional>
#include <limits>
#include <map>
#include <string>

#include "optbench/core/error.hpp"
#include "optbench/optimizers/adadelta.hpp"
#include "optbench/optimizers/adagrad.hpp"
#include "optbench/optimizers/adam.hpp"
#include "optbench/optimizers/adamax.hpp"
#include "optbench/optimizers/asgd.hpp"
#include "optbench/optimizers/lbfgs.hpp"
#include "optbench/optimizers/nadam.hpp"
#include "optbench/optimizers/newton.hpp"
#include "optbench/optimizers/optimizer_registry.hpp"
#include "optbench/optimizers/perturbed_gd.hpp"
#include "optbench/optimizers/population_methods.hpp"
#include "optbench/optimizers/radam.hpp"
#include "optbench/optimizers/restart_strategies.hpp"
#include "optbench/optimizers/rmsprop.hpp"
#include "optbench/optimizers/rprop.hpp"
#include "optbench/optimizers/sgd.hpp"
#include "optbench/optimizers/simulated_annealing.hpp"

namespace optbench {
namespace {

// What a built-in optimizer's name stands for: its Params defaults, and the round trip of
// settings through that Params struct (fill, then read back).
struct Declared {
  Settings defaults;
  std::function<Settings(const Settings&)> round_trip;
};

template <typename P>
Declared declared(const P& defaults = P{}) {
  return {settings_of(defaults),
          [defaults](const Settings& s) { return settings_of(params_from(s, defaults)); }};
}

std::map<std::string, Declared> built_ins() {
  return {{"sgd", declared<SgdParams>()},
          {"momentum", declared(SgdParams::momentum_defaults())},
          {"nesterov", declared(SgdParams::nesterov_defaults())},
          {"adam", declared<AdamParams>()},
          {"adamw", declared(AdamParams::adamw_defaults())},
          {"rmsprop", declared<RmsPropParams>()},
          {"adagrad", declared<AdagradParams>()},
          {"nadam", declared<NAdamParams>()},
          {"radam", declared<RAdamParams>()},
          {"adamax", declared<AdamaxParams>()},
          {"adadelta", declared<AdadeltaParams>()},
          {"rprop", declared<RpropParams>()},
          {"asgd", declared<AsgdParams>()},
          {"perturbed_gd", declared<PerturbedGdParams>()},
          {"newton", declared<NewtonParams>()},
          {"saddle_free_newton", declared(NewtonParams::saddle_free_defaults())},
          {"lbfgs", declared<LbfgsParams>()},
          {"simulated_annealing", declared<SimulatedAnnealingParams>()},
          {"genetic", declared<GeneticParams>()},
          {"cmaes", declared<CmaesParams>()},
          {"differential_evolution", declared<DifferentialEvolutionParams>()},
          {"particle_swarm", declared<ParticleSwarmParams>()},
          {"multistart", declared<MultistartParams>()},
          {"basin_hopping", declared<BasinHoppingParams>()}};
}

std::string cells(const Settings& s) {
  std::string out;
  for (const auto& [key, value] : s.items()) out += key + '=' + to_cell(value) + ' ';
  return out;
}

TEST(ParamFields, RegisteredDefaultsAreTheParamsStructsDefaults) {
  const auto declared_by_name = built_ins();
  for (const OptimizerInfo& info : optimizer_registry().all()) {
    const auto it = declared_by_name.find(info.name);
    ASSERT_NE(it, declared_by_name.end()) << info.name << " has no Params entry in this test";
    const Settings from_specs = complete_settings(info.params, {});
    EXPECT_EQ(cells(from_specs), cells(it->second.defaults)) << info.name;
  }
  EXPECT_EQ(optimizer_registry().all().size(), declared_by_name.size());
}

// A value of the spec's type inside its range that differs from `current`.
Setting another_value(const ParamSpec& spec, const Setting& current) {
  switch (spec.type) {
    case SettingType::Bool:
      return !std::get<bool>(current);
    case SettingType::Text:
      for (const std::string& c : spec.choices) {
        if (c != std::get<std::string>(current)) return c;
      }
      return current;
    case SettingType::Integer: {
      const auto v = std::get<std::int64_t>(current);
      return static_cast<double>(v + 1) <= spec.max ? v + 1 : v - 1;
    }
    case SettingType::Real: {
      const double v = std::get<double>(current);
      const double up = v + 0.125;
      return up < spec.max ? up : (v + std::max(spec.min, v - 0.5)) / 2.0;
    }
    case SettingType::RealList: {
      std::vector<double> v = std::get<std::vector<double>>(current);
      v[1] = (v[0] + v[1]) / 2.0 + 1e-3;  // between the two, so (min, max) pairs stay ordered
      return v;
    }
  }
  return current;
}

TEST(ParamFields, TheFillWritesEveryFieldToItsOwnMember) {
  const auto declared_by_name = built_ins();
  for (const OptimizerInfo& info : optimizer_registry().all()) {
    const Declared& d = declared_by_name.at(info.name);
    // One field changed at a time: a table that points two keys at one member, or a key at the
    // wrong member, reads back a different set of values.
    for (const ParamSpec& spec : info.params) {
      Settings s = complete_settings(info.params, {});
      const Setting changed = another_value(spec, s.get(spec.name));
      if (to_cell(changed) == to_cell(s.get(spec.name))) continue;  // a free word (local)
      s.set(spec.name, changed);
      EXPECT_EQ(cells(d.round_trip(s)), cells(s)) << info.name << "." << spec.name;
    }
  }
}

// Out-of-range values for a spec: below its minimum, above its maximum, NaN, a word not among
// its choices.
std::vector<Setting> out_of_range(const ParamSpec& spec) {
  std::vector<Setting> bad;
  const double nan = std::numeric_limits<double>::quiet_NaN();
  switch (spec.type) {
    case SettingType::Real:
      bad.emplace_back(nan);
      if (std::isfinite(spec.min)) bad.emplace_back(spec.min_open ? spec.min : spec.min - 0.5);
      if (std::isfinite(spec.max)) bad.emplace_back(spec.max_open ? spec.max : spec.max + 0.5);
      break;
    case SettingType::Integer:
      if (std::isfinite(spec.min)) bad.emplace_back(static_cast<std::int64_t>(spec.min) - 1);
      if (std::isfinite(spec.max)) bad.emplace_back(static_cast<std::int64_t>(spec.max) + 1);
      break;
    case SettingType::RealList:
      bad.emplace_back(std::vector<double>{nan, 1.5});
      if (std::isfinite(spec.min)) {
        bad.emplace_back(std::vector<double>{spec.min_open ? spec.min : spec.min - 0.5, 1.5});
      }
      break;
    case SettingType::Text:
      if (!spec.choices.empty()) bad.emplace_back(std::string("no_such_word"));
      break;
    case SettingType::Bool:
      break;
  }
  return bad;
}

TEST(ParamFields, EveryOptimizerRefusesAnOutOfRangeValueInItsConstructor) {
  int checked = 0;
  for (const OptimizerInfo& info : optimizer_registry().all()) {
    for (const ParamSpec& spec : info.params) {
      for (const Setting& value : out_of_range(spec)) {
        Settings s = complete_settings(info.params, {});
        s.set(spec.name, value);
        const std::string what = info.name + "." + spec.name + "=" + to_cell(value);
        // The config's route: the loader's check of the given value.
        Settings given;
        given.set(spec.name, value);
        std::string config_message;
        try {
          (void)checked_optimizer_settings(info, given);
          ADD_FAILURE() << what << " passed the config's check";
        } catch (const Error& e) {
          EXPECT_EQ(e.keypath(), spec.name) << what;
          config_message = e.message();
        }
        // The C++ route: make() skips the loader's checks and goes straight to the
        // constructor, which must refuse the value with the same key and words.
        try {
          (void)info.make(s);
          ADD_FAILURE() << what << " was built";
        } catch (const Error& e) {
          EXPECT_EQ(e.keypath(), spec.name) << what;
          EXPECT_EQ(e.message(), config_message) << what;
        }
        ++checked;
      }
    }
  }
  EXPECT_GT(checked, 150);
}

TEST(ParamFields, ConstructorsCheckTheRulesBetweenFields) {
  SgdParams sgd;
  sgd.nesterov = true;  // without momentum
  try {
    const Sgd built(sgd);
    FAIL() << "nesterov without momentum was built";
  } catch (const Error& e) {
    EXPECT_EQ(e.keypath(), "nesterov");
    EXPECT_EQ(e.message(), "Nesterov momentum requires a momentum > 0 and zero dampening");
  }
  AdamParams adam;
  adam.betas = {0.9, 1.0};
  try {
    const Adam built(adam, false);
    FAIL() << "beta2 = 1 was built";
  } catch (const Error& e) {
    EXPECT_EQ(e.keypath(), "betas");
    EXPECT_EQ(e.message(), "element 1 must be in [0, 1), got 1");
  }
  RpropParams rprop;
  rprop.etas = {1.5, 1.2};
  EXPECT_THROW(Rprop{rprop}, Error);
  GeneticParams genetic;
  genetic.param_s = 30;  // more than the population of 20
  try {
    (void)make_genetic(genetic);
    FAIL() << "a tournament larger than the population was built";
  } catch (const Error& e) {
    EXPECT_EQ(e.keypath(), "param_s");
  }
  MultistartParams multistart;
  multistart.local = "newton";
  try {
    const Multistart built(multistart);
    FAIL() << "a second-order local optimizer was built";
  } catch (const Error& e) {
    EXPECT_EQ(e.keypath(), "local");
    EXPECT_NE(e.message().find("newton needs the Hessian"), std::string::npos) << e.message();
  }
  // In range, the same structs build.
  EXPECT_NO_THROW(Sgd{SgdParams::nesterov_defaults()});
  EXPECT_NO_THROW(Adam(AdamParams::adamw_defaults(), true));
}

}  // namespace
}  // namespace optbench
