#pragma once
// Numbers as the CSV files write them: shortest round-trip form, nan/inf/-inf.

#include <string>

namespace optbench {

/// Shortest text that reads back as exactly `value` (std::to_chars); "nan", "inf", "-inf".
std::string format_number(double value);

/// Appends format_number(value) to `out` without a temporary string.
void append_number(std::string& out, double value);

}  // namespace optbench
