#include "optbench/analysis/point_report.hpp"

#include "optbench/core/setting.hpp"
#include "optbench/io/number_format.hpp"

namespace optbench {

PointReport examine_point(const TestFunction& f, const Eigen::Ref<const Eigen::VectorXd>& x,
                          double tol, bool with_vectors) {
  PointReport r;
  r.point = x;
  r.gradient.resize(f.dim());
  r.f = f.value_and_gradient(x, r.gradient);
  if (f.dim() <= kDenseHessianLimit) {
    r.hessian.resize(f.dim(), f.dim());
    f.hessian(x, r.hessian);
  }
  if (auto a = analyze_point(f, x, tol, with_vectors)) {
    r.analysis = std::move(*a);
    r.analysed = true;
  }
  return r;
}

const std::vector<Column>& point_columns() {
  static const std::vector<Column> columns{{"point", ColumnType::List},
                                           {"f", ColumnType::Number},
                                           {"grad_norm", ColumnType::Number},
                                           {"eigenvalues", ColumnType::List},
                                           {"class", ColumnType::Text}};
  return columns;
}

std::vector<std::string> point_cells(const PointReport& report, bool has_function) {
  std::vector<double> point(report.point.data(), report.point.data() + report.point.size());
  std::vector<double> eig(report.analysis.eigenvalues.data(),
                          report.analysis.eigenvalues.data() + report.analysis.eigenvalues.size());
  return {to_cell(point), has_function ? format_number(report.f) : std::string(),
          has_function ? format_number(report.gradient.norm()) : std::string(),
          report.analysed ? to_cell(eig) : std::string(),
          report.analysed ? std::string(to_string(report.analysis.kind)) : std::string()};
}

}  // namespace optbench
