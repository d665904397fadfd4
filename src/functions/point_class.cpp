#include "optbench/analysis/point_class.hpp"

namespace optbench {

std::string_view to_string(PointClass c) {
  switch (c) {
    case PointClass::LocalMinimum:
      return "local_minimum";
    case PointClass::LocalMaximum:
      return "local_maximum";
    case PointClass::SaddlePoint:
      return "saddle_point";
    case PointClass::Inconclusive:
      return "inconclusive";
  }
  return "inconclusive";
}

}  // namespace optbench
