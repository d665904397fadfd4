// optbench check FUNCTION|--expression EXPR [--at X,Y] [--dim D] [--param k=v] [--tol T]
//                [--seed S] [--format text|csv]
// The analytic gradient against central differences and the analytic Hessian against central
// differences of the gradient, at one point or at 20 seeded points in the search box.

#include <algorithm>
#include <boost/program_options.hpp>
#include <cmath>
#include <cstdio>
#include <iostream>

#include "commands.hpp"
#include "function_flags.hpp"
#include "optbench/analysis/derivative_check.hpp"
#include "optbench/core/error.hpp"
#include "optbench/core/suggest.hpp"
#include "optbench/io/csv.hpp"
#include "optbench/io/list_cell.hpp"
#include "optbench/io/number_format.hpp"

namespace po = boost::program_options;

namespace optbench::cli {

namespace {

constexpr int kCheckPoints = 20;

std::string point_text(const Eigen::VectorXd& x) {
  std::string out;
  for (Eigen::Index i = 0; i < x.size(); ++i) out += (i > 0 ? " " : "") + format_number(x(i));
  return out;
}

std::string short_point(const Eigen::VectorXd& x) {
  std::string out;
  for (Eigen::Index i = 0; i < std::min<Eigen::Index>(x.size(), 4); ++i) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%s%.6g", i > 0 ? " " : "", x(i));
    out += buf;
  }
  return x.size() > 4 ? out + " ..." : out;
}

std::string error_text(double e) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.3g", e);
  return buf;
}

}  // namespace

int check_command(const std::vector<std::string>& args) {
  po::options_description flags("optbench check");
  add_function_flags(flags);
  flags.add_options()("at", po::value<std::string>(), "one point X,Y[,...] (default: 20 points)")(
      "tol", po::value<double>()->default_value(kDerivativeCheckTol), "largest error that passes")(
      "seed", po::value<int>()->default_value(0), "seed of the points in the search box")(
      "format", po::value<std::string>()->default_value("text"), "text or csv");
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
  if (!(tol > 0.0) || !std::isfinite(tol)) throw Error("--tol", "must be a finite number > 0");
  if (vm["seed"].as<int>() < 0) throw Error("--seed", "must be >= 0");
  if (vm.count("function") == 0 && vm.count("expression") == 0) {
    throw Error("",
                "check: which function? usage: optbench check FUNCTION [--at X,Y] or "
                "optbench check --expression EXPR [--at X,Y]");
  }
  std::optional<std::vector<double>> at;
  if (vm.count("at") != 0) at = parse_list(vm["at"].as<std::string>(), ',', "--at");
  const ChosenFunction chosen = chosen_function(
      vm, at ? std::optional<Eigen::Index>(static_cast<Eigen::Index>(at->size())) : std::nullopt);
  const TestFunction& f = *chosen.function;
  std::vector<Eigen::VectorXd> points;
  if (at) {
    if (static_cast<Eigen::Index>(at->size()) != f.dim()) {
      throw Error("--at", "has " + std::to_string(at->size()) + " coordinates but " + chosen.name +
                              " has dim " + std::to_string(f.dim()));
    }
    points.emplace_back(Eigen::Map<const Eigen::VectorXd>(at->data(), f.dim()));
  } else {
    points = check_points(f, kCheckPoints, static_cast<std::uint64_t>(vm["seed"].as<int>()));
  }

  std::vector<DerivativeCheck> checks;
  checks.reserve(points.size());
  for (const auto& x : points) checks.push_back(check_derivatives(f, x));
  // A check that compared nothing (f undefined at every point) does not pass.
  bool all_pass =
      std::any_of(checks.begin(), checks.end(), [](const auto& c) { return c.defined; });
  for (const auto& c : checks) all_pass = all_pass && passes(c, tol);

  if (format == "csv") {
    std::cout << csv_line({"function", "dim", "point", "gradient_error", "hessian_error",
                           "tolerance", "verdict"})
              << "\n";
    for (const auto& c : checks) {
      std::cout << csv_line({chosen.name == "expression" ? chosen.title : chosen.name,
                             std::to_string(f.dim()),
                             list_cell(std::span<const double>(
                                 c.point.data(), static_cast<std::size_t>(c.point.size()))),
                             c.defined ? format_number(c.gradient_error) : std::string(),
                             c.defined && c.hessian_checked ? format_number(c.hessian_error)
                                                            : std::string(),
                             format_number(tol),
                             !c.defined ? "undefined" : (passes(c, tol) ? "pass" : "fail")})
                << "\n";
    }
    return all_pass ? kExitOk : kExitRunFailed;
  }

  const DerivativeCheck* worst_gradient = nullptr;
  const DerivativeCheck* worst_hessian = nullptr;
  std::size_t undefined = 0;
  for (const auto& c : checks) {
    if (!c.defined) {
      ++undefined;
      continue;
    }
    if (worst_gradient == nullptr || !(c.gradient_error <= worst_gradient->gradient_error)) {
      worst_gradient = &c;
    }
    if (worst_hessian == nullptr || !(c.hessian_error <= worst_hessian->hessian_error)) {
      worst_hessian = &c;
    }
  }
  std::cout << chosen.title << ": analytic derivatives against central differences\n"
            << (at ? std::string("at the point ") + point_text(points.front())
                   : "at " + std::to_string(points.size()) +
                         " points uniform in the search box (seed " +
                         std::to_string(vm["seed"].as<int>()) + ")")
            << "\n"
            << "step h_i = eps^(1/3) * max(1, |x_i|), as scipy's approx_derivative ('3-point'),\n"
            << "and h_i/2, combined by Richardson's extrapolation (error O(h^4));\n"
            << "error = max |analytic - difference| / max(1, max |difference|)\n\n";
  std::printf("%-10s %-12s %-28s %-10s %s\n", "", "max error", "at", "tolerance", "verdict");
  std::fflush(stdout);
  auto line = [&](const char* what, const DerivativeCheck* worst, double error, bool checked) {
    if (worst == nullptr || !checked) {
      std::printf("%-10s %-12s %-28s %-10s %s\n", what, "-", "-", error_text(tol).c_str(),
                  worst == nullptr ? "undefined" : "not checked (above the dense limit)");
    } else {
      std::printf("%-10s %-12s %-28s %-10s %s\n", what, error_text(error).c_str(),
                  short_point(worst->point).c_str(), error_text(tol).c_str(),
                  error <= tol ? "pass" : "FAIL");
    }
  };
  line("gradient", worst_gradient, worst_gradient ? worst_gradient->gradient_error : 0.0, true);
  line("Hessian", worst_hessian, worst_hessian ? worst_hessian->hessian_error : 0.0,
       worst_hessian ? worst_hessian->hessian_checked : true);
  std::fflush(stdout);
  if (undefined > 0) {
    std::cout << undefined << " of " << checks.size() << " points skipped: f is not finite there\n";
  }
  std::cout << "check: " << (all_pass ? "pass" : "FAIL") << "\n";
  return all_pass ? kExitOk : kExitRunFailed;
}

}  // namespace optbench::cli
