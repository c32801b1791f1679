#include "inspect/RunExamples.h"
#include "data/Split.h"
#include "data/TextDataset.h"

namespace lathe {

RunExamples loadRunSplit(const RunConfig& config, SplitPart part)
{
    const auto load = loadOptions(config.data, config.model.family);
    const auto ds = loadDataset(config.data.path, load);
    const auto split = splitDataset(ds, {config.data.validationFraction, config.data.testFraction, config.train.seed});
    // The training part is what the run trained on (--train-limit: only those examples).
    const auto train = limitedTraining(split.train, config.data.trainLimit, config.train.seed);
    const auto& indices = part == SplitPart::Train ? train : part == SplitPart::Validation ? split.validation : split.test;
    RunExamples out;
    out.classes = ds.classes;
    for (auto i : indices) {
        out.texts.push_back(ds.texts[i]);
        if (ds.labelled() && load.requireLabels)
            out.labels.push_back(ds.labels[i]);
        if (ds.paired())
            out.targets.push_back(ds.targets[i]);
    }
    return out;
}

}  // namespace lathe
