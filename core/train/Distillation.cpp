#include "train/Distillation.h"
#include "kernels/Kernels.h"
#include "model/Seq2Seq.h"

namespace lathe {

namespace F = torch::nn::functional;

DistillationTerms distillationLoss(const torch::Tensor& student, const torch::Tensor& teacher,
                                   const torch::Tensor& targets, double alpha, double temperature,
                                   std::int64_t ignoreIndex)
{
    const auto classes = student.size(-1);
    const auto s = student.reshape({-1, classes});
    const auto t = teacher.reshape({-1, classes}).detach();
    const auto y = targets.reshape({-1});
    const auto keep = y.ne(ignoreIndex).to(s.dtype());
    const auto count = keep.sum().clamp_min(1.0);
    DistillationTerms out;
    out.ce = F::cross_entropy(s, y, F::CrossEntropyFuncOptions().ignore_index(ignoreIndex));
    const auto logP = torch::log_softmax(t / temperature, -1);
    const auto logQ = torch::log_softmax(s / temperature, -1);
    // Σ_c p_c (log p_c − log q_c) per row, then the mean over the rows that count.
    const auto perRow = (logP.exp() * (logP - logQ)).sum(-1);
    out.kl = (perRow * keep).sum() / count;
    // T² keeps the soft term's gradient on the scale of the hard one as T grows (Hinton et al.).
    out.loss = alpha * out.ce + (1.0 - alpha) * temperature * temperature * out.kl;
    return out;
}

DistillationTerms distillationBatchLoss(SequenceModelImpl& student, SequenceModelImpl& teacher, const torch::Tensor& ids,
                                        const torch::Tensor& labels, double alpha, double temperature,
                                        torch::Tensor* studentLogits)
{
    torch::Tensor input = ids, targets = labels;
    std::int64_t ignore = -100;
    // An encoder–decoder: both read the source and the target so far (teacher forcing); the soft
    // targets are the teacher's distributions over the next target token.
    if (student.isSequenceToSequence()) {
        const auto in = labels.slice(1, 0, labels.size(1) - 1);
        torch::Tensor teacherLogits;
        {
            torch::NoGradGuard noGrad;
            teacherLogits = kernels::upcastBf16(static_cast<Seq2SeqModelImpl&>(teacher).teacherForced(ids, in));
        }
        auto logits = kernels::upcastBf16(static_cast<Seq2SeqModelImpl&>(student).teacherForced(ids, in));
        if (studentLogits)
            *studentLogits = logits;
        return distillationLoss(logits, teacherLogits, labels.slice(1, 1), alpha, temperature, 0);
    }
    if (student.isLanguageModel()) {
        input = ids.slice(1, 0, ids.size(1) - 1);
        targets = ids.slice(1, 1);
        ignore = 0;  // <pad>
    }
    torch::Tensor teacherLogits;
    {
        torch::NoGradGuard noGrad;
        teacherLogits = kernels::upcastBf16(teacher.forward(input));
    }
    // Losses in fp32 whatever the matmul precision.
    auto logits = kernels::upcastBf16(student.forward(input));
    if (studentLogits)
        *studentLogits = logits;
    return distillationLoss(logits, teacherLogits, targets, alpha, temperature, ignore);
}

}  // namespace lathe
