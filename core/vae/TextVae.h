#pragma once
// Internal to core (includes LibTorch): the sentence VAE's modules (vae/VaeRun.h has the API).
#include <torch/torch.h>

#include <cstdint>
#include <vector>

namespace lathe {

class TextVaeImpl : public torch::nn::Module {
public:
    TextVaeImpl(int vocabulary, int embedding, int hidden, int latent);

    struct Posterior {
        torch::Tensor mean, logVariance;  // [B, latent]
    };
    // ids [B, T]: <bos> words <eos>, then <pad> (0). The encoder's state after the last real token.
    Posterior encode(const torch::Tensor& ids);
    // The decoder's logits [B, T, vocabulary] for `input` [B, T] (<bos> words ...), started from
    // and conditioned on z [B, latent].
    torch::Tensor decode(const torch::Tensor& z, const torch::Tensor& input);

    // The terms of the ELBO for ids [B, T], z = μ + σ·ε with ε drawn by `generator` (or the given
    // `noise` [B, latent], for tests), the decoder's input words dropped to <unk> with
    // probability `wordDropout`.
    struct Terms {
        torch::Tensor reconstruction;  // [B]: −log p(x|z), summed over the predicted tokens
        torch::Tensor klPerDimension;  // [B, latent]: KL(q(z_d|x) ‖ N(0, 1))
        Posterior posterior;
    };
    Terms terms(const torch::Tensor& ids, double wordDropout = 0, const torch::Tensor& noise = {});

    // −log p(x|z) for ids [B, T] and z [B, latent] (no dropout).
    torch::Tensor reconstruction(const torch::Tensor& ids, const torch::Tensor& z);
    // Greedy decoding from z [latent]: the word ids up to <eos> (excluded), at most maxLength − 2.
    std::vector<std::int64_t> greedy(const torch::Tensor& z, int maxLength);

    int latent;
    torch::nn::Embedding tokens{nullptr};
    torch::nn::LSTM encoder{nullptr}, decoder{nullptr};
    torch::nn::Linear toPosterior{nullptr}, latentToState{nullptr}, out{nullptr};
};
TORCH_MODULE(TextVae);

}  // namespace lathe
