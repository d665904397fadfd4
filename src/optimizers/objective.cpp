#include "optbench/optimizers/objective.hpp"

#include "optbench/core/error.hpp"

namespace optbench {

namespace {

Eigen::VectorXd side(const SearchBox& box, bool upper) {
  Eigen::VectorXd out(static_cast<Eigen::Index>(box.size()));
  for (std::size_t i = 0; i < box.size(); ++i) {
    out(static_cast<Eigen::Index>(i)) = upper ? box[i].second : box[i].first;
  }
  return out;
}

}  // namespace

FunctionObjective::FunctionObjective(const TestFunction& f)
    : FunctionObjective(f, f.search_box()) {}

FunctionObjective::FunctionObjective(const TestFunction& f, const SearchBox& box)
    : Objective(side(box, false), side(box, true)), f_(f) {
  if (static_cast<Eigen::Index>(box.size()) != f.dim()) {
    throw Error("box", "has " + std::to_string(box.size()) + " ranges for " +
                           std::to_string(f.dim()) + " coordinates");
  }
}

}  // namespace optbench
