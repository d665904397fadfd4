// Plugins that must be refused, one library per case (tests/plugins/CMakeLists.txt):
//   BAD_PLUGIN_NO_SYMBOL    a shared library without the plugin symbols;
//   BAD_PLUGIN_OLD_VERSION  the symbols, but built for optbench 0.1.0;
//   BAD_PLUGIN_CLASH        registers an optimizer named sgd, a built-in's name.

#include <cmath>
#include <memory>

#include "optbench/optimizers/optimizer_registry.hpp"
#include "optbench/plugin.hpp"

#if defined(BAD_PLUGIN_NO_SYMBOL)

extern "C" __attribute__((visibility("default"))) int not_an_optbench_plugin(void) {
  return 1;
}

#elif defined(BAD_PLUGIN_OLD_VERSION)

extern "C" __attribute__((visibility("default"))) const char* optbench_plugin_version(void) {
  return "0.1.0";
}
extern "C" __attribute__((visibility("default"))) int optbench_plugin_abi(void) {
  return OPTBENCH_PLUGIN_ABI;
}
extern "C" __attribute__((visibility("default"))) void optbench_register_plugin(void) {}

#elif defined(BAD_PLUGIN_CLASH)

namespace {

// Never built: the registration is refused before any config names it.
class Clash final : public optbench::Optimizer {
 public:
  Clash() : Optimizer(0.1) {}
  using Optimizer::step;
  void step(Eigen::Ref<Eigen::VectorXd> /*params*/,
            Eigen::Ref<const Eigen::VectorXd> /*grad*/) override {}

 protected:
  void allocate(Eigen::Index /*n*/, optbench::Precision /*precision*/) override {}
};

void register_clash() {
  optbench::OptimizerInfo info;
  info.name = "sgd";
  info.summary = "a plugin's optimizer under a built-in's name";
  info.make = [](const optbench::Settings& /*s*/) { return std::make_unique<Clash>(); };
  optbench::register_optimizer(info);
}

}  // namespace

OPTBENCH_PLUGIN(register_clash)

#endif
