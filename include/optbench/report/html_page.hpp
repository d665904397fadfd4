#pragma once
// report.html: one static page (inline CSS, no scripts, no network) with the run's facts, the
// config, the summary tables sorted by rank and every figure with its caption.

#include <string>
#include <vector>

#include "optbench/report/result_data.hpp"

namespace optbench::report {

/// One figure of the page.
struct Figure {
  std::string section;
  std::string title;
  std::string caption;
  std::string image;   ///< path relative to the page; empty when it was not drawn
  std::string script;  ///< the gnuplot script, relative to the page
  bool wide = false;   ///< small multiples: the figure takes the page's whole width
};

/// The page's text.
std::string html_page(const ResultData& data, const std::vector<Figure>& figures,
                      const std::vector<std::string>& notices);

/// `text` with &, <, >, " escaped.
std::string html_escape(const std::string& text);

}  // namespace optbench::report
