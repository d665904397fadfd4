// Where the update kernels are dispatched at run time (src/optimizers/kernel_dispatch.hpp: a
// build for other machines runs the baseline x86-64, AVX2 or AVX-512F clone, whichever this CPU
// takes), every clone must compute the baseline's numbers bit for bit. Checked here for SGD with
// momentum, dampening, weight decay and Nesterov, in float64 and float32, against its update
// written out below and compiled for baseline x86-64 like the rest of this file; Adam's clone is
// checked the same way by Kernels.AdamBiasCorrectionShortcutIsBitExact. 37 parameters: the
// vector body of every width and a scalar tail.

#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <type_traits>

#include <Eigen/Core>

#include "optbench/optimizers/optimizer_registry.hpp"

namespace optbench {
namespace {

template <typename T>
void expect_sgd_matches_written_update(bool nesterov) {
  using Vector = Eigen::Matrix<T, Eigen::Dynamic, 1>;
  const double lr = 0.01;
  const double mu = 0.9;
  const double dampening = nesterov ? 0.0 : 0.1;  // torch: Nesterov needs dampening 0
  const double wd = 0.001;
  Settings settings;
  settings.set("lr", lr);
  settings.set("momentum", mu);
  settings.set("dampening", dampening);
  settings.set("weight_decay", wd);
  settings.set("nesterov", nesterov);
  auto sgd = make_optimizer("sgd", settings);
  const Eigen::Index n = 37;
  Vector x = Vector::LinSpaced(n, T(-1), T(1));
  Vector ref = x;
  Vector buffer = Vector::Zero(n);
  Vector g(n);
  sgd->reset(n, std::is_same_v<T, float> ? Precision::float32 : Precision::float64);
  // The scalars rounded to T once, as the kernel does.
  const T lr_t = static_cast<T>(lr);
  const T mu_t = static_cast<T>(mu);
  const T wd_t = static_cast<T>(wd);
  for (int t = 1; t <= 300; ++t) {
    for (Eigen::Index i = 0; i < n; ++i) {
      g(i) = static_cast<T>(std::sin(0.01 * t + static_cast<double>(i))) + ref(i);
    }
    sgd->step(x, g);
    const T keep = static_cast<T>(t == 1 ? 0.0 : mu);
    const T take = static_cast<T>(t == 1 ? 1.0 : 1.0 - dampening);
    for (Eigen::Index i = 0; i < n; ++i) {
      const T d = g(i) + wd_t * ref(i);
      buffer(i) = keep * buffer(i) + take * d;
      ref(i) -= nesterov ? lr_t * (d + mu_t * buffer(i)) : lr_t * buffer(i);
    }
    ASSERT_EQ(x, ref) << "step " << t << (nesterov ? " nesterov" : "");
  }
}

TEST(KernelDispatch, EveryCloneGivesTheBaselineSgdBitForBit) {
#ifndef OPTBENCH_KERNEL_CLONES
  GTEST_SKIP() << "no runtime dispatch in this build (-march=native, clang or not x86-64): the "
                  "library may contract multiply-adds into FMAs differently from this file";
#endif
  for (const bool nesterov : {false, true}) {
    expect_sgd_matches_written_update<double>(nesterov);
    expect_sgd_matches_written_update<float>(nesterov);
  }
}

}  // namespace
}  // namespace optbench
