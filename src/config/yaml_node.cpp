#include "yaml_node.hpp"

#include <charconv>
#include <cmath>
#include <map>

#include "optbench/core/suggest.hpp"

namespace optbench::yaml {

namespace {

SourceLocation location_of(const YAML::Mark& mark, const std::string& file) {
  // yaml-cpp's marks are 0-based; messages are 1-based. A missing mark is -1.
  return {file, mark.line >= 0 ? mark.line + 1 : 0, mark.column >= 0 ? mark.column + 1 : 0};
}

bool is_quoted(const YAML::Node& node) { return node.Tag() == "!"; }

// yaml-cpp accepts duplicate keys silently (and keeps the first); walk every map and refuse them.
void check_duplicates(const YAML::Node& node, const std::string& file, const std::string& path) {
  if (node.IsMap()) {
    std::map<std::string, YAML::Mark> seen;
    for (const auto& kv : node) {
      const std::string key = kv.first.IsScalar() ? kv.first.Scalar() : std::string("?");
      const std::string child = join_key(path, key);
      auto [it, inserted] = seen.emplace(key, kv.first.Mark());
      if (!inserted) {
        throw Error(location_of(kv.first.Mark(), file), child,
                    "duplicate key (first given on line " + std::to_string(it->second.line + 1) +
                        ")");
      }
      check_duplicates(kv.second, file, child);
    }
  } else if (node.IsSequence()) {
    for (std::size_t i = 0; i < node.size(); ++i) {
      check_duplicates(node[i], file, path + "[" + std::to_string(i) + "]");
    }
  }
}

}  // namespace

std::optional<double> parse_finite_number(const std::string& text) {
  const char* begin = text.data();
  const char* end = text.data() + text.size();
  if (begin != end && *begin == '+') ++begin;
  double value = 0.0;
  const auto [ptr, ec] = std::from_chars(begin, end, value);
  if (begin == end || ec != std::errc() || ptr != end || !std::isfinite(value)) return std::nullopt;
  return value;
}

SourceLocation Node::where() const { return location_of(node.Mark(), file); }

void Node::fail(const std::string& message) const { throw Error(where(), keypath, message); }

Node Node::child(const std::string& key) const {
  YAML::Node c;
  for (const auto& kv : node) {
    if (kv.first.IsScalar() && kv.first.Scalar() == key) c = kv.second;
  }
  return {c, file, join_key(keypath, key)};
}

Node Node::item(std::size_t index) const {
  return {node[index], file, keypath + "[" + std::to_string(index) + "]"};
}

double Node::number() const {
  if (!node.IsScalar()) fail("must be a number");
  const std::string& s = node.Scalar();
  if (is_quoted(node)) fail("must be a number, not the quoted string \"" + s + "\"");
  if (s == ".nan" || s == ".NaN" || s == ".NAN" || s == "nan" || s == "NaN") {
    fail("must be a finite number, got " + s);
  }
  if (s.find("inf") != std::string::npos || s.find("Inf") != std::string::npos ||
      s.find("INF") != std::string::npos) {
    fail("must be a finite number, got " + s);
  }
  const auto value = parse_finite_number(s);
  if (!value) fail("must be a number, got '" + s + "'");
  return *value;
}

std::int64_t Node::integer() const {
  const double value = number();
  if (value != std::floor(value) || std::abs(value) > 9.0e15) {
    fail("must be a whole number, got " + node.Scalar());
  }
  return static_cast<std::int64_t>(value);
}

bool Node::flag() const {
  if (node.IsScalar() && !is_quoted(node)) {
    const std::string& s = node.Scalar();
    if (s == "true" || s == "True" || s == "TRUE") return true;
    if (s == "false" || s == "False" || s == "FALSE") return false;
  }
  fail("must be true or false");
}

std::string Node::text() const {
  if (!node.IsScalar() || node.Scalar().empty()) fail("must be a name");
  return node.Scalar();
}

std::vector<double> Node::numbers() const {
  if (!node.IsSequence()) fail("must be a list of numbers");
  std::vector<double> out;
  out.reserve(node.size());
  for (std::size_t i = 0; i < node.size(); ++i) out.push_back(item(i).number());
  return out;
}

Setting Node::setting(SettingType type) const {
  switch (type) {
    case SettingType::Real: return number();
    case SettingType::Integer: return integer();
    case SettingType::Bool: return flag();
    case SettingType::RealList: return numbers();
    case SettingType::Text: return text();
  }
  fail("unsupported value");
}

std::vector<std::pair<std::string, Node>> Node::entries() const {
  if (!node.IsMap()) fail("must be a map of keys to values");
  std::vector<std::pair<std::string, Node>> out;
  for (const auto& kv : node) {
    if (!kv.first.IsScalar()) {
      throw Error(location_of(kv.first.Mark(), file), keypath, "keys must be names");
    }
    const std::string key = kv.first.Scalar();
    out.emplace_back(key, Node{kv.second, file, join_key(keypath, key)});
  }
  return out;
}

void Node::expect_keys(const std::vector<std::string>& allowed) const {
  if (!node.IsMap()) fail("must be a map of keys to values");
  for (const auto& kv : node) {
    const std::string key = kv.first.IsScalar() ? kv.first.Scalar() : std::string();
    bool ok = false;
    for (const auto& a : allowed) ok = ok || a == key;
    if (!ok) {
      throw Error(location_of(kv.first.Mark(), file), join_key(keypath, key),
                  "unknown key" + did_you_mean(key, allowed));
    }
  }
}

Node parse(const std::string& text, const std::string& file) {
  YAML::Node root;
  try {
    root = YAML::Load(text);
  } catch (const YAML::Exception& e) {
    throw Error(location_of(e.mark, file), "", "malformed YAML: " + e.msg);
  }
  if (!root.IsDefined() || root.IsNull()) throw Error({file, 1, 1}, "", "the config is empty");
  if (!root.IsMap()) {
    throw Error(location_of(root.Mark(), file), "", "the config must be a map of keys to values");
  }
  check_duplicates(root, file, "");
  return {root, file, ""};
}

}  // namespace optbench::yaml
