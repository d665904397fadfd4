#pragma once

#include <map>
#include <memory>
#include <mutex>

#include "optbench/data/dataset.hpp"
#include "optbench/nn/mlp.hpp"
#include "optbench/optimizers/optimizer.hpp"
#include "optbench/run/experiment_kind.hpp"

namespace optbench {

/// The network a classification problem instance trains on `data` (its model: keys).
nn::MlpSpec mlp_spec(const ProblemInstance& problem, const Dataset& data);
/// The data set's parameters as load_dataset() takes them: a relative `path` is read from the
/// config file's folder (the runs.csv cell keeps the path as written).
Settings data_params(const ExperimentSpec& spec);
/// The precision train.dtype asks for (float64 where the key is absent).
Precision precision_of(const ProblemInstance& problem);
/// Throws Error at the optimizer's entry when a float32 problem meets an optimizer without a
/// float32 update (Newton's methods).
void check_float32_optimizers(const RunPlan& plan);
/// Throws Error at the optimizer's entry for a method that evaluates the function itself
/// (population and global strategies, L-BFGS): training steps take one minibatch gradient.
void check_gradient_optimizers(const RunPlan& plan);

/// `kind: classification`: an MLP (optionally with batch norm) trained by each optimizer on a
/// seeded stratified split of a data set; per-epoch train/test loss and accuracy (evaluation
/// mode) and sharpness in trace.csv, final and best accuracy, epochs and seconds to the target
/// accuracy in runs.csv.
class ClassificationExperiment final : public ExperimentKind {
 public:
  bool uses_optimizers() const override { return true; }
  /// A data: section; tune: selects on its validation part.
  void check_spec(const ExperimentSpec& spec) const override;
  void check(const RunPlan& plan) const override;
  std::vector<std::string> input_files(const RunPlan& plan) const override;
  std::vector<TableSpec> tables(const RunPlan& plan) const override;
  void run(const RunPlan& plan, const RunSpec& run, RunRecorder& out) const override;
  /// summary.csv and comparisons.csv from runs.csv.
  void finish(const std::string& dir) const override;
  /// Median final test accuracy, then median epochs to train.target_accuracy, then median final
  /// test loss; a problem is the data set, the model and train keys belong to the setting.
  std::optional<RankingRule> ranking_rule() const override;
  /// Loss against wall time from the training loss.
  ReportSections report_sections() const override {
    ReportSections sections;
    sections.training_curves = true;
    return sections;
  }

 private:
  /// The data set of a run (loaded once per sweep and data seed; runs share it read-only).
  std::shared_ptr<const Dataset> dataset(const RunPlan& plan, std::uint64_t seed) const;
  /// run() in the scalar type of train.dtype (double or float).
  template <typename Scalar>
  void run_as(const RunPlan& plan, const RunSpec& run, RunRecorder& out) const;

  mutable std::mutex mutex_;
  mutable std::map<std::string, std::shared_ptr<const Dataset>> cache_;
};

}  // namespace optbench
