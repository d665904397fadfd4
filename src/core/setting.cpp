#include "optbench/core/setting.hpp"

#include <algorithm>
#include <cmath>

#include "optbench/core/error.hpp"
#include "optbench/io/list_cell.hpp"
#include "optbench/io/number_format.hpp"

namespace optbench {

ParamSpec number_param(std::string name, SettingType type, Setting value, double min, double max,
                       std::string help, bool min_open, bool max_open) {
  ParamSpec s;
  s.name = std::move(name);
  s.type = type;
  s.default_value = std::move(value);
  s.min = min;
  s.max = max;
  s.min_open = min_open;
  s.max_open = max_open;
  s.help = std::move(help);
  return s;
}

ParamSpec text_param(std::string name, std::string value, std::vector<std::string> choices,
                     std::string help) {
  ParamSpec s;
  s.name = std::move(name);
  s.type = SettingType::Text;
  s.default_value = std::move(value);
  s.choices = std::move(choices);
  s.help = std::move(help);
  return s;
}

ParamSpec flag_param(std::string name, bool value, std::string help) {
  ParamSpec s;
  s.name = std::move(name);
  s.type = SettingType::Bool;
  s.default_value = value;
  s.help = std::move(help);
  return s;
}

std::string describe(SettingType type) {
  switch (type) {
    case SettingType::Real:
      return "a number";
    case SettingType::Integer:
      return "a whole number";
    case SettingType::Bool:
      return "true or false";
    case SettingType::RealList:
      return "a list of numbers";
    case SettingType::Text:
      return "a name";
  }
  return "a value";
}

std::string describe_range(const ParamSpec& spec) {
  const bool has_min = std::isfinite(spec.min);
  const bool has_max = std::isfinite(spec.max);
  if (has_min && has_max) {
    return std::string(spec.min_open ? "(" : "[") + format_number(spec.min) + ", " +
           format_number(spec.max) + (spec.max_open ? ")" : "]");
  }
  if (has_min) return std::string(spec.min_open ? "> " : ">= ") + format_number(spec.min);
  if (has_max) return std::string(spec.max_open ? "< " : "<= ") + format_number(spec.max);
  return "any finite number";
}

namespace {

void check_number(const ParamSpec& spec, double v, const std::string& what) {
  if (!std::isfinite(v)) throw Error(spec.name, what + " must be finite, got " + format_number(v));
  const bool low = spec.min_open ? !(v > spec.min) : !(v >= spec.min);
  const bool high = spec.max_open ? !(v < spec.max) : !(v <= spec.max);
  if (low || high) {
    throw Error(spec.name, what + " must be " +
                               (std::isfinite(spec.min) && std::isfinite(spec.max) ? "in " : "") +
                               describe_range(spec) + ", got " + format_number(v));
  }
}

}  // namespace

void check_setting(const ParamSpec& spec, const Setting& value) {
  switch (spec.type) {
    case SettingType::Real:
      if (const auto* v = std::get_if<double>(&value)) return check_number(spec, *v, "value");
      if (const auto* s = std::get_if<std::string>(&value); s != nullptr && spec.nullable) {
        if (*s == "null") return;
      }
      if (const auto* i = std::get_if<std::int64_t>(&value)) {
        return check_number(spec, static_cast<double>(*i), "value");
      }
      break;
    case SettingType::Integer:
      if (const auto* i = std::get_if<std::int64_t>(&value)) {
        return check_number(spec, static_cast<double>(*i), "value");
      }
      break;
    case SettingType::Bool:
      if (std::holds_alternative<bool>(value)) return;
      break;
    case SettingType::RealList:
      if (const auto* list = std::get_if<std::vector<double>>(&value)) {
        if (spec.length != 0 && list->size() != spec.length) {
          throw Error(spec.name, "needs " + std::to_string(spec.length) + " numbers, got " +
                                     std::to_string(list->size()));
        }
        for (std::size_t i = 0; i < list->size(); ++i) {
          check_number(spec, (*list)[i], "element " + std::to_string(i));
        }
        return;
      }
      break;
    case SettingType::Text:
      if (const auto* s = std::get_if<std::string>(&value)) {
        if (spec.choices.empty() ||
            std::find(spec.choices.begin(), spec.choices.end(), *s) != spec.choices.end()) {
          return;
        }
        std::string list;
        for (const auto& c : spec.choices) list += (list.empty() ? "" : ", ") + c;
        throw Error(spec.name, "unknown value '" + *s + "' (one of: " + list + ")");
      }
      break;
  }
  throw Error(spec.name, "must be " + describe(spec.type));
}

std::string to_cell(const Setting& value) {
  struct Visitor {
    std::string operator()(bool b) const { return b ? "true" : "false"; }
    std::string operator()(std::int64_t i) const { return std::to_string(i); }
    std::string operator()(double d) const { return format_number(d); }
    std::string operator()(const std::string& s) const { return s; }
    std::string operator()(const std::vector<double>& list) const { return list_cell(list); }
  };
  return std::visit(Visitor{}, value);
}

std::string key_text(const Setting& value) {
  return std::holds_alternative<std::vector<double>>(value) ? unbracketed(to_cell(value))
                                                            : to_cell(value);
}

ColumnType column_type(SettingType type) {
  switch (type) {
    case SettingType::Real:
      return ColumnType::Number;
    case SettingType::Integer:
      return ColumnType::Integer;
    case SettingType::Bool:
      return ColumnType::Bool;
    case SettingType::RealList:
      return ColumnType::List;
    case SettingType::Text:
      return ColumnType::Text;
  }
  return ColumnType::Text;
}

void Settings::set(const std::string& name, Setting value) {
  for (auto& [key, existing] : items_) {
    if (key == name) {
      existing = std::move(value);
      return;
    }
  }
  items_.emplace_back(name, std::move(value));
}

bool Settings::has(const std::string& name) const {
  return std::any_of(items_.begin(), items_.end(),
                     [&](const auto& kv) { return kv.first == name; });
}

const Setting& Settings::get(const std::string& name) const {
  for (const auto& [key, value] : items_) {
    if (key == name) return value;
  }
  throw Error(name, "missing setting");
}

double Settings::real(const std::string& name) const {
  const Setting& v = get(name);
  if (const auto* i = std::get_if<std::int64_t>(&v)) return static_cast<double>(*i);
  return std::get<double>(v);
}

std::int64_t Settings::integer(const std::string& name) const {
  return std::get<std::int64_t>(get(name));
}

bool Settings::flag(const std::string& name) const {
  return std::get<bool>(get(name));
}

const std::vector<double>& Settings::list(const std::string& name) const {
  return std::get<std::vector<double>>(get(name));
}

const std::string& Settings::text(const std::string& name) const {
  return std::get<std::string>(get(name));
}

Settings complete_settings(const std::vector<ParamSpec>& specs, const Settings& given) {
  Settings out;
  for (const auto& spec : specs) {
    out.set(spec.name, given.has(spec.name) ? given.get(spec.name) : spec.default_value);
  }
  return out;
}

}  // namespace optbench
