#pragma once
// Internal to core/train (includes LibTorch): the knowledge-distillation loss.
#include "model/Models.h"

namespace lathe {

struct DistillationTerms {
    torch::Tensor loss;  // α·ce + (1 − α)·T²·kl, what is minimized
    torch::Tensor ce;    // cross-entropy of the student against the labels
    torch::Tensor kl;    // KL(softmax(teacher/T) ‖ softmax(student/T)), mean per example or token
};

// Logits [N, C] (or [B, T, V], flattened) with integer targets; targets equal to
// `ignoreIndex` (padding of a language model) count in neither term.
DistillationTerms distillationLoss(const torch::Tensor& student, const torch::Tensor& teacher,
                                   const torch::Tensor& targets, double alpha, double temperature,
                                   std::int64_t ignoreIndex = -100);

// One batch as the trainer sees it: the student's logits with gradients, the teacher's
// without (in eval mode), next-token targets for language models as batchLoss makes them.
DistillationTerms distillationBatchLoss(SequenceModelImpl& student, SequenceModelImpl& teacher, const torch::Tensor& ids,
                                        const torch::Tensor& labels, double alpha, double temperature,
                                        torch::Tensor* studentLogits = nullptr);

}  // namespace lathe
