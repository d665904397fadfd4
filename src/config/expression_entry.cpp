#include "expression_entry.hpp"

#include "optbench/core/suggest.hpp"
#include "optbench/functions/expression/expression_error.hpp"
#include "optbench/functions/expression/expression_syntax.hpp"
#include "optbench/functions/point_class.hpp"
#include "scalar_placement.hpp"

namespace optbench {

namespace {

ExpressionEntry& entry_of(ProblemSpec& p) {
  if (!p.expression) {
    p.expression.emplace();
    p.expression->keypath = p.keypath;
  }
  return *p.expression;
}

PointClass read_class(const yaml::Node& node) {
  const std::string name = node.text();
  std::vector<std::string> names;
  for (const PointClass c : {PointClass::LocalMinimum, PointClass::LocalMaximum,
                             PointClass::SaddlePoint, PointClass::Inconclusive}) {
    names.emplace_back(to_string(c));
    if (name == to_string(c)) return c;
  }
  node.fail("unknown class '" + name +
            "' (one of local_minimum, local_maximum, saddle_point, "
            "inconclusive)" +
            did_you_mean(name, names));
}

}  // namespace

const std::vector<std::string>& expression_entry_keys() {
  static const std::vector<std::string> keys{"expression", "f_star", "known_points", "search_box",
                                             "evaluator"};
  return keys;
}

Error expression_error(const ExpressionEntry& entry, std::size_t offset, const std::string& what) {
  return Error(entry.at(offset), join_key(entry.keypath, "expression"), what);
}

void read_expression_key(const std::string& key, const yaml::Node& value, ProblemSpec& p) {
  ExpressionEntry& e = entry_of(p);
  if (key == "expression") {
    if (!value.is_scalar())
      value.fail_expected("an expression in x0, x1, ... such as \"x0^2 - x1^2\"");
    e.text = value.node.Scalar();
    e.where = yaml::scalar_byte_locations(value);
    try {
      check_expression_syntax(e.text);
    } catch (const ExpressionError& error) {
      throw expression_error(e, error.offset(), error.what());
    }
  } else if (key == "f_star") {
    e.f_star = value.number();
    e.f_star_where = value.where();
  } else if (key == "known_points") {
    if (!value.is_list()) value.fail_expected("a list of {x: [...], class: ...}");
    for (std::size_t i = 0; i < value.size(); ++i) {
      const yaml::Node point = value.item(i);
      if (!point.is_map()) point.fail_expected("a map {x: [...], class: ...}");
      point.expect_keys({"x", "class"});
      const yaml::Node x = point.child("x");
      const yaml::Node kind = point.child("class");
      if (!x.written()) point.fail("a known point needs x: [...]");
      if (!kind.written()) point.fail("a known point needs class: (local_minimum, ...)");
      const std::vector<double> coordinates = x.numbers();
      if (coordinates.empty()) x.fail("a point needs at least one coordinate");
      e.known_points.push_back(
          {Eigen::Map<const Eigen::VectorXd>(coordinates.data(),
                                             static_cast<Eigen::Index>(coordinates.size())),
           read_class(kind)});
      e.known_points_where.push_back(x.where());
    }
  } else if (key == "search_box") {
    if (!value.is_list() || value.size() == 0)
      value.fail("search_box must be a list of [low, high]");
    SearchBox box;
    for (std::size_t i = 0; i < value.size(); ++i) {
      const std::vector<double> lh = value.item(i).numbers();
      if (lh.size() != 2 || !(lh[0] < lh[1]))
        value.item(i).fail("must be [low, high] with low < high");
      box.emplace_back(lh[0], lh[1]);
    }
    e.search_box = box;
    e.search_box_where = value.where();
  }
}

Setting read_evaluator(const yaml::Node& value) {
  const std::string name = value.text();
  if (name != "compiled" && name != "interpreted") {
    value.fail("unknown evaluator '" + name + "' (compiled or interpreted)" +
               did_you_mean(name, {"compiled", "interpreted"}));
  }
  return name;
}

void finish_expression_entry(const yaml::Node& entry, const ProblemSpec& p) {
  if (!p.expression || p.expression->where.empty()) {
    entry.fail("function: expression needs an expression: key, e.g. expression: \"x0^2 - x1^2\"");
  }
}

}  // namespace optbench
