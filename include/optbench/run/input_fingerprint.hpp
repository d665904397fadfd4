#pragma once
// The content of the files a plan reads (its data set) belongs to its identity: two attempts of
// a sweep on different data must not mix. Their size and CRC-32 go into the manifest and the hash.

#include <string>
#include <vector>

#include "optbench/config/run_plan.hpp"

namespace optbench {

/// Size and CRC-32 of a file's bytes (zlib's crc32, about 1 GB/s); throws Error naming it when
/// it cannot be read.
InputFile fingerprint_file(const std::string& path);

/// Fingerprints `files` into plan.inputs and the loaded plugin libraries into plan.plugins, and
/// folds both into plan.hash, so that resume and merge refuse a folder whose runs read other data
/// or ran other plugin code.
void fingerprint_inputs(RunPlan& plan, const std::vector<std::string>& files);

}  // namespace optbench
