package io.edgeweave.scenario;

/**
 * One convolution block of a CNN: a {@code kernel × kernel} convolution with {@code filters} outputs
 * (stride 1, same padding, the model's activation), then a {@code pool × pool} max pooling if pool > 1.
 */
public record ConvSpec(int filters, int kernel, int pool) {}
