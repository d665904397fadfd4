// optbench classify FUNCTION|--expression EXPR --at X,Y[,...] [--dim D] [--param k=v] [--tol T]
//                   [--format text|csv]
// optbench classify --hessian "a,b;c,d" [--tol T] [--format text|csv]

#include <boost/program_options.hpp>
#include <cmath>
#include <cstdio>
#include <iostream>

#include "commands.hpp"
#include "function_flags.hpp"
#include "optbench/analysis/point_report.hpp"
#include "optbench/core/error.hpp"
#include "optbench/core/suggest.hpp"
#include "optbench/functions/function_registry.hpp"
#include "optbench/io/csv.hpp"
#include "optbench/io/list_cell.hpp"
#include "optbench/io/number_format.hpp"

namespace po = boost::program_options;

namespace optbench::cli {

namespace {

Eigen::MatrixXd parse_matrix(const std::string& text) {
  std::vector<std::vector<double>> rows;
  std::size_t start = 0;
  while (true) {
    const std::size_t end = text.find(';', start);
    rows.push_back(
        parse_list(text.substr(start, end == std::string::npos ? std::string::npos : end - start),
                   ',', "--hessian"));
    if (end == std::string::npos) break;
    start = end + 1;
  }
  const auto n = static_cast<Eigen::Index>(rows.size());
  Eigen::MatrixXd m(n, n);
  for (Eigen::Index i = 0; i < n; ++i) {
    if (static_cast<Eigen::Index>(rows[static_cast<std::size_t>(i)].size()) != n) {
      throw Error("--hessian", "the matrix must be square: row " + std::to_string(i) + " has " +
                                   std::to_string(rows[static_cast<std::size_t>(i)].size()) +
                                   " entries, there are " + std::to_string(n) + " rows");
    }
    for (Eigen::Index j = 0; j < n; ++j)
      m(i, j) = rows[static_cast<std::size_t>(i)][static_cast<std::size_t>(j)];
  }
  const double scale = std::max(1.0, m.cwiseAbs().maxCoeff());
  if (!((m - m.transpose()).cwiseAbs().maxCoeff() <= 1e-12 * scale)) {
    throw Error("--hessian", "a Hessian is symmetric; this matrix is not");
  }
  return m;
}

std::string row_text(const Eigen::Ref<const Eigen::VectorXd>& v) {
  std::string out;
  for (Eigen::Index i = 0; i < v.size(); ++i) {
    char buf[40];
    std::snprintf(buf, sizeof buf, "%s%12.6g", i > 0 ? " " : "", v(i));
    out += buf;
  }
  return out;
}

std::string list_text(const Eigen::Ref<const Eigen::VectorXd>& v) {
  std::string out;
  for (Eigen::Index i = 0; i < v.size(); ++i) out += (i > 0 ? " " : "") + format_number(v(i));
  return out;
}

std::string explain(PointClass c, double tol) {
  const std::string t = format_number(tol) + " max|eigenvalue|";
  switch (c) {
    case PointClass::LocalMinimum:
      return "every eigenvalue > " + t;
    case PointClass::LocalMaximum:
      return "every eigenvalue < -" + t;
    case PointClass::SaddlePoint:
      return "eigenvalues of both signs";
    case PointClass::Inconclusive:
      return "an eigenvalue within " + t + " of zero and no sign conflict: the Hessian cannot tell";
  }
  return "";
}

void print_text(const PointReport& r, const std::string& title, bool has_function, double tol) {
  std::cout << title << "\n";
  if (has_function) {
    std::cout << "point:        " << list_text(r.point) << "\n"
              << "f:            " << format_number(r.f) << "\n"
              << "gradient:     " << list_text(r.gradient) << "\n"
              << "grad norm:    " << format_number(r.gradient.norm()) << "\n";
  }
  if (r.hessian.size() > 0 && r.hessian.rows() <= 12) {
    std::cout << "Hessian:\n";
    for (Eigen::Index i = 0; i < r.hessian.rows(); ++i)
      std::cout << "  " << row_text(r.hessian.row(i).transpose()) << "\n";
  }
  if (!r.analysed) {
    std::cout << "eigenvalues:  (not computed: the dimension is above the dense limit)\n";
    return;
  }
  std::cout << "eigenvalues:  " << list_text(r.analysis.eigenvalues) << "\n";
  if (r.analysis.eigenvectors.size() > 0 && r.analysis.eigenvectors.rows() <= 12) {
    std::cout << "eigenvectors (one column per eigenvalue, same order):\n";
    for (Eigen::Index i = 0; i < r.analysis.eigenvectors.rows(); ++i) {
      std::cout << "  " << row_text(r.analysis.eigenvectors.row(i).transpose()) << "\n";
    }
  }
  std::cout << "class:        " << to_string(r.analysis.kind) << " ("
            << explain(r.analysis.kind, tol) << ")\n";
}

}  // namespace

int classify_command(const std::vector<std::string>& args) {
  po::options_description flags("optbench classify");
  add_function_flags(flags);
  flags.add_options()("at", po::value<std::string>(), "the point: X,Y[,...]")(
      "tol", po::value<double>()->default_value(1e-12),
      "zero tolerance for eigenvalues, relative to the largest |eigenvalue|")(
      "format", po::value<std::string>()->default_value("text"), "text or csv")(
      "hessian", po::value<std::string>(), "classify this symmetric matrix: \"a,b;c,d\"");
  po::positional_options_description positional;
  positional.add("function", 1);
  po::variables_map vm;
  po::store(po::command_line_parser(args).options(flags).positional(positional).run(), vm);
  po::notify(vm);
  const std::string format = vm["format"].as<std::string>();
  if (format != "text" && format != "csv") {
    throw Error("--format", "must be text or csv, got '" + format + "'" +
                                did_you_mean(format, {"text", "csv"}));
  }
  const double tol = vm["tol"].as<double>();
  if (!(tol >= 0.0) || !std::isfinite(tol)) throw Error("--tol", "must be a finite number >= 0");

  PointReport report;
  bool has_function = false;
  std::string title;
  if (vm.count("hessian") != 0) {
    if (vm.count("function") != 0 || vm.count("expression") != 0 || vm.count("at") != 0) {
      throw Error("--hessian", "give either a matrix or FUNCTION --at, not both");
    }
    report.hessian = parse_matrix(vm["hessian"].as<std::string>());
    report.analysis = analyze_hessian(report.hessian, tol, true);
    report.analysed = true;
    title = "matrix (" + std::to_string(report.hessian.rows()) + "x" +
            std::to_string(report.hessian.rows()) + ")";
  } else {
    if (vm.count("function") == 0 && vm.count("expression") == 0) {
      throw Error("",
                  "classify: which function? usage: optbench classify FUNCTION --at X,Y "
                  "(or --expression EXPR --at X,Y) or optbench classify --hessian \"a,b;c,d\"");
    }
    if (vm.count("at") == 0) throw Error("--at", "missing: the point to classify, e.g. --at 0,0");
    const std::vector<double> at = parse_list(vm["at"].as<std::string>(), ',', "--at");
    const ChosenFunction chosen = chosen_function(vm, static_cast<Eigen::Index>(at.size()));
    const Eigen::Index dim = chosen.function->dim();
    if (static_cast<Eigen::Index>(at.size()) != dim) {
      throw Error("--at",
                  "has " + std::to_string(at.size()) + " coordinates but " +
                      (vm.count("dim") != 0 ? std::string("--dim") : chosen.name + "'s dim") +
                      " is " + std::to_string(dim));
    }
    report = examine_point(*chosen.function, Eigen::Map<const Eigen::VectorXd>(at.data(), dim), tol,
                           true);
    has_function = true;
    title = chosen.title;
  }
  if (format == "csv") {
    // The one-row table a script reads keeps its lists space-separated, the form such scripts
    // (the reference replay among them) split; result files bracket them (results/README.md).
    std::vector<std::string> cells = point_cells(report, has_function);
    const std::vector<Column>& columns = point_columns();
    for (std::size_t c = 0; c < cells.size(); ++c) {
      if (columns[c].type == ColumnType::List) cells[c] = unbracketed(cells[c]);
    }
    std::cout << csv_line(column_names(columns)) << "\n" << csv_line(cells) << "\n";
  } else {
    print_text(report, title, has_function, tol);
  }
  return kExitOk;
}

}  // namespace optbench::cli
