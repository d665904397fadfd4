#pragma once
// A learning-rate schedule as a config gives it (torch.optim.lr_scheduler's class and argument
// names), typed and checked once: the catalogue of names and arguments, the checked spec and its
// canonical text. lr_schedule.hpp runs one.

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "optbench/core/error.hpp"
#include "optbench/core/setting.hpp"

namespace optbench {

/// When a schedule steps: after every optimizer step, or after every epoch (classification; on a
/// test function every step is a full pass, so the two coincide there).
enum class ScheduleInterval { step, epoch };

/// "step" or "epoch".
const char* interval_name(ScheduleInterval interval);

/// A schedule as a config gives it, parsed once and typed: a torch class name with every
/// argument (defaults filled in), the members of SequentialLR and ChainedScheduler, and where it
/// was written, so that checks made later (against the optimizer, the run's length) can point
/// at the key.
struct ScheduleSpec {
  std::string name = "none";          ///< a name of schedule_names()
  Settings settings;                  ///< every key of schedule_params(name), torch's names
  std::vector<ScheduleSpec> members;  ///< `schedulers` of SequentialLR and ChainedScheduler
  ScheduleInterval interval = ScheduleInterval::step;  ///< used on the outermost schedule only

  SourceLocation where;  ///< of the schedule map (empty when built in code)
  std::string keypath;   ///< `optimizers[0].schedule`, `...schedulers[1]`
  std::vector<std::pair<std::string, SourceLocation>> written;  ///< each key the config wrote

  /// Where `key` was written, else where the map was.
  const SourceLocation& location_of(const std::string& key) const;
};

/// The schedule names: `none` (a fixed lr) and torch's class names, in documentation order.
const std::vector<std::string>& schedule_names();

/// Older and snake-case spellings of names, each with the name it stands for
/// (`cosine` -> `CosineAnnealingLR`).
const std::vector<std::pair<std::string, std::string>>& schedule_name_aliases();

/// Older spellings of keys: `t_max` for T_max; `warmup_steps` and `start_factor` put a LinearLR
/// warm-up in front (a SequentialLR) of none, StepLR, ExponentialLR and CosineAnnealingLR.
const std::vector<std::pair<std::string, std::string>>& schedule_key_aliases();

/// The canonical name of `name` or of its alias; "" when it is neither.
std::string canonical_schedule_name(const std::string& name);

/// The arguments a schedule of `name` takes, with defaults and ranges (not `schedulers`, the
/// member list of the two composite schedules, nor `interval`).
std::vector<ParamSpec> schedule_params(const std::string& name);

/// Arguments torch requires (no default): a spec without them is an error.
std::vector<std::string> required_schedule_params(const std::string& name);

/// Whether `name` holds member schedules (SequentialLR, ChainedScheduler).
bool is_composite_schedule(const std::string& name);

/// The default interval of `name`: epoch for ReduceLROnPlateau, step for the others.
ScheduleInterval default_interval(const std::string& name);

/// A checked spec from given settings (keys of schedule_params(name)) and members; throws
/// Error(key, message) for a missing required key, a bad member or a rule between keys.
ScheduleSpec make_schedule_spec(const std::string& name, const Settings& given,
                                std::vector<ScheduleSpec> members = {});

/// Canonical one-line text: the runs.csv cell and part of the plan hash, never read back
/// (`CosineAnnealingLR T_max=25 eta_min=0.001`,
/// `SequentialLR milestones=[5] (LinearLR ...; CosineAnnealingLR ...)`).
std::string to_text(const ScheduleSpec& spec);

/// The number of scheduler steps the schedule allows (torch's OneCycleLR raises past
/// total_steps), with the key that sets it; nullopt when unlimited.
struct StepLimit {
  std::int64_t steps = 0;
  const ScheduleSpec* spec = nullptr;  ///< the OneCycleLR that sets it
};
std::optional<StepLimit> schedule_step_limit(const ScheduleSpec& spec);

}  // namespace optbench
