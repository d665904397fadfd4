#pragma once
// Typed values of hyperparameters and problem parameters, with their declared ranges.

#include <cstdint>
#include <limits>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "optbench/io/column_type.hpp"

namespace optbench {

/// One scalar or list value of a hyperparameter or problem parameter.
using Setting = std::variant<bool, std::int64_t, double, std::string, std::vector<double>>;

/// The kinds of value a parameter accepts.
enum class SettingType { Real, Integer, Bool, RealList, Text };

/// Name of a type as a message says it ("a number", "true or false", ...).
std::string describe(SettingType type);

/// Declares one parameter: its name, type, default and allowed range.
struct ParamSpec {
  std::string name;
  SettingType type = SettingType::Real;
  Setting default_value = 0.0;
  double min = -std::numeric_limits<double>::infinity();
  double max = std::numeric_limits<double>::infinity();
  bool min_open = false;             ///< true: the value must be > min, not >= min
  bool max_open = false;             ///< true: the value must be < max
  std::size_t length = 0;            ///< RealList: the required length (0: any)
  std::vector<std::string> choices;  ///< Text: the allowed words
  bool nullable = false;             ///< Real: also `null` (torch's None), held as the text "null"
  std::string help;
};

/// A numeric parameter (Real, Integer or RealList) in [min, max]; an end is open when its flag
/// says so. The one place registries build numeric specs.
ParamSpec number_param(std::string name, SettingType type, Setting value, double min, double max,
                       std::string help, bool min_open = false, bool max_open = false);

/// A word from `choices` (any word when empty).
ParamSpec text_param(std::string name, std::string value, std::vector<std::string> choices,
                     std::string help);

/// true or false.
ParamSpec flag_param(std::string name, bool value, std::string help);

/// Throws Error(keypath = spec.name) when `value` breaks the spec's type or range.
void check_setting(const ParamSpec& spec, const Setting& value);

/// The range of a spec as text ("[0, 1)", ">= 0").
std::string describe_range(const ParamSpec& spec);

/// A CSV cell for a setting: shortest round-trip numbers, lists as `[a b]` (io/list_cell.hpp).
std::string to_cell(const Setting& value);

/// The text a setting adds to a seeding key: to_cell's, lists without their brackets, as
/// cells were written before lists were bracketed, so runs keep drawing the same numbers.
std::string key_text(const Setting& value);

/// The CSV column type of a parameter of this type.
ColumnType column_type(SettingType type);

/// An ordered name -> value map (the order is the declaration order of the specs).
class Settings {
 public:
  void set(const std::string& name, Setting value);
  bool has(const std::string& name) const;
  const Setting& get(const std::string& name) const;
  double real(const std::string& name) const;
  std::int64_t integer(const std::string& name) const;
  bool flag(const std::string& name) const;
  const std::vector<double>& list(const std::string& name) const;
  const std::string& text(const std::string& name) const;
  const std::vector<std::pair<std::string, Setting>>& items() const { return items_; }

 private:
  std::vector<std::pair<std::string, Setting>> items_;
};

/// The defaults of every spec, overlaid with the given values.
Settings complete_settings(const std::vector<ParamSpec>& specs, const Settings& given);

}  // namespace optbench
