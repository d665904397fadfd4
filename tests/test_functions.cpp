#include <gtest/gtest.h>

#include "optbench/functions/function_registry.hpp"

namespace optbench {
namespace {

TEST(Functions, RegistryBuildsEveryFunction) {
  for (const auto& info : function_registry().all()) {
    const Eigen::Index dim = info.fixed_dim != 0 ? info.fixed_dim : 3;
    auto f = make_function(info.name, dim, Settings{});
    ASSERT_NE(f, nullptr) << info.name;
    EXPECT_EQ(f->dim(), dim);
  }
}

}  // namespace
}  // namespace optbench
