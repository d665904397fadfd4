#include "optbench/run/plan_manifest.hpp"

namespace optbench {

Manifest make_manifest(const RunPlan& plan, int shard_index, int shard_count) {
  Manifest m = build_manifest();
  m.name = plan.spec.name;
  m.kind = plan.spec.kind;
  m.config_file = plan.spec.file;
  m.config_hash = plan.hash;
  m.config_text = plan.spec.source_text;
  m.runs = plan.run_count();
  m.shard_index = shard_index;
  m.shard_count = shard_count;
  m.inputs = plan.inputs;
  m.plugins = plan.plugins;
  return m;
}

}  // namespace optbench
