/** Datasets in the data directory: found at start and on request, listed, served to agents with checksums. */
package io.easgd.backend.datasets;
