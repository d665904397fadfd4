#include "scalar_placement.hpp"

namespace optbench::yaml {

namespace {

// How many bytes UTF-8 takes for a code point.
std::size_t utf8_length(unsigned long code) {
  if (code < 0x80) return 1;
  if (code < 0x800) return 2;
  if (code < 0x10000) return 3;
  return 4;
}

}  // namespace

std::vector<SourceLocation> scalar_byte_locations(const Node& node) {
  const std::string value = node.node.IsScalar() ? node.node.Scalar() : std::string();
  const SourceLocation start = node.where();
  std::vector<SourceLocation> fallback(value.size() + 1, start);
  if (value.empty()) return fallback;  // an error in "" points at the quotes
  const YAML::Mark mark = node.node.Mark();
  if (!node.source || mark.pos < 0 || static_cast<std::size_t>(mark.pos) >= node.source->size()) {
    return fallback;
  }
  const std::string& src = *node.source;
  std::size_t pos = static_cast<std::size_t>(mark.pos);
  int line = mark.line + 1;
  int column = mark.column + 1;
  auto step = [&] {
    if (src[pos] == '\n') {
      ++line;
      column = 1;
    } else {
      ++column;
    }
    ++pos;
  };
  const char style = src[pos];
  const bool double_quoted = style == '"';
  const bool single_quoted = style == '\'';
  if (double_quoted || single_quoted) {
    step();
  } else if (style == '|' || style == '>') {
    while (pos < src.size() && src[pos] != '\n') step();  // the block's header line
  }
  std::vector<SourceLocation> out;
  out.reserve(value.size() + 1);
  std::size_t i = 0;
  while (i < value.size()) {
    if (pos >= src.size()) return fallback;
    const char r = src[pos];
    const SourceLocation here{node.file, line, column};
    if (double_quoted && r == '\\' && pos + 1 < src.size()) {
      const char kind = src[pos + 1];
      if (kind == '\n') {  // an escaped line break joins the lines
        step();
        step();
        continue;
      }
      std::size_t raw = 2;
      std::size_t bytes = 1;
      if (kind == 'x' || kind == 'u' || kind == 'U') {
        const std::size_t digits = kind == 'x' ? 2 : (kind == 'u' ? 4 : 8);
        raw = 2 + digits;
        if (pos + raw > src.size()) return fallback;
        const unsigned long code = std::stoul(src.substr(pos + 2, digits), nullptr, 16);
        bytes = kind == 'x' ? 1 : utf8_length(code);
      }
      for (std::size_t b = 0; b < bytes && i < value.size(); ++b, ++i) out.push_back(here);
      for (std::size_t k = 0; k < raw; ++k) step();
      continue;
    }
    if (single_quoted && r == '\'' && pos + 1 < src.size() && src[pos + 1] == '\'') {
      out.push_back(here);
      ++i;
      step();
      step();
      continue;
    }
    if (value[i] == r) {
      out.push_back(here);
      ++i;
      step();
      continue;
    }
    // Line breaks and indentation that the scalar folded away.
    if (r == '\n' || r == ' ' || r == '\t' || r == '\r') {
      step();
      continue;
    }
    return fallback;
  }
  out.push_back({node.file, line, column});
  return out;
}

}  // namespace optbench::yaml
