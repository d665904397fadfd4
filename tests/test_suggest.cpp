#include <gtest/gtest.h>

#include "optbench/core/suggest.hpp"

namespace optbench {
namespace {

TEST(Suggest, EditDistanceCountsInsertionsDeletionsSubstitutions) {
  EXPECT_EQ(edit_distance("adam", "adam"), 0u);
  EXPECT_EQ(edit_distance("adma", "adam"), 2u);
  EXPECT_EQ(edit_distance("adamw", "adam"), 1u);
  EXPECT_EQ(edit_distance("", "sgd"), 3u);
  EXPECT_EQ(edit_distance("kitten", "sitting"), 3u);
}

TEST(Suggest, ProposesTheClosestNameOnly) {
  const std::vector<std::string> names{"sgd", "adam", "adamw", "rmsprop", "adagrad"};
  EXPECT_EQ(did_you_mean("adan", names), " (did you mean 'adam'?)");
  EXPECT_EQ(did_you_mean("rmsprp", names), " (did you mean 'rmsprop'?)");
  EXPECT_EQ(did_you_mean("lbfgs_with_linesearch", names), "");
}

}  // namespace
}  // namespace optbench
