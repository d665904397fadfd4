#pragma once
// Strict readers of yaml-cpp nodes: numbers, names and flags with their locations. Private to
// src/config/: nothing outside config/ touches yaml-cpp.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <yaml-cpp/yaml.h>

#include "optbench/core/error.hpp"
#include "optbench/core/setting.hpp"

namespace optbench::yaml {

/// A node together with the file it came from and its key path.
struct Node {
  YAML::Node node;
  std::string file;
  std::string keypath;
  std::shared_ptr<const std::string> source;  ///< the whole file, to place empty values

  /// Where the value is; an empty value (`lr:`) is placed at the `:` or `-` that introduced it.
  SourceLocation where() const;
  /// Whether the file writes this key or item at all (an empty value counts).
  bool written() const { return node.IsDefined() && !node.Mark().is_null(); }
  [[noreturn]] void fail(const std::string& message) const;
  /// Fails with "must be WHAT" ("is empty: must be WHAT" for an empty value).
  [[noreturn]] void fail_expected(const std::string& what) const;
  Node child(const std::string& key) const;
  Node item(std::size_t index) const;

  bool is_map() const { return node.IsMap(); }
  bool is_list() const { return node.IsSequence(); }
  bool is_scalar() const { return node.IsScalar(); }
  bool is_null() const { return !node.IsDefined() || node.IsNull(); }
  std::size_t size() const { return node.size(); }

  /// A finite number (plain, not quoted).
  double number() const;
  /// A whole number.
  std::int64_t integer() const;
  /// true or false.
  bool flag() const;
  /// A plain or quoted string.
  std::string text() const;
  /// A list of finite numbers.
  std::vector<double> numbers() const;
  /// The value as the given setting type.
  Setting setting(SettingType type) const;
  /// The keys of a map, in file order, each with its node.
  std::vector<std::pair<std::string, Node>> entries() const;
  /// Fails with a suggestion when a key of this map is not in `allowed`.
  void expect_keys(const std::vector<std::string>& allowed) const;
};

/// A finite number written plainly (`1.0e-08`, `-5`, `+2`); nullopt for anything else.
std::optional<double> parse_finite_number(const std::string& text);

/// Parses text into a root Node; throws Error for malformed YAML, an empty document and
/// duplicate keys anywhere in it.
Node parse(const std::string& text, const std::string& file);

}  // namespace optbench::yaml
